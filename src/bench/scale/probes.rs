//! What the scale-out run measures from outside the instances: CPU time of a process
//! (`/proc/<pid>/stat`) and Redis commands executed (`INFO commandstats`).

use std::collections::BTreeMap;

use anyhow::Context;

/// Clock ticks per second of `/proc/<pid>/stat` times (USER_HZ, 100 on Linux).
const TICKS_PER_SEC: f64 = 100.0;

/// User plus system CPU seconds a process has used so far; 0 when unreadable.
pub fn cpu_secs(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).map_or(0.0, |s| stat_cpu_secs(&s))
}

/// utime + stime of a `/proc/<pid>/stat` line, in seconds.
fn stat_cpu_secs(stat: &str) -> f64 {
    // Fields after the parenthesised name: state is field 3, utime 14, stime 15.
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (tick(11) + tick(12)) / TICKS_PER_SEC
}

/// Calls per Redis command so far (`cmdstat_evalsha:calls=12,...` → `evalsha: 12`).
pub async fn redis_calls(url: &str) -> anyhow::Result<BTreeMap<String, u64>> {
    let client = redis::Client::open(url).context("REDIS_URL")?;
    let mut conn = client
        .get_multiplexed_async_connection()
        .await
        .context("connecting to Redis for INFO")?;
    let info: String = redis::cmd("INFO")
        .arg("commandstats")
        .query_async(&mut conn)
        .await
        .context("INFO commandstats")?;
    Ok(parse_commandstats(&info))
}

/// Parses `INFO commandstats` text.
pub fn parse_commandstats(info: &str) -> BTreeMap<String, u64> {
    info.lines()
        .filter_map(|l| {
            let (name, rest) = l.strip_prefix("cmdstat_")?.split_once(':')?;
            let calls = rest.split(',').find_map(|kv| kv.strip_prefix("calls="))?;
            Some((name.to_owned(), calls.parse().ok()?))
        })
        .collect()
}

/// Calls made between two snapshots, per command, leaving out `info` itself.
pub fn delta(
    before: &BTreeMap<String, u64>,
    after: &BTreeMap<String, u64>,
) -> BTreeMap<String, u64> {
    after
        .iter()
        .filter(|(name, _)| name.as_str() != "info")
        .map(|(name, n)| {
            (
                name.clone(),
                n.saturating_sub(*before.get(name).unwrap_or(&0)),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commandstats_are_parsed_and_differenced() {
        let before = parse_commandstats(
            "# Commandstats\r\ncmdstat_evalsha:calls=10,usec=50,usec_per_call=5.00\r\n\
             cmdstat_info:calls=1,usec=9\r\n",
        );
        let after = parse_commandstats(
            "cmdstat_evalsha:calls=25,usec=90\r\ncmdstat_get:calls=3,usec=1\r\ncmdstat_info:calls=2,usec=9\r\n",
        );
        let d = delta(&before, &after);
        assert_eq!(d.get("evalsha"), Some(&15));
        assert_eq!(d.get("get"), Some(&3));
        assert!(!d.contains_key("info"));
    }

    #[test]
    fn cpu_time_is_user_plus_system_ticks() {
        let stat = "4242 (flash sale) S 1 2 3 4 5 6 7 8 9 10 250 130 0 0 20 0 4 0 99";
        assert!((stat_cpu_secs(stat) - 3.8).abs() < 1e-9);
        assert_eq!(stat_cpu_secs("garbage"), 0.0);
        assert_eq!(cpu_secs(u32::MAX), 0.0);
    }
}
