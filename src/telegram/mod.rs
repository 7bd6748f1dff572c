//! The Telegram transport: turns updates into `app` calls and renders the answers.
//! Nothing here decides a purchase.

pub mod callback;
pub mod chat_member;
pub mod chats;
pub mod commands;
pub mod countdown;
mod countdown_inline;
mod countdown_posts;
pub mod group_pace;
pub mod handlers;
pub(crate) mod inline;
pub mod lanes;
mod log_throttle;
pub mod mini_app;
pub mod payments;
mod post_press;
pub mod press_answers;
mod reply_later;
pub mod reply_out;
pub mod sender;
pub mod serve;
pub mod shed;
mod startup_retry;
pub mod status_board;
pub mod warm;
pub mod webhook;
