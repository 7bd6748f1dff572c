//! Whatever a customer types or whatever payload a button carries, the assistant answers.

use flashsale::app::Content;
use proptest::prelude::*;

use crate::support::conv::{alice, bot};

fn answers_everything(contents: Vec<Content>) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let bot = bot().await;
        bot.live_airpods().await;
        for content in contents {
            let replies = bot.send(alice(), Some("en"), content.clone()).await;
            assert!(!replies.is_empty(), "no reply to {content:?}");
            assert!(
                replies.iter().all(|r| !r.text.trim().is_empty()),
                "{content:?}"
            );
            assert!(replies.iter().all(|r| r.text.chars().count() <= 4096));
        }
    });
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    #[test]
    fn arbitrary_messages_and_button_payloads_always_get_a_reply(
        texts in proptest::collection::vec(any::<String>(), 1..12),
        payloads in proptest::collection::vec("[a-z:0-9-]{0,20}", 1..6),
        chatty in proptest::collection::vec(
            "(buy|买|抢|how much|几点|remind me|/lang|/as|it|这个) ?(-?[0-9]{1,12}|两|三千万|1e9)? ?(airpods|耳机|🤣)?",
            1..12,
        ),
    ) {
        let contents = texts
            .into_iter()
            .chain(chatty)
            .map(Content::Text)
            .chain(payloads.into_iter().map(Content::Button))
            .collect();
        answers_everything(contents);
    }
}
