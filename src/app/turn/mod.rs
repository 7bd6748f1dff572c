//! One turn of the conversation: a message or a button press read in its context and answered.

pub mod action;
pub(crate) mod answer;
pub mod commands;
pub mod context;
pub(crate) mod conversation;
pub(crate) mod first_contact;
pub(crate) mod language;
pub mod policy;
pub(crate) mod repeats;
pub(crate) mod text;
pub(crate) mod users;
