//! Payment updates for the fake Bot API: a buyer's pre-checkout query and the message
//! reporting their successful Stars payment, as Telegram would send them.

use serde_json::{Value, json};

use super::FakeBotApi;

fn buyer(user: i64, lang: &str) -> Value {
    json!({"id": user, "is_bot": false, "first_name": "Buyer", "language_code": lang})
}

impl FakeBotApi {
    /// A pre-checkout query from `user` for an invoice with `payload`; returns its update id.
    pub fn pre_checkout(
        &self,
        user: i64,
        query_id: &str,
        currency: &str,
        amount: u32,
        payload: &str,
    ) -> i64 {
        self.push_update(json!({"pre_checkout_query": {
            "id": query_id, "from": buyer(user, "en"),
            "currency": currency, "total_amount": amount, "invoice_payload": payload}}))
    }

    /// The service message telling the bot that `user` paid; `charge` is Telegram's charge id.
    pub fn successful_payment(
        &self,
        user: i64,
        currency: &str,
        amount: u32,
        payload: &str,
        charge: &str,
    ) -> i64 {
        self.push_update(json!({"message": {
            "message_id": 1, "date": chrono::Utc::now().timestamp(),
            "chat": {"id": user, "type": "private", "first_name": "Buyer"},
            "from": buyer(user, "en"),
            "successful_payment": {
                "currency": currency, "total_amount": amount, "invoice_payload": payload,
                "telegram_payment_charge_id": charge, "provider_payment_charge_id": ""}}}))
    }
}
