//! Memory of the rate limiters with many distinct users (issue target: 1,000,000 users under
//! 100 MB). `cargo bench --bench limiter_memory` runs 1,000,000 users; under `cargo test` it
//! runs a 10,000-user smoke check. Prints one JSON line.

use std::num::NonZeroU32;

use flashsale::domain::{SaleId, UserId};
use flashsale::limits::{Limits, LimitsConfig};

/// Resident set size of this process in bytes (Linux), 0 when unknown.
fn rss_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let users: i64 = if full { 1_000_000 } else { 10_000 };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let config = LimitsConfig {
        sale_buys_per_sec: NonZeroU32::new(10_000_000).expect("positive"),
        ..LimitsConfig::default()
    };
    let limits = Limits::new(&config);
    let sale = SaleId::parse(1).expect("sale");
    let before = rss_bytes();
    runtime.block_on(async {
        for n in 1..=users {
            let user = UserId::parse(n).expect("user");
            // Every user sends a message and tries to buy: two keyed limiters hold them.
            let _ = limits.message(user).await;
            let _ = limits.user_buy(user).await;
            let _ = limits.sale_buy(sale).await;
        }
    });
    let after = rss_bytes();
    let keys = limits.tracked_keys();
    let grown = after.saturating_sub(before);
    println!(
        "{{\"users\": {users}, \"keys\": {keys}, \"rss_before_mb\": {:.1}, \"rss_after_mb\": {:.1}, \"grown_mb\": {:.1}, \"bytes_per_user\": {:.0}}}",
        before as f64 / 1e6,
        after as f64 / 1e6,
        grown as f64 / 1e6,
        grown as f64 / users as f64
    );
    assert_eq!(
        keys as i64,
        2 * users + 1,
        "one message key and one buy key per user"
    );
}
