//! A merchant's sale: written (`/newsale`, line or dialogue), edited, cancelled.

pub(crate) mod args;
pub mod cancel;
pub mod cancellation;
pub(crate) mod dialogue;
pub mod draft;
pub(crate) mod edit;
pub mod fields;
pub(crate) mod new;
pub(crate) mod new_line;
pub(crate) mod values;
pub(crate) mod watchers;
