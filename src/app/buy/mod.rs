//! Buying: the purchase flow, the checks before the gate, the signed buy window and captchas.

pub(crate) mod blocklist;
pub(crate) mod captcha;
pub(crate) mod captcha_flow;
pub(crate) mod flow;
pub(crate) mod purchase;
pub(crate) mod window;
