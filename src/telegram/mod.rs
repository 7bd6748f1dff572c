//! The Telegram transport: turns updates into `app` calls and renders the answers.
//! Nothing here decides a purchase.

pub mod cadence;
pub mod callback;
pub mod commands;
pub mod handlers;
pub mod outbox;
pub mod pacer;
pub mod sender;
pub mod serve;
pub mod webhook;
