//! Browsing: the current sales, a sale's card and how a sale is described.

pub(crate) mod card;
pub(crate) mod catalog;
pub(crate) mod present;
pub(crate) mod sales;
