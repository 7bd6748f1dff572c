//! "Remind me" on an upcoming sale: the subscription and its queued reminders, answered.

use crate::app::assistant::Turn;
use crate::app::browse::present::{self, SaleView};
use crate::app::browse::sales::offer_next_step;
use crate::app::customer::Customer;
use crate::app::failure::Failure;
use crate::app::turn::answer::Answer;
use crate::domain::Phase;
use crate::i18n::Msg;
use crate::store::SubscriptionKind;

impl Customer {
    /// "Remind me": subscribes the customer to an upcoming sale and queues its reminders.
    pub(crate) async fn remind(&self, turn: &Turn, view: &SaleView) -> Result<Answer, Failure> {
        let fail = |what| move |e| Failure::new(what, e).sale(view.sale.id).user(turn.user);
        Ok(match view.phase {
            Phase::Upcoming => {
                let sub = self
                    .store
                    .subscribe(
                        view.sale.id,
                        turn.user,
                        SubscriptionKind::Reminder,
                        turn.now,
                    )
                    .await;
                let key = match sub.map_err(fail("reminder not stored"))? {
                    true => "remind-set",
                    false => "remind-already",
                };
                // Queued on every ask: dedupe keys make it idempotent, and a retry repairs a
                // subscription whose messages were not queued the first time.
                crate::app::customer::reminders::schedule(
                    &self.store,
                    &self.texts,
                    turn.locale,
                    &view.sale,
                    turn.user,
                    turn.now,
                )
                .await
                .map_err(fail("reminder messages not queued"))?;
                tracing::info!(
                    sale = view.sale.id.get(),
                    user = turn.user.get(),
                    "reminder set"
                );
                Answer::new(Msg::new(key).arg("title", view.title()))
                    .line(present::phase_line(view, turn.now, self.tz))
            }
            Phase::Live => offer_next_step(
                Answer::new(Msg::new("remind-live").arg("title", view.title())),
                view,
            ),
            _ => Answer::new(Msg::new("remind-too-late").arg("title", view.title()))
                .line(present::phase_line(view, turn.now, self.tz))
                .with_way_out(),
        })
    }
}
