//! Fuzzing, time-boxed (`FUZZ_SECS`, default 10 s per target): the intent parser, the
//! callback-data decoder and the action codec, and the webhook body, fed generated and
//! mutated inputs. None may panic; a mutated button must never verify; the webhook answers
//! every body with 200, 400 or 401 and the bot still answers afterwards.

use flashsale::app::Action;
use flashsale::domain::UserId;
use flashsale::nlu::{CatalogEntry, IntentParser};
use flashsale::telegram::callback::ButtonSigner;
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::support::fake_bot::FakeBotExt;
use crate::support::fuzz::{fuzz, inputs, mutate};
use crate::support::webhook::{self, SECRET, text_update};

/// Customer messages from the labelled sets, the seeds the mutations start from.
fn seed_texts() -> Vec<String> {
    include_str!("../data/examples.jsonl")
        .lines()
        .chain(include_str!("../data/intents.jsonl").lines())
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v.get("text").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

fn edits() -> impl Strategy<Value = Vec<(usize, u8, u8)>> {
    prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 0..8)
}

#[test]
fn fuzz_intent_parser() {
    let catalog: Vec<CatalogEntry> =
        serde_json::from_str(include_str!("../data/catalog.json")).expect("catalog");
    let parser = IntentParser::new(catalog);
    let seeds = seed_texts();
    assert!(seeds.len() > 100, "the seed corpus is there");
    let text = prop_oneof![
        (0..seeds.len(), edits()).prop_map(move |(i, e)| mutate(&seeds[i], &e)),
        any::<String>(),
        "[0-9a-z 个两十百千万亿买要抢耳机茅台?？!！🙂\u{0}-\u{1f}\u{202e}]{0,300}",
    ];
    let cases = fuzz("intent parser", text, |t| {
        let parsed = parser.parse(t);
        if let Some(q) = parsed.quantity {
            assert!((1..=1_000_000).contains(&q), "quantity {q} out of range");
        }
    });
    assert!(cases > 0);
}

#[test]
fn fuzz_callback_data() {
    let signer = ButtonSigner::new(b"fuzzing secret, long enough to be real");
    let user = UserId::parse(4242).expect("user");
    let now = 1_800_000_000;
    // Each minting differs (a nonce); the one mutated is the one compared against.
    let original = signer.sign_fresh(user, "buy:7:1", now).expect("signs");
    let genuine = original.clone();
    let data = prop_oneof![
        edits().prop_map(move |e| mutate(&genuine, &e)),
        ".{0,120}",
        "[a-z0-9:~_-]{0,70}",
    ];
    let cases = fuzz("callback data", data, |d| {
        let verdict = signer.verify(user, d, now);
        if d != &original {
            assert!(verdict.is_err(), "a changed button verified: {d:?}");
        }
        let other = UserId::parse(4243).expect("user");
        assert!(
            signer.verify(other, d, now).is_err(),
            "a borrowed button verified"
        );
        if let Some(action) = Action::parse(d) {
            assert_eq!(Action::parse(&action.payload()), Some(action));
        }
    });
    assert!(cases > 0);
}

/// A webhook body: a plausible update with hostile field values, a mutation of a real one,
/// or noise.
fn bodies() -> impl Strategy<Value = String> {
    let real = text_update(1, 777, "buy 2 airpods");
    let number = prop_oneof![
        any::<i64>().prop_map(Value::from),
        Just(json!(0)),
        Just(json!(-1)),
        Just(json!(1e300)),
        Just(json!("12")),
        Just(Value::Null),
    ];
    let text = prop_oneof![any::<String>(), ".{0,5000}", Just("/start".to_owned())];
    let plausible = (number.clone(), number, text, ".{0,80}", any::<bool>()).prop_map(
        |(id, user, text, data, press)| {
            let from = json!({"id": user, "is_bot": false, "first_name": "F"});
            if press {
                json!({"update_id": id, "callback_query": {"id": "q", "from": from,
                    "chat_instance": "c", "data": data}})
            } else {
                json!({"update_id": id, "message": {"message_id": 1, "date": 0,
                    "chat": {"id": user, "type": "private"}, "from": from, "text": text}})
            }
            .to_string()
        },
    );
    prop_oneof![
        plausible,
        edits().prop_map(move |e| mutate(&real, &e)),
        any::<String>(),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fuzz_webhook_body() {
    let running = webhook::start(true).await;
    let mut cases = 0u32;
    for body in inputs("webhook body", bodies()) {
        let status = running.post(Some(SECRET), body.clone()).await;
        assert!(
            matches!(status, 200 | 400),
            "status {status} for body {body:?}"
        );
        cases += 1;
    }
    assert!(cases > 0);
    eprintln!(
        "fuzz webhook body: {cases} bodies, {} replies sent",
        running.fake.count_of("sendmessage")
    );

    // After all that, the bot still answers a customer.
    let user = 9_100_001;
    assert_eq!(
        running
            .post(Some(SECRET), text_update(9_000_001, user, "/start"))
            .await,
        200
    );
    running
        .fake
        .wait_for("a reply to /start after the fuzzing", |c| {
            c.method == "sendmessage" && c.body["chat_id"] == json!(user)
        })
        .await;
    let _ = running.stop_cleanly().await;
}
