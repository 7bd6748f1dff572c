//! `/newsale` in the terminal chat (`flashsale` with no subcommand, `/as merchant`): the same
//! dialogue as on Telegram, buttons pressed by number, the sale listed for customers after.

use crate::support::conv::{TempDb, run_terminal_chat};

#[test]
fn a_merchant_in_the_terminal_chat_creates_a_sale_by_dialogue_and_it_is_listed() {
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
    let (out, ok) = run_terminal_chat(&TempDb::new(), None, &[], "en_US.UTF-8", &lines);
    assert!(ok, "{out}");
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
