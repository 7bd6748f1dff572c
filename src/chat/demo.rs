//! Demo sales for the local chat: one live, one starting in minutes, one sold out, one later.

use chrono::{DateTime, Duration, Utc};

use crate::app::{PurchaseResult, Purchases};
use crate::domain::{
    Currency, Money, PerUserLimit, Quantity, RequestId, SaleDraft, SaleWindow, Stock, Title, UserId,
};
use crate::store::Store;

/// The owner of demo sales; its presence among current sales means "already seeded".
pub const DEMO_OWNER: i64 = 1;

/// First id of the simulated buyers who empty the sold-out demo sale.
const DEMO_BUYERS_FROM: i64 = 2;

struct Demo {
    title: &'static str,
    keywords: &'static [&'static str],
    price_fen: i64,
    stock: u32,
    limit: u32,
    starts_in_min: i64,
    lasts_min: i64,
    sell_out: bool,
}

const DEMOS: [Demo; 4] = [
    Demo {
        title: "AirPods Pro 2 无线耳机",
        keywords: &["airpods", "earbuds", "耳机", "apple"],
        price_fen: 129_900,
        stock: 50,
        limit: 10,
        starts_in_min: -10,
        lasts_min: 180,
        sell_out: false,
    },
    Demo {
        title: "Nintendo Switch OLED 任天堂游戏机",
        keywords: &["switch", "nintendo", "任天堂", "游戏机"],
        price_fen: 199_900,
        stock: 20,
        limit: 1,
        starts_in_min: 5,
        lasts_min: 120,
        sell_out: false,
    },
    Demo {
        title: "飞天茅台 Moutai 500ml",
        keywords: &["moutai", "茅台", "白酒", "baijiu"],
        price_fen: 149_900,
        stock: 3,
        limit: 1,
        starts_in_min: -1,
        lasts_min: 180,
        sell_out: true,
    },
    Demo {
        title: "Kindle Paperwhite 电子书阅读器",
        keywords: &["kindle", "ereader", "阅读器", "电子书"],
        price_fen: 89_900,
        stock: 30,
        limit: 2,
        starts_in_min: 135,
        lasts_min: 240,
        sell_out: false,
    },
];

/// Creates the demo sales unless current ones exist; returns how many were created.
/// The sold-out one is emptied by demo buyers through the real purchase path.
pub async fn seed(
    store: &Store,
    purchases: &Purchases,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let owner = UserId::parse(DEMO_OWNER)?;
    if store
        .current_sales(now)
        .await?
        .iter()
        .any(|s| s.draft.owner == owner)
    {
        return Ok(0);
    }
    for demo in &DEMOS {
        let starts = now + Duration::minutes(demo.starts_in_min);
        let draft = SaleDraft::new(
            Title::parse(demo.title)?,
            demo.keywords.iter().map(|k| (*k).to_owned()).collect(),
            Money::from_minor(demo.price_fen, Currency::Cny)?,
            Stock::parse(i64::from(demo.stock))?,
            PerUserLimit::parse(i64::from(demo.limit))?,
            SaleWindow::new(starts, starts + Duration::minutes(demo.lasts_min))?,
            owner,
        )?;
        let sale = store.create_sale(&draft, now).await?;
        tracing::info!(sale = sale.id.get(), "demo sale created");
        if demo.sell_out {
            for n in 0..i64::from(demo.stock) {
                let buyer = UserId::parse(DEMO_BUYERS_FROM + n)?;
                let request = RequestId::parse(&format!("demo-{}-{n}", sale.id))?;
                let result = purchases
                    .buy(sale.id, buyer, Quantity::parse(1)?, &request)
                    .await;
                if !matches!(result, PurchaseResult::Won { .. }) {
                    tracing::warn!(sale = sale.id.get(), ?result, "demo buyer did not win");
                }
            }
        }
    }
    Ok(DEMOS.len())
}
