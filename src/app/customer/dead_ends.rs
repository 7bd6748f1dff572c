//! Messages that used to end in "didn't get that": an everyday question (payment,
//! shipping, …) answered with the merchant's words; a sale that just ended named by its
//! product; a product with no sale, answered with what there is and an offer to be told.

use chrono::Duration;

use crate::app::assistant::Turn;
use crate::app::browse::catalog::{Catalog, catalog_entry};
use crate::app::browse::present::local_time;
use crate::app::customer::Customer;
use crate::app::turn::action::Action;
use crate::app::turn::answer::Answer;
use crate::app::turn::context::Context;
use crate::domain::{Sale, SaleId, Span};
use crate::i18n::Msg;
use crate::nlu::{CatalogEntry, Intent, IntentParser, Parsed, SpeechAct, question_topic};

/// How long after its end a sale is still recognised by name.
const ENDED_LATELY: Duration = Duration::days(7);

/// Whether `text` reads as a question or request about `product` once the parser is told
/// it is one: "buy a mug" does, "what's the weather" and "thanks" do not.
fn names_a_product(text: &str, product: &str) -> bool {
    let probe = IntentParser::new(vec![CatalogEntry {
        id: "0".into(),
        title: product.to_owned(),
        keywords: vec![product.to_owned()],
    }]);
    let parsed = probe.parse(text);
    matches!(
        parsed.intent,
        Intent::Info | Intent::Countdown | Intent::Buy | Intent::Remind
    ) && !parsed.candidates.is_empty()
}

/// Most current sales offered as buttons under "no such sale".
const OFFERED: usize = 4;

impl Customer {
    /// The answer for a message the usual paths would leave at a dead end, if it is one.
    pub(crate) async fn dead_end(
        &self,
        turn: &Turn,
        catalog: &Catalog,
        text: &str,
        parsed: &Parsed,
        ctx: &mut Context,
    ) -> Option<Answer> {
        let buying = parsed.intent == Intent::Buy && parsed.act == SpeechAct::Request;
        if !buying && let Some(topic) = question_topic(text) {
            let sale = parsed
                .sale
                .as_deref()
                .and_then(|s| s.parse::<i64>().ok())
                .and_then(|n| SaleId::parse(n).ok())
                .or_else(|| ctx.last_sale());
            let sale = match sale {
                Some(id) => match self.browse.sale_for_buying(id).await {
                    Ok(found) => found.ok(),
                    Err(failure) => {
                        // The shop-wide answer still helps; the failure is logged.
                        failure.log();
                        None
                    }
                },
                None => None,
            };
            return Some(self.browse.answer_topic(turn, topic, sale).await);
        }
        let about_a_product = matches!(
            parsed.intent,
            Intent::Info | Intent::Countdown | Intent::Buy | Intent::Remind
        );
        let maybe = about_a_product || matches!(parsed.intent, Intent::Unknown | Intent::List);
        if !maybe || !parsed.candidates.is_empty() {
            return None;
        }
        if let Some(ended) = self.ended_named(turn, text).await {
            ctx.set_last_sale(ended.id);
            let end = ended.draft.window.ends_at();
            return Some(
                Answer::new(
                    Msg::new("dead-end-ended")
                        .arg("title", ended.draft.title.as_str())
                        .arg("span", Span::until(end, turn.now))
                        .arg("time", local_time(end, self.tz)),
                )
                .merge(self.what_there_is(catalog)),
            );
        }
        let product = catalog.parser.unnamed_product(text)?;
        if !about_a_product && !names_a_product(text, &product) {
            return None;
        }
        // The watch offer first, so "On sale now or soon:" sits right above those sales.
        let mut answer = Answer::new(Msg::new("dead-end-no-sale").arg("product", product.as_str()));
        if let Some(watch) = self.offer_watch(turn, &product).await {
            answer = answer
                .line(Msg::new("dead-end-watch-offer").arg("product", product.as_str()))
                .button(Msg::new("button-watch"), Action::Watch(watch));
        }
        Some(answer.merge(self.what_there_is(catalog)))
    }

    /// A sale that ended lately whose product the message names.
    async fn ended_named(&self, turn: &Turn, text: &str) -> Option<Sale> {
        let ended = match self
            .store
            .sales_ended_since(turn.now - ENDED_LATELY, turn.now)
            .await
        {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(error = %e, "ended sales not read");
                return None;
            }
        };
        if ended.is_empty() {
            return None;
        }
        let parser = IntentParser::new(ended.iter().map(catalog_entry).collect());
        let first = parser.parse(text).candidates.into_iter().next()?;
        ended.into_iter().find(|s| s.id.to_string() == first)
    }

    /// "On sale now:" with a button per current sale, or "nothing on sale" when none.
    fn what_there_is(&self, catalog: &Catalog) -> Answer {
        if catalog.views.is_empty() {
            return Answer::new(Msg::new("dead-end-nothing-now"));
        }
        let mut answer = Answer::new(Msg::new("dead-end-what-there-is"));
        for view in catalog.views.iter().take(OFFERED) {
            answer = answer.button(
                Msg::new("button-sale").arg("title", view.title()),
                Action::Info(view.sale.id),
            );
        }
        if catalog.views.len() > OFFERED {
            answer = answer.button(Msg::new("button-list"), Action::List);
        }
        answer
    }
}
