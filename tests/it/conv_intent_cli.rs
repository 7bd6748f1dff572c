//! `flashsale intent`: its public contract (docs/operations.md), one JSON object per line.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::support::conv::TempDb;

fn intent(args: &[&str], stdin: &str) -> Vec<serde_json::Value> {
    let catalog = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/catalog.json");
    let db = TempDb::new();
    let mut child = Command::new(env!("CARGO_BIN_EXE_flashsale"))
        .arg("intent")
        .args(["--catalog", catalog])
        .args(args)
        .env("DATABASE_URL", db.url())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn one_message_as_an_argument_prints_one_contract_line() {
    let lines = intent(&["我要抢两瓶茅台"], "");
    assert_eq!(lines.len(), 1);
    let line = &lines[0];
    assert_eq!(line["intent"], "buy");
    assert_eq!(line["sale"], "moutai-500");
    assert_eq!(line["quantity"], 2);
    let confidence = line["confidence"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&confidence), "{confidence}");
}

#[test]
fn stdin_messages_print_one_line_each_in_order_even_empty_ones() {
    let lines = intent(
        &[],
        "what's on sale?\n\nhow much is the switch\r\nremind me\n",
    );
    let intents: Vec<&str> = lines
        .iter()
        .map(|l| l["intent"].as_str().unwrap())
        .collect();
    assert_eq!(intents, ["list", "unknown", "info", "remind"]);
    assert_eq!(lines[2]["sale"], "switch-oled");
    assert!(lines[2]["quantity"].is_null());
}

#[tokio::test]
async fn without_a_catalog_the_current_sales_in_the_store_are_used_with_numeric_ids() {
    let bot = crate::support::conv::bot().await;
    // The CLI asks the store for the sales current by the system clock, so the sale is made
    // live around the real now, whatever the calendar says.
    bot.clock.set(chrono::Utc::now());
    let airpods = bot.live_airpods().await;
    let out = Command::new(env!("CARGO_BIN_EXE_flashsale"))
        .args(["intent", "buy", "2", "airpods"])
        .env("DATABASE_URL", bot.database_url())
        .output()
        .unwrap();
    assert!(out.status.success());
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(line["intent"], "buy");
    assert_eq!(line["sale"], airpods.get().to_string(), "{line}");
    assert_eq!(line["quantity"], 2);
}

#[test]
fn eval_reports_accuracy_per_language_the_confusion_table_and_false_buys() {
    let dir = std::env::temp_dir().join(format!("flashsale-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("labelled.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"text": "buy 2 airpods", "intent": "buy", "sale": "airpods-pro", "quantity": 2}"#,
            "\n",
            r#"{"text": "我不要耳机了", "intent": "unknown", "sale": null, "quantity": null}"#,
            "\n",
            r#"{"text": "help", "intent": "list", "sale": null, "quantity": null}"#,
            "\n"
        ),
    )
    .unwrap();
    let catalog = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/catalog.json");
    let out = Command::new(env!("CARGO_BIN_EXE_flashsale"))
        .args(["intent", "--catalog", catalog, "--eval"])
        .arg(&file)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("exact overall: 66.7% (2/3)"), "{text}");
    assert!(text.contains("exact en: 50.0% (1/2)"), "{text}");
    assert!(text.contains("exact zh: 100.0% (1/1)"), "{text}");
    assert!(text.contains("false buys: 0"), "{text}");
    let list_row = text
        .lines()
        .find(|l| {
            let cells: Vec<&str> = l.split_whitespace().collect();
            cells.len() == 9 && cells[0] == "list"
        })
        .unwrap();
    let cells: Vec<&str> = list_row.split_whitespace().collect();
    // Gold list, parsed help: column 7 of the list row.
    assert_eq!(cells[7], "1", "{list_row}");
}
