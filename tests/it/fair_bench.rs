//! A bounded `bench-fairness` run (the real bot, limits on, the fake Bot API): the
//! correctness parts only, never timings. Humans win at least their share, scripts' extra
//! attempts buy nothing beyond the per-user limit, nothing is oversold, every press is
//! answered exactly once
//! (a script's presses while it is refused are dropped unanswered instead).

use std::time::Duration;

use flashsale::bench::{FairnessSettings, run_fairness_bench};

use crate::support::db::fresh_sqlite_url;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scripts_firing_many_attempts_win_no_more_than_their_share() {
    let (db, _dir) = fresh_sqlite_url();
    let settings = FairnessSettings {
        users: 40,
        script_share: 0.2,
        script_attempts: 12,
        script_gap_ms: 2,
        // A unit for every user (and the warm-up press): fairness means nobody gets a second
        // one by trying harder.
        stock: 41,
        within_ms: 200,
        rounds: 2,
        database_url: db,
        redis_url: None,
        answer_timeout: Duration::from_secs(60),
        bot_exe: env!("CARGO_BIN_EXE_flashsale").into(),
    };
    let r = run_fairness_bench(&settings)
        .await
        .expect("the run completes");
    assert_eq!((r.humans, r.scripts), (32, 8));
    assert_eq!(r.presses, 2 * (32 + 32 + 8 * 12));
    assert_eq!(
        r.answered + r.shed,
        r.presses,
        "every press answered or dropped at the door: {r:?}"
    );
    assert_eq!(r.humans_unanswered, 0, "every human answered: {r:?}");
    assert_eq!(r.answered_twice, 0);
    assert_eq!(r.oversold, 0);
    assert!(r.max_units_per_user <= 1, "{r:?}");
    assert!(r.script_units <= u64::from(r.scripts * r.rounds), "{r:?}");
    assert!(r.human_win_share >= r.human_user_share, "{r:?}");
    assert!(r.fair_and_complete());
    assert!(r.rss_peak_mb > 0.0);
}
