//! One failure type for use cases: what failed, for whom, and which calm answer the user
//! gets. Use cases return `Result<Answer, Failure>` and pass failures up with `?`; the
//! router's [`settle`](crate::app::Assistant) is the one place that logs them, tells the
//! alerts and answers. A refused purchase is an outcome (an [`Answer`]), never a `Failure`.
//! A use case that carries on without what failed (an expired cached sale, `#id` for a
//! title) logs the failure itself with [`Failure::log`] and answers as usual.

use std::fmt::Display;

use crate::app::turn::answer::Answer;
use crate::domain::{SaleId, UserId};
use crate::i18n::Msg;
use crate::store::StoreError;

/// A real failure inside a use case, with the context it is logged with (boxed: it
/// travels on the error path of every use case and stays one pointer wide).
#[derive(Debug)]
pub(crate) struct Failure(Box<Detail>);

/// What a [`Failure`] knows.
#[derive(Debug)]
struct Detail {
    what: &'static str,
    error: String,
    user: Option<i64>,
    sale: Option<i64>,
    /// Another id the failure is about, e.g. `("order", 12)`.
    about: Option<(&'static str, i64)>,
    /// The backend the alerts hear about ("sql", "redis"), when they should.
    backend: Option<&'static str>,
    key: &'static str,
}

impl Failure {
    /// `what` failed because of `error`; answered with "error-try-again".
    pub(crate) fn new(what: &'static str, error: impl Display) -> Self {
        Failure(Box::new(Detail {
            what,
            error: error.to_string(),
            user: None,
            sale: None,
            about: None,
            backend: None,
            key: "error-try-again",
        }))
    }

    /// The user the failure happened for.
    pub(crate) fn user(mut self, user: UserId) -> Self {
        self.0.user = Some(user.get());
        self
    }

    /// The sale the failure happened on.
    pub(crate) fn sale(mut self, sale: SaleId) -> Self {
        self.0.sale = Some(sale.get());
        self
    }

    /// Another id the failure is about (an order, an offer, an announcement).
    pub(crate) fn about(mut self, name: &'static str, id: i64) -> Self {
        self.0.about = Some((name, id));
        self
    }

    /// Counts the failure in the alerts as an error of `backend` ("sql", "redis").
    pub(crate) fn alert(mut self, backend: &'static str) -> Self {
        self.0.backend = Some(backend);
        self
    }

    /// Answers with `key` instead of "error-try-again".
    pub(crate) fn answer_with(mut self, key: &'static str) -> Self {
        self.0.key = key;
        self
    }

    /// The backend the alerts should count this failure against, if any.
    pub(crate) fn backend(&self) -> Option<&'static str> {
        self.0.backend
    }

    /// Logs the failure once, with its context.
    pub(crate) fn log(&self) {
        let (about, id) = self
            .0
            .about
            .map_or((None, None), |(n, id)| (Some(n), Some(id)));
        tracing::error!(
            user = self.0.user,
            sale = self.0.sale,
            about,
            id,
            error = %self.0.error,
            "{}",
            self.0.what
        );
    }

    /// The calm answer the user gets (rendered in their language by the router).
    pub(crate) fn answer(&self) -> Answer {
        Answer::new(Msg::new(self.0.key))
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::new("store failed", e)
    }
}

/// Turns any displayable error into a [`Failure`] saying what failed.
pub(crate) trait Context<T> {
    /// `what` failed; the error is kept for the log.
    fn context(self, what: &'static str) -> Result<T, Failure>;
}

impl<T, E: Display> Context<T> for Result<T, E> {
    fn context(self, what: &'static str) -> Result<T, Failure> {
        self.map_err(|e| Failure::new(what, e))
    }
}

/// The value of a `Result<T, Answer>`, or an early `Ok(answer)`: a use case's refusal (bad
/// arguments, a sale that isn't yours) ends it with that answer, which is not a failure.
macro_rules! or_answer {
    ($refusable:expr) => {
        match $refusable {
            Ok(value) => value,
            Err(answer) => return Ok(answer),
        }
    };
}
pub(crate) use or_answer;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_answers_try_again_unless_told_otherwise() {
        let plain = Failure::new("sale not loaded", "down");
        assert_eq!(plain.0.key, "error-try-again");
        let buy = Failure::new("tokens unreadable", "down").answer_with("buy-try-again");
        assert_eq!(buy.0.key, "buy-try-again");
    }

    #[test]
    fn a_store_error_becomes_a_failure_with_its_message() {
        let r: Result<(), &str> = Err("connection refused");
        let f = r.context("orders not loaded").err();
        assert_eq!(f.map(|f| f.0.error), Some("connection refused".to_owned()));
    }
}
