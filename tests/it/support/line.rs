//! A shop with a waitlist: the real purchase path, the assistant customers press buttons in,
//! the expiry and waitlist workers, and a gate that notes every release it lets through.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::Duration;
use flashsale::app::jobs::expiry::ExpiryWorker;
use flashsale::app::jobs::waitlist_offers::{CLAIM_WINDOW, WaitlistWorker};
use flashsale::app::{Assistant, ChatId, Content, Inbound, Purchases, Reply, Services};
use flashsale::clock::Clock;
use flashsale::domain::{Offer, OfferState, RequestId};
use flashsale::i18n::Texts;
use flashsale::limits::{Limits, LimitsConfig};
use flashsale::stock::{GateError, GateTap, ReleaseOutcome, StockGate, Tapped};

use super::app::{GateKind, Shop};
use super::db::DbGuard;
use super::{req, user};
use flashsale::store::Store;

/// Counts how often the real gate released each request id.
#[derive(Default)]
pub struct Releases {
    pub counts: Mutex<HashMap<RequestId, u32>>,
}

impl GateTap for Releases {
    fn released(&self, request: &RequestId, outcome: &Result<ReleaseOutcome, GateError>) {
        if let Ok(ReleaseOutcome::Released { .. }) = outcome {
            let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
            *counts.entry(request.clone()).or_default() += 1;
        }
    }
}

/// Everything a waitlist test touches.
pub struct Line {
    pub shop: Shop,
    pub releases: Arc<Tapped<Releases>>,
    pub purchases: Purchases,
    pub assistant: Arc<Assistant>,
    pub expiry: ExpiryWorker,
    pub waitlist: WaitlistWorker,
}

impl Line {
    /// One live sale of `stock` units, `limit` per person, pay window 10 minutes.
    pub async fn open(kind: GateKind, db: (Store, DbGuard), stock: u32, limit: u32) -> Self {
        let shop = Shop::open(kind, db, stock, limit).await;
        let releases = Arc::new(Tapped::new(shop.gate.clone(), Releases::default()));
        let gate: Arc<dyn StockGate> = releases.clone();
        let clock = shop.clock.clone() as Arc<dyn Clock>;
        let purchases = Purchases::new(
            gate.clone(),
            shop.purchases.writer().clone(),
            shop.store.clone(),
            clock.clone(),
            shop.purchases.pay_window(),
        );
        let texts = Arc::new(Texts::load());
        let limits = LimitsConfig {
            enabled: false,
            ..LimitsConfig::default()
        };
        let assistant = Arc::new(
            Services::new(
                shop.store.clone(),
                purchases.clone(),
                clock.clone(),
                texts.clone(),
                chrono_tz::Asia::Shanghai,
                Arc::new(Limits::new(&limits)),
            )
            .assistant(),
        );
        let expiry = ExpiryWorker::new(
            shop.store.clone(),
            gate.clone(),
            clock.clone(),
            texts.clone(),
        );
        let waitlist = WaitlistWorker::new(shop.store.clone(), gate, clock, texts, CLAIM_WINDOW);
        Self {
            shop,
            releases,
            purchases,
            assistant,
            expiry,
            waitlist,
        }
    }

    /// User `u` presses a button carrying `payload`; `request` is the callback id.
    pub async fn press(&self, u: i64, payload: &str, request: &str) -> Vec<Reply> {
        self.assistant
            .handle(Inbound {
                chat: ChatId(u),
                user: user(u),
                language_code: Some("en".into()),
                content: Content::Button(payload.to_owned()),
                request: req(request),
            })
            .await
    }

    /// User `u` types `text`, their client set to language `lang` ("en", "zh-CN").
    pub async fn say(&self, u: i64, text: &str, lang: &str, request: &str) -> Vec<Reply> {
        self.assistant
            .handle(Inbound {
                chat: ChatId(u),
                user: user(u),
                language_code: Some(lang.into()),
                content: Content::Text(text.to_owned()),
                request: req(request),
            })
            .await
    }

    /// The open offer of user `u`, if any.
    pub async fn open_offer(&self, u: i64) -> Option<Offer> {
        self.open_offers()
            .await
            .into_iter()
            .find(|o| o.user == user(u))
    }

    /// Every open offer of the sale.
    pub async fn open_offers(&self) -> Vec<Offer> {
        self.shop
            .store
            .offers_of_sale(self.shop.sale.id, &[OfferState::Offered])
            .await
            .expect("offers")
    }

    /// Moves the clock past the pay window of orders made now.
    pub fn after_pay_window(&self) {
        self.shop.clock.advance(Duration::minutes(11));
    }
}

/// Whether any reply has a button whose payload is `payload`.
pub fn has_button(replies: &[Reply], payload: &str) -> bool {
    replies
        .iter()
        .any(|r| r.buttons.iter().any(|b| b.payload == payload))
}

/// All reply texts joined.
pub fn text(replies: &[Reply]) -> String {
    replies
        .iter()
        .map(|r| r.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}
