//! What a customer owns: orders, payments, reminders and waitlist places.

pub(crate) mod orders;
pub mod payments;
pub mod reminders;
pub(crate) mod waitlist_held;
pub(crate) mod waitlist_join;
