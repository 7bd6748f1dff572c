//! The fake Bot API (`flashsale::sandbox`) with test conveniences: start or fail, wait or fail.

use std::time::Duration;

pub use flashsale::sandbox::{Call, FakeBotApi, Fault};

/// Test-side helpers on the fake.
pub trait FakeBotExt {
    /// Waits (up to 10 s) until some call satisfies `pred`; fails the test otherwise.
    async fn wait_for(&self, what: &str, pred: impl Fn(&Call) -> bool) -> Call;
}

impl FakeBotExt for FakeBotApi {
    async fn wait_for(&self, what: &str, pred: impl Fn(&Call) -> bool) -> Call {
        self.wait_until(Duration::from_secs(10), pred)
            .await
            .unwrap_or_else(|| panic!("timed out waiting for {what}"))
    }
}

/// Starts a fake Bot API or fails the test.
pub async fn start() -> FakeBotApi {
    FakeBotApi::start()
        .await
        .expect("fake Bot API binds to loopback")
}
