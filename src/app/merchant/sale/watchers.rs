//! When a sale is created, shoppers who asked to be told about its product (a keyword
//! watch) get its card through the outbox, once each.

use chrono::{DateTime, Utc};

use crate::app::browse::catalog::{catalog_entry, view_of};
use crate::app::merchant::Merchant;
use crate::app::turn::answer::Answer;
use crate::delivery::OutboxBody;
use crate::domain::Sale;
use crate::i18n::{Locale, Msg};
use crate::nlu::IntentParser;

impl Merchant {
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
                    .merge(crate::app::browse::card::sale_card(&view, now, self.tz));
            let reply = answer.render(&self.texts, locale);
            let body = OutboxBody {
                text: reply.text,
                buttons: reply
                    .buttons
                    .into_iter()
                    .map(|b| vec![(b.label, b.payload)])
                    .collect(),
                lang: Some(locale.tag().to_owned()),
            };
            let key = format!("watch:{}:{}", watch.id, sale.id);
            match body.queue(&self.store, watch.user.get(), &key, now).await {
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
