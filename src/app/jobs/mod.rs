//! Background work: unpaid orders lapse, waitlist offers, the gate preload, the drift watch
//! and admin alerts.

pub mod alerts;
pub mod drift_watch;
pub mod expiry;
pub(crate) mod notice;
pub mod preload;
pub mod waitlist_offers;
