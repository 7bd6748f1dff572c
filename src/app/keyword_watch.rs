//! "Tell me when there is an iPhone sale": a shopper who asked for a product with no sale
//! accepts the offered watch; when a merchant creates a sale matching its keyword, the
//! sale's card is queued to them through the outbox (durable, sent once).

use chrono::{DateTime, Utc};

use super::answer::Answer;
use super::assistant::{Assistant, Turn};
use super::catalog::{catalog_entry, view_of};
use crate::domain::Sale;
use crate::i18n::{Locale, Msg};
use crate::nlu::IntentParser;
use crate::telegram::outbox::OutboxBody;

/// The id of one offered keyword watch, as its button carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WatchId(pub(crate) i64);

impl WatchId {
    /// The number stored and put on the button.
    pub fn get(self) -> i64 {
        self.0
    }

    /// Reads a button's id back (positive numbers only).
    pub fn parse(raw: &str) -> Option<Self> {
        raw.parse::<i64>().ok().filter(|n| *n > 0).map(WatchId)
    }
}

impl Assistant {
    /// Offers a watch on `keyword` to the customer; `None` when it could not be stored
    /// (logged), so no button promises what cannot be kept.
    pub(crate) async fn offer_watch(&self, turn: &Turn, keyword: &str) -> Option<WatchId> {
        let keyword: String = keyword.chars().take(60).collect();
        match self
            .store
            .offer_watch(turn.user, &keyword, turn.locale.code(), turn.now)
            .await
        {
            Ok(id) => Some(WatchId(id)),
            Err(e) => {
                tracing::warn!(user = turn.user.get(), error = %e, "keyword watch not offered");
                None
            }
        }
    }

    /// The Notify-me button of a no-such-sale answer.
    pub(crate) async fn accept_watch(&self, turn: &Turn, watch: WatchId) -> Answer {
        match self.store.accept_watch(watch.get(), turn.user).await {
            Ok(Some(keyword)) => {
                tracing::info!(
                    user = turn.user.get(),
                    watch = watch.get(),
                    "keyword watch on"
                );
                Answer::new(Msg::new("watch-on").arg("keyword", keyword))
                    .button(Msg::new("button-list"), super::action::Action::List)
            }
            Ok(None) => Answer::new(Msg::new("watch-gone")).with_way_out(),
            Err(e) => {
                tracing::error!(user = turn.user.get(), error = %e, "keyword watch not stored");
                Answer::new(Msg::new("error-try-again"))
            }
        }
    }

    /// Queues the card of a new sale to every watcher whose keyword it matches; returns
    /// how many were told. A failure is logged: the sale stands either way.
    pub(crate) async fn tell_watchers(&self, sale: &Sale, now: DateTime<Utc>) -> u32 {
        let watches = match self.store.active_watches().await {
            Ok(w) => w,
            Err(e) => {
                tracing::error!(sale = sale.id.get(), error = %e, "keyword watches not read");
                return 0;
            }
        };
        if watches.is_empty() {
            return 0;
        }
        let parser = IntentParser::new(vec![catalog_entry(sale)]);
        let view = match view_of(&self.store, sale.clone(), now).await {
            Ok(v) => v,
            Err(e) => {
                tracing::error!(sale = sale.id.get(), error = %e, "sale not read for watchers");
                return 0;
            }
        };
        let mut told = 0;
        for watch in watches {
            if parser.parse(&watch.keyword).candidates.is_empty() {
                continue;
            }
            let locale = Locale::from_code(Some(&watch.locale));
            let answer =
                Answer::new(Msg::new("watch-found").arg("keyword", watch.keyword.as_str()))
                    .merge(super::card::sale_card(&view, now, self.tz));
            let reply = answer.render(&self.texts, locale);
            let body = OutboxBody {
                text: reply.text,
                buttons: reply
                    .buttons
                    .into_iter()
                    .map(|b| vec![(b.label, b.payload)])
                    .collect(),
            };
            let key = format!("watch:{}:{}", watch.id, sale.id);
            let queued = match serde_json::to_string(&body) {
                Ok(json) => self
                    .store
                    .enqueue_message(watch.user.get(), &key, None, &json, now, now)
                    .await
                    .map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            match queued {
                Ok(_) => {
                    if let Err(e) = self.store.watch_told(watch.id, sale.id).await {
                        tracing::warn!(watch = watch.id, error = %e, "watch not marked told");
                    }
                    told += 1;
                }
                Err(e) => tracing::error!(watch = watch.id, error = %e, "watch notice not queued"),
            }
        }
        tracing::info!(
            sale = sale.id.get(),
            told,
            "keyword watchers told of a new sale"
        );
        told
    }
}
