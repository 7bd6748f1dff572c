//! `/restock <sale> <n>` on real stores and gates (SQLite with the embedded gate, PostgreSQL
//! with Redis): units land in the store and the gate, the waitlist is offered them, the
//! change is audited, and every bad request is refused politely with nothing changed.

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::Duration;
use flashsale::app::{ChatId, Content, Inbound, Reply};
use flashsale::clock::Clock;
use flashsale::store::Role;

use crate::support::app::GateKind;
use crate::support::db::{fresh_postgres, fresh_sqlite};
use crate::support::line::{Line, text};
use crate::support::{req, user};

/// The sale's owner (see `support::draft`), a merchant here.
const OWNER: i64 = 1;
const OTHER_MERCHANT: i64 = 2;
const CUSTOMER: i64 = 3;

static NEXT: AtomicU64 = AtomicU64::new(1);

async fn typed(line: &Line, u: i64, words: &str) -> Vec<Reply> {
    line.assistant
        .handle(Inbound {
            chat: ChatId(u),
            user: user(u),
            language_code: Some("en".into()),
            content: Content::Text(words.to_owned()),
            request: req(&format!("t{u}-{}", NEXT.fetch_add(1, Ordering::Relaxed))),
        })
        .await
}

async fn open(kind: GateKind, postgres: bool) -> Line {
    let db = if postgres {
        fresh_postgres("restock").await
    } else {
        fresh_sqlite().await
    };
    let line = Line::open(kind, db, 2, 1).await;
    let now = line.shop.clock.now();
    for (u, role) in [(OWNER, Role::Merchant), (OTHER_MERCHANT, Role::Merchant)] {
        line.shop
            .store
            .put_role(user(u), role, now)
            .await
            .expect("role");
    }
    line
}

/// (stock in the store, stock in the gate, remaining in the gate)
async fn stock(line: &Line) -> (u32, u32, u32) {
    let id = line.shop.sale.id;
    let counts = line.shop.store.sale_counts(id).await.expect("counts");
    let snap = line
        .shop
        .gate
        .snapshot(id)
        .await
        .expect("gate")
        .expect("loaded");
    (counts.stock, snap.stock, snap.remaining)
}

async fn restock_sells_out_then_offers_the_new_units_and_audits(line: Line) {
    let sale = line.shop.sale.id;
    for u in [10, 11] {
        line.press(u, &format!("buy:{sale}:1"), &format!("b{u}"))
            .await;
    }
    assert_eq!(stock(&line).await, (2, 2, 0), "sold out");
    line.press(12, &format!("wl:{sale}"), "join").await;

    let said = text(&typed(&line, OWNER, &format!("/restock {sale} 3")).await);
    assert!(
        said.contains("Added 3 units") && said.contains("now 5"),
        "{said}"
    );
    assert!(said.contains("waitlist"), "{said}");
    assert_eq!(stock(&line).await, (5, 5, 3));

    // The waitlist worker's next pass offers one of the new units to the person waiting.
    let report = line.waitlist.step().await.expect("waitlist pass");
    assert_eq!(report.offered, 1);
    assert!(
        line.open_offer(12).await.is_some(),
        "the waiting customer got an offer"
    );
    assert_eq!(stock(&line).await, (5, 5, 2));
    // Anyone else can buy what is left, and no more.
    for u in [20, 21, 22] {
        line.press(u, &format!("buy:{sale}:1"), &format!("b{u}"))
            .await;
    }
    let counts = line.shop.store.sale_counts(sale).await.expect("counts");
    assert_eq!(
        counts.live_units, 4,
        "two old orders and two new; one unit held for the offer"
    );
    assert_eq!(stock(&line).await, (5, 5, 0));

    let audit = line.shop.store.recent_audit(5).await.expect("audit");
    let entry = audit
        .iter()
        .find(|e| e.action == "restock")
        .expect("audited");
    assert_eq!(entry.actor, user(OWNER));
    assert_eq!(entry.subject, format!("sale:{sale}"));
    assert_eq!(entry.before.as_deref(), Some(r#"{"stock":2}"#));
    let after: serde_json::Value =
        serde_json::from_str(entry.after.as_deref().expect("after")).expect("json");
    assert_eq!(
        (after["stock"].as_u64(), after["added"].as_u64()),
        (Some(5), Some(3))
    );
}

async fn bad_restocks_are_refused_politely_and_change_nothing(line: Line) {
    let sale = line.shop.sale.id;
    for (who, words, expect) in [
        (OWNER, "/restock".to_owned(), "Use /restock"),
        (OWNER, format!("/restock {sale}"), "Use /restock"),
        (
            OWNER,
            format!("/restock {sale} 0"),
            "whole number from 1 to 1000000",
        ),
        (OWNER, format!("/restock {sale} -3"), "whole number from 1"),
        (
            OWNER,
            format!("/restock {sale} lots"),
            "whole number from 1",
        ),
        (
            OWNER,
            format!("/restock {sale} 1000001"),
            "whole number from 1",
        ),
        (OWNER, format!("/restock {sale} 5 6"), "Use /restock"),
        (OWNER, "/restock 99999 5".to_owned(), "99999"),
        (
            OTHER_MERCHANT,
            format!("/restock {sale} 5"),
            "another merchant",
        ),
        (CUSTOMER, format!("/restock {sale} 5"), "merchants"),
    ] {
        let said = text(&typed(&line, who, &words).await);
        assert!(said.contains(expect), "{words} by {who}: {said}");
    }
    assert_eq!(stock(&line).await, (2, 2, 2), "nothing changed");

    // Never past the cap of 10,000,000 units in all.
    for _ in 0..9 {
        typed(&line, OWNER, &format!("/restock {sale} 1000000")).await;
    }
    assert_eq!(stock(&line).await, (9_000_002, 9_000_002, 9_000_002));
    let said = text(&typed(&line, OWNER, &format!("/restock {sale} 1000000")).await);
    assert!(said.contains("above 10000000"), "{said}");
    assert_eq!(stock(&line).await.0, 9_000_002);

    // Ended, then cancelled: refused.
    line.shop.clock.advance(Duration::hours(2));
    let said = text(&typed(&line, OWNER, &format!("/restock {sale} 1")).await);
    assert!(said.contains("is over"), "{said}");
    let now = line.shop.clock.now();
    line.shop
        .store
        .cancel_sale(sale, now)
        .await
        .expect("cancel");
    let said = text(&typed(&line, OWNER, &format!("/restock {sale} 1")).await);
    assert!(said.contains("cancelled"), "{said}");
    let audits = line.shop.store.recent_audit(15).await.expect("audit");
    assert_eq!(audits.iter().filter(|e| e.action == "restock").count(), 9);
}

#[tokio::test]
async fn restock_on_sqlite_and_the_embedded_gate_adds_units_offers_the_waitlist_and_audits() {
    restock_sells_out_then_offers_the_new_units_and_audits(open(GateKind::Embedded, false).await)
        .await;
}

#[tokio::test]
async fn restock_on_postgres_and_redis_adds_units_offers_the_waitlist_and_audits() {
    restock_sells_out_then_offers_the_new_units_and_audits(open(GateKind::Redis, true).await).await;
}

#[tokio::test]
async fn bad_restocks_on_sqlite_are_refused_politely_and_change_nothing() {
    bad_restocks_are_refused_politely_and_change_nothing(open(GateKind::Embedded, false).await)
        .await;
}

#[tokio::test]
async fn bad_restocks_on_postgres_and_redis_are_refused_politely_and_change_nothing() {
    bad_restocks_are_refused_politely_and_change_nothing(open(GateKind::Redis, true).await).await;
}

#[tokio::test]
async fn a_crash_between_the_store_and_the_gate_undersells_until_reconcile_repairs_it() {
    for kind in [GateKind::Embedded, GateKind::Redis] {
        let line = open(kind, kind == GateKind::Redis).await;
        let sale = line.shop.sale.id;
        let now = line.shop.clock.now();
        // The store's write happened; the process died before the gate was raised.
        let r = line
            .shop
            .store
            .restock_sale(sale, 4, now)
            .await
            .expect("restock");
        assert_eq!(r.map(|r| (r.before, r.after)), Some((2, 6)));
        assert_eq!(
            stock(&line).await,
            (6, 2, 2),
            "the gate lags: undersells, never oversells"
        );
        let gate = line.shop.gate.clone();
        let drift = flashsale::orders::reconcile(&line.shop.store, gate.as_ref(), now, true)
            .await
            .expect("reconcile");
        assert!(drift.iter().any(|d| d.drifted()), "the drift is reported");
        assert_eq!(stock(&line).await, (6, 6, 6), "and repaired from the store");
        // Raising the repaired gate to the same total again adds nothing.
        let again = gate.raise_stock(sale, 6).await.expect("gate");
        assert!(matches!(
            again,
            flashsale::stock::RestockOutcome::Unchanged { .. }
        ));
    }
}
