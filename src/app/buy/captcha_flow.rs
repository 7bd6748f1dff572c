//! Captchas in the conversation: "Verify now" on an upcoming card, the challenge a first buy
//! gets instead of buying (with what to do next), and answers, right or wrong.

use crate::app::assistant::Turn;
use crate::app::buy::Buy;
use crate::app::buy::captcha::Checked;
use crate::app::failure::Failure;
use crate::app::or_answer;
use crate::app::turn::action::Action;
use crate::app::turn::answer::Answer;
use crate::domain::{Sale, SaleId, Span};
use crate::i18n::Msg;

fn counted(outcome: &'static str) {
    metrics::counter!("flashsale_captcha_total", "outcome" => outcome).increment(1);
}

impl Buy {
    /// The challenge a buy of a sale that asks for a captcha gets instead of buying while the
    /// user has not solved it; `None` when the buy may go on. Reads no SQL once the sale's
    /// solvers are loaded.
    pub(crate) async fn captcha_needed(
        &self,
        turn: &Turn,
        sale: &Sale,
        qty: u32,
    ) -> Option<Answer> {
        if self
            .captchas
            .solved_shared(&self.store, sale.id, turn.user)
            .await
        {
            return None;
        }
        counted("required");
        tracing::info!(
            user = turn.user.get(),
            sale = sale.id.get(),
            "buy held until the captcha is solved"
        );
        let intro = Msg::new("captcha-before-buy")
            .arg("title", sale.draft.title.as_str())
            .arg("qty", qty);
        Some(self.challenge_or_wait(turn, sale, qty, intro).await)
    }

    /// "Wait N s" while wrong answers lock the user out of this sale's challenges.
    pub(super) async fn lockout(&self, turn: &Turn, sale: &Sale) -> Option<Answer> {
        let secs = self
            .captchas
            .locked_for_shared(sale.id, turn.user, turn.now)
            .await?;
        counted("locked");
        Some(Answer::new(Msg::new("captcha-wait").arg("secs", secs)))
    }

    /// A fresh challenge under `intro`, or "wait N s" while wrong answers lock the user out.
    pub(super) async fn challenge_or_wait(
        &self,
        turn: &Turn,
        sale: &Sale,
        qty: u32,
        intro: Msg,
    ) -> Answer {
        if let Some(wait) = self.lockout(turn, sale).await {
            return wait;
        }
        let c = self.captchas.issue_shared(sale.id, turn.user, qty).await;
        counted("shown");
        let mut answer =
            Answer::new(intro).line(Msg::new("captcha-question").arg("a", c.a).arg("b", c.b));
        for (i, n) in c.options.iter().enumerate() {
            answer = answer.button(
                Msg::new("captcha-option").arg("n", *n),
                Action::Answer {
                    sale: sale.id,
                    nonce: c.nonce,
                    choice: u8::try_from(i).unwrap_or(0),
                },
            );
        }
        answer
    }

    /// "Verify now": a challenge before the sale starts, so the rush finds the user ready.
    pub(crate) async fn verify_now(&self, turn: &Turn, sale: SaleId) -> Result<Answer, Failure> {
        let sale = or_answer!(self.browse.sale_for_buying(sale).await?);
        Ok(self.verify_sale(turn, &sale).await)
    }

    async fn verify_sale(&self, turn: &Turn, sale: &Sale) -> Answer {
        let title = sale.draft.title.as_str();
        if !sale.draft.captcha {
            return Answer::new(Msg::new("captcha-not-needed").arg("title", title));
        }
        if self
            .captchas
            .solved_shared(&self.store, sale.id, turn.user)
            .await
        {
            return self.after_solving(turn, sale, 1, "captcha-already");
        }
        let intro = Msg::new("captcha-verify-intro").arg("title", title);
        self.challenge_or_wait(turn, sale, 1, intro).await
    }

    /// Checks an answer to a challenge.
    pub(crate) async fn answer_captcha(
        &self,
        turn: &Turn,
        sale: SaleId,
        nonce: u32,
        choice: u8,
    ) -> Result<Answer, Failure> {
        let sale = or_answer!(self.browse.sale_for_buying(sale).await?);
        Ok(self.check_answer(turn, &sale, nonce, choice).await)
    }

    async fn check_answer(&self, turn: &Turn, sale: &Sale, nonce: u32, choice: u8) -> Answer {
        if let Some(wait) = self.lockout(turn, sale).await {
            return wait;
        }
        match self
            .captchas
            .check_shared(sale.id, turn.user, nonce, choice, turn.now)
            .await
        {
            Checked::Solved { qty } => {
                self.captcha_solved(turn, sale).await;
                self.after_solving(turn, sale, qty, "captcha-solved")
            }
            Checked::Wrong { locked_secs, qty } => {
                self.captcha_wrong(turn, sale).await;
                match locked_secs {
                    Some(secs) => Answer::new(Msg::new("captcha-wrong-wait").arg("secs", secs)),
                    None => {
                        self.challenge_or_wait(turn, sale, qty, Msg::new("captcha-wrong"))
                            .await
                    }
                }
            }
            Checked::NotYours => {
                counted("not_yours");
                crate::metrics::button_refused("foreign");
                tracing::warn!(
                    user = turn.user.get(),
                    sale = sale.id.get(),
                    "answer to someone else's captcha refused"
                );
                Answer::new(Msg::new("captcha-not-yours"))
            }
            Checked::Stale => {
                counted("stale");
                if self
                    .captchas
                    .solved_shared(&self.store, sale.id, turn.user)
                    .await
                {
                    return self.after_solving(turn, sale, 1, "captcha-already");
                }
                self.challenge_or_wait(turn, sale, 1, Msg::new("captcha-stale"))
                    .await
            }
        }
    }

    /// Records a solved challenge (wherever it was answered: chat or web): counted, remembered
    /// on every instance and in the store, noted for the alerts.
    pub(super) async fn captcha_solved(&self, turn: &Turn, sale: &Sale) {
        counted("solved");
        self.captchas.mark_solved_shared(sale.id, turn.user).await;
        self.alerts.note_captcha_solved(turn.user);
        tracing::info!(
            user = turn.user.get(),
            sale = sale.id.get(),
            "captcha solved"
        );
        if let Err(e) = self
            .store
            .record_captcha_solved(sale.id, turn.user, turn.now)
            .await
        {
            // Remembered here; another instance would ask again.
            tracing::warn!(sale = sale.id.get(), error = %e, "captcha solve not stored");
            self.alerts.note_backend_error("sql", turn.now).await;
        }
    }

    /// Records a wrong answer: counted, logged, noted for the alerts (a streak alerts).
    pub(super) async fn captcha_wrong(&self, turn: &Turn, sale: &Sale) {
        counted("wrong");
        tracing::info!(
            user = turn.user.get(),
            sale = sale.id.get(),
            "captcha answered wrong"
        );
        self.alerts.note_captcha_failure(turn.user, turn.now).await;
    }

    /// What a verified user can do next: buy now when live (the units they were after), or
    /// wait for the start with a reminder.
    fn after_solving(&self, turn: &Turn, sale: &Sale, qty: u32, key: &'static str) -> Answer {
        let title = sale.draft.title.as_str();
        let window = sale.draft.window;
        let done = Answer::new(Msg::new(key).arg("title", title));
        if turn.now < window.starts_at() {
            done.line(
                Msg::new("captcha-ready").arg("span", Span::until(turn.now, window.starts_at())),
            )
            .button(Msg::new("button-remind"), Action::Remind(sale.id))
        } else if turn.now < window.ends_at() {
            let qty = qty.clamp(1, sale.draft.per_user_limit.get());
            done.line(Msg::new("captcha-buy-now")).button(
                Msg::new("button-buy-n").arg("qty", qty),
                Action::Buy(sale.id, qty),
            )
        } else {
            done.with_way_out()
        }
    }
}
