//! Use cases every transport calls; transports never decide anything themselves.
//!
//! [`Assistant::handle`] takes one [`Inbound`] message or button and returns rendered
//! [`Reply`] values; buying inside it always goes through [`Purchases::buy`].

mod action;
mod admin;
mod admin_block;
mod admin_cancel;
mod admin_stock;
pub mod alerts;
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
pub mod drift_watch;
pub mod expiry;
mod inbound;
mod my_orders;
pub mod payments;
mod present;
mod purchase;
pub mod reminders;
mod roles;
mod sale_cancel;
pub mod waitlist;
mod waitlist_join;
mod wiring;

pub use action::Action;
pub use admin_cancel::NoRefunds;
pub use assistant::Assistant;
pub use buy_window::Press;
pub use buying::CONFIRM_ABOVE;
pub use catalog::catalog_entry;
pub use inbound::{Button, Card, ChatId, Content, Document, Inbound, Invoice, Reply};
pub use payments::{PaymentClaim, Payments, Refunder};
pub use purchase::{PurchaseResult, Purchases};
pub use sale_cancel::SaleCancelReport;
pub use wiring::{Wired, build_gate};
