//! `/channel` and `/post` in the terminal chat, which has no Telegram channels or groups:
//! it says so plainly (in the user's language) instead of pretending to link or post.

use crate::support::conv::{TempDb, run_terminal_chat};

#[test]
fn the_terminal_chat_says_it_has_no_channels_to_link_or_post_in() {
    let lines = [
        "/as merchant",
        "/channel add @gadget_deals",
        "/post 3 @gadget_deals",
        "/channel list",
        "/help",
    ];
    let (out, ok) = run_terminal_chat(&TempDb::new(), None, &[], "en_US.UTF-8", &lines);
    assert!(ok, "{out}");
    assert_eq!(
        out.matches("has no Telegram channels or groups").count(),
        2,
        "{out}"
    );
    assert!(
        out.contains("No channels or groups are linked yet"),
        "{out}"
    );
    assert!(out.contains("/channel add|list|remove|lang"), "{out}");
    assert!(out.contains("/post <sale> <@channel>"), "{out}");

    let (zh, ok) = run_terminal_chat(
        &TempDb::new(),
        None,
        &[],
        "zh_CN.UTF-8",
        &["/as merchant", "/channel add @gadget_deals"],
    );
    assert!(ok, "{zh}");
    assert!(
        zh.contains("这里没有可以关联或发帖的 Telegram 频道和群组"),
        "{zh}"
    );
}
