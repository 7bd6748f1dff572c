//! Use cases every transport calls; transports never decide anything themselves.
//!
//! [`Assistant::handle`] takes one [`Inbound`] message or button and returns rendered
//! [`Reply`] values; buying inside it always goes through [`Purchases::buy`].
//!
//! One folder per feature, the [`Assistant`] routing between them:
//! - [`turn`]: one message or press in its context: buttons, answers, the conversation;
//! - [`browse`]: the catalog, sale cards and what a sale is now;
//! - [`buy`]: the purchase flow behind its guard, the signed buy window, captchas;
//! - [`customer`]: a customer's orders, payments, reminders and waitlist;
//! - [`merchant`]: staff commands: sale authoring, stock, stats, announcements, blocks;
//! - [`jobs`]: background work: order expiry, waitlist offers, drift watch, alerts;
//! - `storefront`: the Mini App's use cases over the same services.

mod assistant;
pub mod browse;
pub mod buy;
mod cache;
pub mod customer;
pub(crate) mod failure;
mod inbound;
pub mod jobs;
pub mod merchant;
mod services;
pub mod shared;
pub(crate) mod storefront;
pub mod turn;
mod wiring;

pub use assistant::Assistant;
pub use browse::catalog::catalog_entry;
pub use buy::flow::CONFIRM_ABOVE;
pub use buy::purchase::{PurchaseResult, Purchases};
pub use buy::window::{Press, SPENT_TOKENS_KEPT_SECS};
pub use customer::payments::{PaymentClaim, Payments, Refunder};
pub(crate) use failure::or_answer;
pub use inbound::{Button, Card, ChatId, Content, Document, Inbound, Invoice, Pressed, Reply};
pub use merchant::announce_estimate::Estimate;
pub use merchant::sale::cancel::NoRefunds;
pub use merchant::sale::cancellation::SaleCancelReport;
pub use merchant::sale::draft::DraftPress;
pub use merchant::sale::fields::Field;
pub use services::Services;
pub use storefront::{InvoiceLinks, NoInvoiceLinks};
pub use turn::action::Action;
pub use wiring::{Wired, build_gate};
