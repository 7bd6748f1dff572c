//! `flashsale` with no subcommand: the terminal chat, driven through stdin like a user would.

use std::path::Path;

use crate::support::conv::{TempDb, run_terminal_chat};

/// Runs the binary with `args`, types `lines`, closes stdin and returns (stdout, exit ok).
fn run_chat(args: &[&str], lang: &str, lines: &[&str]) -> (String, bool) {
    run_chat_in(None, args, lang, lines)
}

/// Like [`run_chat`], in the working directory `cwd` when given.
fn run_chat_in(cwd: Option<&Path>, args: &[&str], lang: &str, lines: &[&str]) -> (String, bool) {
    run_terminal_chat(&TempDb::new(), cwd, args, lang, lines)
}

#[test]
fn no_subcommand_lands_in_the_chat_where_a_customer_can_browse_and_buy() {
    let (out, ok) = run_chat(
        &[],
        "en_US.UTF-8",
        &[
            "list",
            "1",
            "buy 8 airpods",
            "2",
            "how much are the airpods",
            "buy 2 airpods",
            "buy it",
            "我要抢两个耳机",
            "buy moutai",
            "buy 12 airpods",
            "when does the switch start",
            "buy 0 airpods",
            "",
            "🤣🤣",
            "SELECT * FROM users; --",
            "/as merchant",
        ],
    );
    assert!(ok, "{out}");
    assert!(out.contains("flashsale local chat"), "{out}");
    assert!(out.contains("4 sales right now"), "{out}");
    assert!(out.contains("live now, 50 left"), "{out}");
    assert!(out.contains("sold out"), "{out}");
    assert!(
        out.contains("starts in 4 min") || out.contains("starts in 5 min"),
        "{out}"
    );
    assert!(out.contains("[1] AirPods Pro 2"), "{out}");
    assert!(out.contains("Limit: 10 per person"), "{out}");
    // Over the limit: what they hold is counted, with a button for what is left.
    assert!(out.contains("limited to 10 per person"), "{out}");
    assert!(
        out.contains("so I can't buy 12 for you. You can buy"),
        "{out}"
    );
    assert!(
        out.contains("Buy 8 × AirPods Pro 2 无线耳机 for ¥10,392.00? I ask before every order of more than 5 units."),
        "{out}"
    );
    assert!(out.contains("[2] ✖ No"), "{out}");
    assert!(out.contains("OK, nothing bought."), "{out}");
    assert!(out.contains("You got it: 2 × AirPods Pro 2"), "{out}");
    assert!(out.contains("You got it: 1 × AirPods Pro 2"), "{out}");
    assert!(
        out.contains(
            "You got it: 2 × AirPods Pro 2 无线耳机 at ¥1,299.00 each, ¥2,598.00 in all, order"
        ),
        "{out}"
    );
    assert!(out.contains("飞天茅台 Moutai 500ml is sold out"), "{out}");
    assert!(out.contains("Zero units?"), "{out}");
    assert!(out.contains("That message was empty"), "{out}");
    assert!(
        out.matches("Sorry, I didn't get that").count() >= 2,
        "{out}"
    );
    assert!(out.contains("You are now: merchant."), "{out}");
}

#[test]
fn as_admin_in_the_terminal_chat_unlocks_staff_commands_and_saves_the_orders_csv_here() {
    let dir = std::env::temp_dir().join(format!(
        "flashsale-chat-cwd-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let (out, ok) = run_chat_in(
        Some(&dir),
        &[],
        "en_US.UTF-8",
        &[
            "/stock",
            "/as merchant",
            "/stock",
            "/users",
            "/as admin",
            "/stock",
            "/orders 3",
            "/reconcile",
            "/as customer",
            "/stock",
        ],
    );
    assert!(ok, "{out}");
    assert_eq!(
        out.matches("that command is for merchants").count(),
        2,
        "{out}"
    );
    assert!(out.contains("No live or upcoming sales"), "{out}");
    assert!(out.contains("for admins only"), "{out}");
    assert!(out.contains("Stock of"), "{out}");
    assert!(out.contains("Orders of #3"), "{out}");
    assert!(
        out.contains("The live stock counter and the orders agree"),
        "{out}"
    );
    let csv = std::fs::read_to_string(dir.join("orders-sale-3.csv")).unwrap_or_default();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.contains("File saved:") && out.contains("orders-sale-3.csv"),
        "{out}"
    );
    assert!(csv.starts_with("order_id,sale_id,buyer_id"), "{csv}");
}

#[test]
fn a_chinese_terminal_gets_a_chinese_intro_and_quit_ends_the_chat_cleanly() {
    let (out, ok) = run_chat(&["chat"], "zh_CN.UTF-8", &["有什么秒杀", "/quit", "list"]);
    assert!(ok, "{out}");
    assert!(out.contains("本地聊天"), "{out}");
    assert!(out.contains("当前有 4 场秒杀"), "{out}");
    assert!(out.contains("再见"), "{out}");
    assert!(
        !out.contains("sales right now"),
        "lines after /quit were read: {out}"
    );
}

#[test]
fn end_of_input_without_a_newline_exits_successfully() {
    let (out, ok) = run_chat(&["chat"], "C", &[]);
    assert!(ok, "{out}");
    assert!(out.contains("Demo sales created: 4"), "{out}");
}
