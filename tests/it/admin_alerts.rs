//! Anomaly alerts: a user hammering the bot after being told to slow down raises one alert
//! per admin, queued in the durable outbox, in the admin's language, once per window.

use flashsale::app::Content;
use flashsale::clock::Clock;

use crate::support::admin::{ADMIN, CUSTOMER, uid};
use crate::support::conv::bot_with;

#[tokio::test]
async fn a_user_hammering_after_the_slow_down_notice_raises_one_alert_for_the_admin() {
    let bot = bot_with(&[("ADMIN_IDS", "900"), ("LIMIT_MESSAGES_PER_MIN", "3")]).await;
    // Three answers, one notice, then silence; the twentieth silenced message is hammering.
    for _ in 0..40 {
        bot.send(uid(CUSTOMER), Some("en"), Content::Text("/help".into()))
            .await;
    }
    let now = bot.clock.now();
    let queued = bot
        .store
        .claim_due_messages_for(Some(ADMIN), now, 10)
        .await
        .expect("outbox");
    assert_eq!(
        queued.len(),
        1,
        "one alert, however long the flood: {queued:?}"
    );
    assert!(queued[0].dedupe_key.starts_with("alert:hammering:"));
    assert!(
        queued[0]
            .body
            .contains(&format!("User {CUSTOMER} kept messaging")),
        "{}",
        queued[0].body
    );
}
