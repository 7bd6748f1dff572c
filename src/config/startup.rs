//! What `serve` does before it takes traffic (`MIGRATE_ON_START`).

use super::{ConfigError, err};

/// `MIGRATE_ON_START`: whether `serve` applies pending migrations itself (default: yes).
/// Off, it only checks that the database is fully migrated and stops with one line if not
/// (behind PgBouncer in transaction mode, or with a separate `flashsale migrate` step).
pub(super) fn migrate_on_start(var: &impl Fn(&str) -> Option<String>) -> Result<bool, ConfigError> {
    match var("MIGRATE_ON_START")
        .map(|v| v.to_ascii_lowercase())
        .as_deref()
    {
        None | Some("true" | "1" | "yes" | "on") => Ok(true),
        Some("false" | "0" | "no" | "off") => Ok(false),
        Some(other) => Err(err(
            "MIGRATE_ON_START",
            format!("{other:?} is not true or false"),
            "use true (serve migrates at start) or false (run `flashsale migrate` first)",
        )),
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
}
