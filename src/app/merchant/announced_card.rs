//! An announced card fitted to its recipient when it is sent: the card is rendered once per
//! language when the announcement is queued (one INSERT for any audience), and a card with
//! Buy buttons is trimmed at send time to what that recipient may still buy: Buy buttons
//! above their room go, a line says what they hold, and at their limit "My orders" takes the
//! Buy buttons' place. Only cards with Buy buttons cost reads: the recipient's holding (one
//! indexed point read), and the sale's limit only for a recipient who holds some; they happen
//! before the send slot is taken.

use serde::{Deserialize, Serialize};

use crate::app::browse::holding::Holding;
use crate::app::turn::action::Action;
use crate::delivery::OutboxBody;
use crate::domain::{SaleId, UserId};
use crate::i18n::{Locale, Msg, Texts};
use crate::store::{OutboxItem, Store, StoreError};

/// Which sale an announced body shows, and in which language it was rendered (stored beside
/// the body's fields).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncedRef {
    /// The sale on the card.
    pub sale: i64,
    /// The language code the stored body is in.
    pub locale: String,
}

/// The announced reference read from an outbox body's JSON (other bodies lack it).
#[derive(Debug, Default, Deserialize)]
struct Announced {
    #[serde(default)]
    announced: Option<AnnouncedRef>,
}

/// The body to send for a claimed outbox item: an announced card's Buy buttons are fitted to
/// its recipient; any other body (or a store error, logged) goes as queued.
pub async fn body_to_send(
    store: &Store,
    texts: &Texts,
    item: &OutboxItem,
    stored: OutboxBody,
) -> OutboxBody {
    if !item.body.contains("\"announced\"") {
        return stored;
    }
    let Some(announced) = serde_json::from_str::<Announced>(&item.body)
        .ok()
        .and_then(|a| a.announced)
    else {
        return stored;
    };
    match fit(store, texts, item.chat_id, &announced, &stored).await {
        Ok(Some(body)) => body,
        Ok(None) => stored,
        Err(e) => {
            tracing::warn!(chat = item.chat_id, sale = announced.sale, error = %e, "announced card sent as queued");
            stored
        }
    }
}

/// The quantity of a Buy button of `sale`, if `payload` is one.
fn buy_qty(payload: &str, sale: SaleId) -> Option<u32> {
    match Action::parse(payload)? {
        Action::Buy(s, qty) if s == sale => Some(qty),
        _ => None,
    }
}

/// The card fitted to `chat`; `None` when nothing changes (no Buy buttons, nothing held).
async fn fit(
    store: &Store,
    texts: &Texts,
    chat: i64,
    announced: &AnnouncedRef,
    stored: &OutboxBody,
) -> Result<Option<OutboxBody>, StoreError> {
    let (Ok(sale), Ok(user)) = (SaleId::parse(announced.sale), UserId::parse(chat)) else {
        return Ok(None);
    };
    let has_buy = stored
        .buttons
        .iter()
        .flatten()
        .any(|(_, p)| buy_qty(p, sale).is_some());
    if !has_buy {
        return Ok(None);
    }
    // Most of an audience holds nothing: one read tells, and the sale is read only for those
    // who hold some.
    let orders = store.holding_orders(user, sale).await?;
    let holding = Holding {
        units: orders.iter().map(|o| o.quantity.get()).sum(),
        orders: orders.iter().map(|o| o.id).collect(),
    };
    if holding.units == 0 {
        return Ok(None);
    }
    let Some(found) = store.sale(sale).await? else {
        return Ok(None);
    };
    let limit = found.draft.per_user_limit.get();
    let more = limit.saturating_sub(holding.units);
    let locale = Locale::from_code(Some(announced.locale.as_str()));
    Ok(Some(fitted(
        texts, locale, stored, sale, &holding, limit, more,
    )))
}

/// `stored` for someone holding `holding` with `more` units left to buy under `limit`.
fn fitted(
    texts: &Texts,
    locale: Locale,
    stored: &OutboxBody,
    sale: SaleId,
    holding: &Holding,
    limit: u32,
    more: u32,
) -> OutboxBody {
    let held = holding.held_line(limit);
    let text = format!("{}\n{}", stored.text, texts.render(locale, &held));
    let buttons = stored
        .buttons
        .iter()
        .map(|row| {
            let mut kept = Vec::with_capacity(row.len() + 1);
            for (label, payload) in row {
                match buy_qty(payload, sale) {
                    Some(qty) if qty > more => {}
                    _ => kept.push((label.clone(), payload.clone())),
                }
            }
            let had_buy = row.iter().any(|(_, p)| buy_qty(p, sale).is_some());
            let has_buy = kept.iter().any(|(_, p)| buy_qty(p, sale).is_some());
            if had_buy && !has_buy {
                let orders = texts.render(locale, &Msg::new("button-orders"));
                kept.insert(0, (orders, Action::Orders.payload()));
            }
            kept
        })
        .collect();
    OutboxBody {
        text,
        buttons,
        lang: Some(locale.tag().to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::OrderId;

    fn card(sale: SaleId) -> OutboxBody {
        OutboxBody {
            text: "Lamp".into(),
            buttons: vec![vec![
                ("Buy 1".into(), Action::Buy(sale, 1).payload()),
                ("Buy 2".into(), Action::Buy(sale, 2).payload()),
                ("Refresh".into(), Action::Refresh(sale).payload()),
            ]],
            lang: None,
        }
    }

    fn holding(units: u32) -> Holding {
        Holding {
            units,
            orders: vec![OrderId::parse(9).expect("order")],
        }
    }

    fn payloads(body: &OutboxBody) -> Vec<String> {
        body.buttons
            .iter()
            .flatten()
            .map(|(_, p)| p.clone())
            .collect()
    }

    #[test]
    fn a_recipient_with_room_for_one_is_offered_buy_one_only() {
        let texts = Texts::load();
        let sale = SaleId::parse(4).expect("sale");
        let body = fitted(&texts, Locale::ZhCn, &card(sale), sale, &holding(1), 2, 1);
        assert_eq!(payloads(&body), ["buy:4:1", "ref:4"]);
        assert!(body.text.contains("还可以再买 1 件"), "{}", body.text);
    }

    #[test]
    fn a_recipient_at_their_limit_gets_their_orders_instead_of_buy() {
        let texts = Texts::load();
        let sale = SaleId::parse(4).expect("sale");
        let body = fitted(&texts, Locale::En, &card(sale), sale, &holding(2), 2, 0);
        assert_eq!(payloads(&body), ["orders", "ref:4"]);
        assert!(body.text.contains("You hold the maximum"), "{}", body.text);
        assert!(body.text.contains("#9"), "{}", body.text);
    }
}
