//! The limiters' unit tests: bursts, notices, busy sales, disabled limits, forgetting, and
//! who is hushed until when.

use super::*;

fn user(n: i64) -> UserId {
    UserId::parse(n).unwrap()
}

fn sale(n: i64) -> SaleId {
    SaleId::parse(n).unwrap()
}

#[tokio::test]
async fn a_user_gets_a_burst_of_buys_then_is_told_to_wait_once() {
    let limits = Limits::new(&LimitsConfig::default());
    for _ in 0..3 {
        assert_eq!(limits.user_buy(user(1)).await, Verdict::Go);
    }
    assert_eq!(
        limits.user_buy(user(1)).await,
        Verdict::SlowDown {
            secs: 1,
            tell: true
        }
    );
    assert_eq!(
        limits.user_buy(user(1)).await,
        Verdict::SlowDown {
            secs: 1,
            tell: false
        }
    );
    assert_eq!(
        limits.user_buy(user(2)).await,
        Verdict::Go,
        "others are not slowed"
    );
    assert_eq!(limits.refused(), 2);
}

#[tokio::test]
async fn a_sale_above_its_rate_is_busy_for_everyone() {
    let config = LimitsConfig {
        sale_buys_per_sec: NonZeroU32::new(2).unwrap(),
        ..LimitsConfig::default()
    };
    let limits = Limits::new(&config);
    assert_eq!(limits.sale_buy(sale(7)).await, Verdict::Go);
    assert_eq!(limits.sale_buy(sale(7)).await, Verdict::Go);
    assert!(matches!(
        limits.sale_buy(sale(7)).await,
        Verdict::Busy { secs: 1 }
    ));
    assert_eq!(
        limits.sale_buy(sale(8)).await,
        Verdict::Go,
        "other sales go on"
    );
}

#[tokio::test]
async fn disabled_limits_let_everything_through() {
    let config = LimitsConfig {
        enabled: false,
        ..LimitsConfig::default()
    };
    let limits = Limits::new(&config);
    for _ in 0..100 {
        assert_eq!(limits.user_buy(user(1)).await, Verdict::Go);
        assert_eq!(limits.sale_buy(sale(1)).await, Verdict::Go);
        assert_eq!(limits.message(user(1)).await, Verdict::Go);
    }
}

#[tokio::test]
async fn messages_are_limited_per_minute_and_idle_users_are_forgotten() {
    let limits = Limits::new(&LimitsConfig::default());
    for _ in 0..20 {
        assert_eq!(limits.message(user(5)).await, Verdict::Go);
    }
    assert!(matches!(
        limits.message(user(5)).await,
        Verdict::SlowDown {
            secs: 3,
            tell: true
        }
    ));
    assert!(limits.tracked_keys() >= 2);
    limits.forget_idle();
    assert!(limits.tracked_keys() >= 1, "a user still limited is kept");
}

// The door's memory of refused users (`Hush`).

#[test]
fn a_refused_user_is_hushed_until_the_wait_is_over_and_only_for_that_limit() {
    let hush = Hush::default();
    let t0 = Instant::now();
    let ms = Duration::from_millis;
    assert_eq!(hush.of_at(1, t0), Hushed::No);
    hush.note_at(1, false, ms(80), t0);
    assert_eq!(hush.of_at(1, t0), Hushed::Buys);
    assert_eq!(hush.of_at(2, t0), Hushed::No);
    hush.note_at(1, true, ms(40), t0);
    assert_eq!(hush.of_at(1, t0 + ms(39)), Hushed::Everything);
    assert_eq!(hush.of_at(1, t0 + ms(50)), Hushed::Buys);
    assert_eq!(hush.of_at(1, t0 + ms(80)), Hushed::No);
    hush.note_at(3, false, Duration::ZERO, t0);
    hush.forget_expired();
    assert_eq!(hush.len(), 1, "only the user still hushed is kept");
}

#[test]
fn a_shorter_wait_never_shortens_a_longer_one() {
    let hush = Hush::default();
    let t0 = Instant::now();
    hush.note_at(5, false, Duration::from_secs(60), t0);
    hush.note_at(5, false, Duration::from_millis(1), t0);
    assert_eq!(hush.of_at(5, t0 + Duration::from_secs(1)), Hushed::Buys);
}

#[test]
fn memory_is_bounded_and_a_full_list_only_stops_remembering() {
    let hush = Hush::default();
    for u in 0..(MOST as i64 + 10) {
        hush.note(u, true, Duration::from_secs(60));
    }
    assert_eq!(hush.len(), MOST);
    assert_eq!(hush.of(MOST as i64 + 5), Hushed::No);
    assert_eq!(hush.of(7), Hushed::Everything);
}
