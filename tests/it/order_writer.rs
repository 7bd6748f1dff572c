//! The order writer: batches under load, commits before answering, drains on shutdown.

use std::sync::atomic::Ordering;

use chrono::Duration;
use flashsale::domain::Quantity;
use flashsale::orders::{OrderWriter, WriterConfig};
use flashsale::store::{InsertOutcome, NewOrder};

use crate::support::db::{fresh_postgres, fresh_sqlite};
use crate::support::{draft, req, t0, user};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_orders_are_written_in_batches_and_each_is_committed_before_its_answer() {
    let (store, _db) = fresh_postgres("writer").await;
    let sale = store
        .create_sale(&draft(5_000, 1), t0())
        .await
        .expect("sale");
    let config = WriterConfig {
        max_in_flight: 1,
        ..WriterConfig::default()
    };
    let (writer, task) = OrderWriter::spawn(store.clone(), config);
    let mut jobs = Vec::new();
    for u in 1..=2_000i64 {
        let (w, s) = (writer.clone(), store.clone());
        jobs.push(tokio::spawn(async move {
            let order = NewOrder {
                sale: sale.id,
                buyer: user(u),
                quantity: Quantity::parse(1).expect("qty"),
                request: req(&format!("w{u}")),
                created_at: t0(),
                pay_deadline: t0() + Duration::minutes(10),
                source: None,
                token: None,
            };
            let InsertOutcome::Inserted(id) = w.write(order).await.expect("stored") else {
                panic!("fresh request id reported as already stored");
            };
            // The answer came after the commit: another connection sees the row.
            assert!(s.order(id).await.expect("read").is_some());
        }));
    }
    for j in jobs {
        j.await.expect("job");
    }
    let largest = writer.stats().largest_batch.load(Ordering::Relaxed);
    let batches = writer.stats().batches.load(Ordering::Relaxed);
    assert!(largest > 1, "orders arriving together share a statement");
    assert!(batches < 2_000);
    drop(writer);
    task.await.expect("writer ends when its handles are gone");
    assert_eq!(
        store.sale_counts(sale.id).await.expect("counts").orders,
        2_000
    );
}

#[tokio::test]
async fn a_stopped_database_fails_the_write_instead_of_pretending() {
    let (store, _db) = fresh_sqlite().await;
    let sale = store.create_sale(&draft(5, 1), t0()).await.expect("sale");
    let (writer, _task) = OrderWriter::spawn(store.clone(), WriterConfig::default());
    store.close().await;
    let order = NewOrder {
        sale: sale.id,
        buyer: user(1),
        quantity: Quantity::parse(1).expect("qty"),
        request: req("down"),
        created_at: t0(),
        pay_deadline: t0() + Duration::minutes(10),
        source: None,
        token: None,
    };
    assert!(writer.write(order).await.is_err());
}
