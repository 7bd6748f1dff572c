//! Switches for what `serve` does before and while it takes traffic (`MIGRATE_ON_START`,
//! `SOLD_OUT_MEMO`).

use super::{ConfigError, err};

/// `MIGRATE_ON_START`: whether `serve` applies pending migrations itself (default: yes).
/// Off, it only checks that the database is fully migrated and stops with one line if not
/// (behind PgBouncer in transaction mode, or with a separate `flashsale migrate` step).
pub(super) fn migrate_on_start(var: &impl Fn(&str) -> Option<String>) -> Result<bool, ConfigError> {
    on_off(
        var,
        "MIGRATE_ON_START",
        true,
        "use true (serve migrates at start) or false (run `flashsale migrate` first)",
    )
}

/// `SOLD_OUT_MEMO`: whether presses after a sell-out are answered from the per-process
/// sold-out memo (at most 1 s stale) instead of Redis (default: yes; only with `REDIS_URL`).
pub(super) fn sold_out_memo(var: &impl Fn(&str) -> Option<String>) -> Result<bool, ConfigError> {
    on_off(
        var,
        "SOLD_OUT_MEMO",
        true,
        "use true (skip Redis after a sell-out) or false (every press asks Redis)",
    )
}

/// A true/false variable (`1`/`0`, `yes`/`no`, `on`/`off` too); `default` when unset.
fn on_off(
    var: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: bool,
    fix: &'static str,
) -> Result<bool, ConfigError> {
    match var(name).map(|v| v.to_ascii_lowercase()).as_deref() {
        None => Ok(default),
        Some("true" | "1" | "yes" | "on") => Ok(true),
        Some("false" | "0" | "no" | "off") => Ok(false),
        Some(other) => Err(err(name, format!("{other:?} is not true or false"), fix)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(v: Option<&str>) -> Result<bool, ConfigError> {
        migrate_on_start(&|_: &str| v.map(str::to_owned))
    }

    #[test]
    fn migrations_run_at_start_unless_turned_off() {
        assert_eq!(parse(None).ok(), Some(true));
        assert_eq!(parse(Some("false")).ok(), Some(false));
        assert_eq!(parse(Some("0")).ok(), Some(false));
        assert_eq!(parse(Some("TRUE")).ok(), Some(true));
        assert_eq!(
            parse(Some("later")).err().map(|e| e.var),
            Some("MIGRATE_ON_START")
        );
    }

    #[test]
    fn the_sold_out_memo_is_on_unless_turned_off() {
        let memo = |v: Option<&str>| sold_out_memo(&|_: &str| v.map(str::to_owned));
        assert_eq!(memo(None).ok(), Some(true));
        assert_eq!(memo(Some("off")).ok(), Some(false));
        assert_eq!(
            memo(Some("maybe")).err().map(|e| e.var),
            Some("SOLD_OUT_MEMO")
        );
    }
}
