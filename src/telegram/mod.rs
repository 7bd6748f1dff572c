//! The Telegram transport: turns updates into `app` calls and renders the answers.
//! Nothing here decides a purchase.

pub mod cadence;
pub mod callback;
pub mod card_editor;
pub mod commands;
pub mod countdown;
pub mod handlers;
pub mod keyboard;
pub mod outbox;
pub mod pacer;
pub mod payments;
mod reply_later;
pub mod sender;
pub mod serve;
pub mod webhook;
