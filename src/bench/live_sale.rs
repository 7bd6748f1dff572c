//! The sale a benchmark run presses on: live from a second ago for 30 minutes, limit 1.

use crate::clock::{Clock, SystemClock};
use crate::domain::{
    Currency, Money, PerUserLimit, SaleDraft, SaleId, SaleWindow, Stock, Title, UserId,
};
use crate::store::Store;

/// Stores a live sale titled `title` with `stock` units, one per buyer; returns its id.
pub(crate) async fn live_sale(store: &Store, title: &str, stock: u32) -> anyhow::Result<SaleId> {
    let now = SystemClock.now();
    let draft = SaleDraft::new(
        Title::parse(title)?,
        vec!["bench".into()],
        Money::from_minor(100, Currency::Cny)?,
        Stock::parse(i64::from(stock))?,
        PerUserLimit::parse(1)?,
        SaleWindow::new(
            now - chrono::Duration::seconds(1),
            now + chrono::Duration::minutes(30),
        )?,
        UserId::parse(1)?,
    )?;
    Ok(store.create_sale(&draft, now).await?.id)
}
