//! One audit entry told as a sentence in the reader's language: who did what to which sale
//! or user, with local times and prices instead of epoch milliseconds and raw JSON.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::{Map, Value};

use crate::app::browse::present::{local_time, price};
use crate::domain::{Currency, Money};
use crate::i18n::{Locale, Msg, Texts};
use crate::store::AuditEntry;

/// The audit line of `e`, rendered in `locale`.
pub(crate) fn describe(e: &AuditEntry, texts: &Texts, locale: Locale, tz: Tz) -> Msg {
    let before = object(e.before.as_deref());
    let after = object(e.after.as_deref());
    let id = e
        .subject
        .split_once(':')
        .map_or(e.subject.as_str(), |(_, id)| id)
        .to_owned();
    let num = |m: &Map<String, Value>, k: &str| m.get(k).and_then(Value::as_i64).unwrap_or(0);
    let what = match e.action.as_str() {
        "grant" | "revoke" | "block" | "unblock" | "create-sale" => Msg::new("audit-did")
            .arg("action", e.action.as_str())
            .arg("id", id),
        "cancel-sale" => Msg::new("audit-cancel-sale")
            .arg("id", id)
            .arg("orders", num(&after, "orders_cancelled"))
            .arg("refunded", num(&after, "refunded")),
        "restock" => Msg::new("audit-restock")
            .arg("id", id)
            .arg("before", num(&before, "stock"))
            .arg("after", num(&after, "stock")),
        "announce" => Msg::new("audit-announce").arg("id", id).arg(
            "mode",
            after.get("mode").and_then(Value::as_str).unwrap_or("free"),
        ),
        "link-chat" | "unlink-chat" => Msg::new(if e.action == "link-chat" {
            "audit-link-chat"
        } else {
            "audit-unlink-chat"
        })
        .arg("id", id),
        "chat-lang" => Msg::new("audit-chat-lang").arg("id", id).arg(
            "lang",
            after.get("locale").and_then(Value::as_str).unwrap_or("en"),
        ),
        "post-sale" => Msg::new("audit-post-sale")
            .arg("id", id)
            .arg("chat", num(&after, "chat")),
        "edit-sale" => {
            let changes = changes(&before, &after, texts, locale, tz);
            Msg::new("audit-edit-sale")
                .arg("id", id)
                .arg("changes", changes)
        }
        _ => Msg::new("audit-other")
            .arg("action", e.action.as_str())
            .arg("subject", e.subject.as_str()),
    };
    Msg::new("audit-line")
        .arg("time", local_time(e.at, tz))
        .arg("actor", e.actor.get())
        .arg("what", texts.render(locale, &what))
}

fn object(json: Option<&str>) -> Map<String, Value> {
    match json.and_then(|j| serde_json::from_str(j).ok()) {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// "price ¥88.00 → ¥99.00, start 12-01 20:00 UTC+08:00 → …", fields named in `locale`.
fn changes(
    before: &Map<String, Value>,
    after: &Map<String, Value>,
    texts: &Texts,
    locale: Locale,
    tz: Tz,
) -> String {
    let currency = |m: &Map<String, Value>| {
        m.get("currency")
            .and_then(Value::as_str)
            .and_then(|c| Currency::parse(c).ok())
    };
    let cur = currency(after)
        .or(currency(before))
        .unwrap_or(Currency::Cny);
    let show = |field: &str, v: Option<&Value>| -> String {
        match (field, v) {
            (_, None | Some(Value::Null)) => "—".into(),
            ("price_minor", Some(v)) => v
                .as_i64()
                .and_then(|m| Money::from_minor(m, cur).ok())
                .map_or_else(|| v.to_string(), price),
            ("start_ms", Some(v)) => v
                .as_i64()
                .and_then(DateTime::<Utc>::from_timestamp_millis)
                .map_or_else(|| v.to_string(), |at| local_time(at, tz)),
            ("duration_secs", Some(v)) => {
                let mins = v.as_i64().unwrap_or(0) / 60;
                texts.render(locale, &Msg::new("unit-minute").arg("n", mins))
            }
            (_, Some(Value::String(s))) => s.clone(),
            (_, Some(Value::Array(items))) => items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                .collect::<Vec<_>>()
                .join(", "),
            (_, Some(v)) => v.to_string(),
        }
    };
    after
        .keys()
        .filter(|k| k.as_str() != "currency" || !after.contains_key("price_minor"))
        .map(|k| {
            let msg = Msg::new("audit-change")
                .arg("field", k.as_str())
                .arg("before", show(k, before.get(k)))
                .arg("after", show(k, after.get(k)));
            texts.render(locale, &msg)
        })
        .collect::<Vec<_>>()
        .join(if locale == Locale::ZhCn { "；" } else { "; " })
}
