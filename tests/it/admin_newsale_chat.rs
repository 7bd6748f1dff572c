//! `/newsale` in the terminal chat (`flashsale` with no subcommand, `/as merchant`): the same
//! dialogue as on Telegram, buttons pressed by number, the sale listed for customers after.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::conv_support::TempDb;

#[test]
fn a_merchant_in_the_terminal_chat_creates_a_sale_by_dialogue_and_it_is_listed() {
    let db = TempDb::new();
    let mut child = Command::new(env!("CARGO_BIN_EXE_flashsale"))
        .env("DATABASE_URL", db.url())
        .env("LANG", "en_US.UTF-8")
        .env_remove("REDIS_URL")
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the flashsale binary starts");
    let lines = [
        "/newsale",
        "/as merchant",
        "/newsale",
        "Bamboo Tea Set",
        "tea, 茶具",
        "88",
        "12",
        "13",
        "3",
        "in 2h",
        "45 min",
        "no",
        "1",
        "/as customer",
        "list",
    ];
    let mut stdin = child.stdin.take().expect("stdin is piped");
    stdin
        .write_all(format!("{}\n", lines.join("\n")).as_bytes())
        .expect("typed");
    drop(stdin);
    let output = child.wait_with_output().expect("the chat ends");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{out}");
    assert!(out.contains("that command is for merchants"), "{out}");
    // The limit above the stock was explained and asked again.
    assert!(out.contains("can't be more than the stock (12)"), "{out}");
    assert!(out.contains("Please check the new sale"), "{out}");
    assert!(out.contains("Stock: 12 · at most 3 per customer"), "{out}");
    assert!(out.contains("is created"), "{out}");
    let after = out.split("is created").nth(1).unwrap_or_default();
    assert!(
        after.contains("Bamboo Tea Set — ¥88.00"),
        "the sale is in the customers' list: {out}"
    );
}
