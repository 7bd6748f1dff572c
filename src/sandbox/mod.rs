//! Stand-ins for the outside world that tests, benchmarks and demos run against: a fake
//! Telegram Bot API on loopback that speaks real HTTP to a real teloxide `Bot`.

mod fake_answers;
mod fake_body;
mod fake_bot_api;
mod fake_chats;
mod fake_inline;
mod fake_payments;
mod fake_state;
mod webhook_reply;

pub use fake_bot_api::{AnswerWatch, Call, FakeBotApi, Fault, PreparedPress};
pub use fake_chats::FakeStanding;
pub use webhook_reply::{method_of, perform_webhook_reply};
