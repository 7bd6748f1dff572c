//! Transport-neutral delivery: the durable outbox and the pace it sends at. A transport plugs
//! a [`MessageSender`] in (Telegram's Bot API, the terminal screen); the app plugs in how
//! stored bodies are rendered at send time ([`BodyRenderer`]) and who hears about
//! throttling ([`DeliveryObserver`]). Nothing here knows Telegram or the app.

pub mod cadence;
mod message;
pub mod outbox;
mod outbox_config;
pub mod pacer;
mod ports;
pub mod post_cadence;
pub mod send_window;

pub use message::{OutboxBody, SendFlags, SendOutcome};
pub use outbox::OutboxWorker;
pub use outbox_config::{OutboxConfig, StepReport};
pub use pacer::{PaceLimits, SharedPacer};
pub use ports::{BodyRenderer, DeliveryObserver, MessageSender, StoredBodies};
