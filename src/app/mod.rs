//! Use cases every transport calls; transports never decide anything themselves.
//!
//! [`Assistant::handle`] takes one [`Inbound`] message or button and returns rendered
//! [`Reply`] values; buying inside it always goes through [`Purchases::buy`].

mod action;
mod admin;
mod admin_block;
mod admin_cancel;
mod admin_restock;
mod admin_stats;
mod admin_stock;
pub mod alerts;
mod announce;
mod announce_estimate;
pub mod announce_status;
mod answer;
mod answers;
mod assistant;
mod blocklist;
mod buy_window;
mod buying;
mod cache;
pub(crate) mod captcha;
mod captcha_flow;
mod card;
mod catalog;
mod dialogue;
mod draft_card;
pub mod drift_watch;
mod editsale;
pub mod expiry;
mod inbound;
mod my_orders;
mod newsale;
mod newsale_line;
pub mod payments;
mod present;
mod purchase;
pub mod reminders;
mod repeats;
mod roles;
mod sale_args;
mod sale_cancel;
mod sale_fields;
mod sale_values;
pub mod waitlist;
mod waitlist_join;
mod wiring;

pub use action::Action;
pub use admin_cancel::NoRefunds;
pub use announce_estimate::Estimate;
pub use assistant::Assistant;
pub use buy_window::{Press, SPENT_TOKENS_KEPT_SECS};
pub use buying::CONFIRM_ABOVE;
pub use catalog::catalog_entry;
pub use draft_card::DraftPress;
pub use inbound::{Button, Card, ChatId, Content, Document, Inbound, Invoice, Reply};
pub use payments::{PaymentClaim, Payments, Refunder};
pub use purchase::{PurchaseResult, Purchases};
pub use sale_cancel::SaleCancelReport;
pub use sale_fields::Field;
pub use wiring::{Wired, build_gate};
