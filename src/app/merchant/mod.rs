//! Staff commands: the role check, sale authoring, stock, stats, announcements and blocks.

pub mod announce;
pub mod announce_estimate;
pub mod announce_status;
pub(crate) mod audit;
pub(crate) mod block;
pub(crate) mod commands;
pub(crate) mod help;
pub(crate) mod restock;
pub(crate) mod roles;
pub mod sale;
pub(crate) mod stats;
pub(crate) mod stock;
