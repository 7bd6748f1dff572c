//! `/newsale` on Telegram over real HTTP against the fake Bot API: the guided dialogue, the
//! preview card, the Confirm button pressed (twice) → one sale, found in the catalog at once.

use flashsale::sandbox::Call;
use flashsale::store::Store;

use crate::support::bot;
use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot::{self, FakeBotExt};
use crate::telegram_payments::{button_of, text_of, to_chat};

fn says_to(chat: i64, part: &'static str) -> impl Fn(&Call) -> bool {
    move |c| to_chat(chat, "sendmessage")(c) && text_of(c).contains(part)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_creates_a_sale_by_dialogue_confirms_it_and_customers_see_it() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let running = bot::start(&fake, &db, false, &[("ADMIN_IDS", "900")]);
    fake.wait_for("the admin menu", |c| {
        c.method == "setmycommands"
            && c.body["scope"]["chat_id"] == 900
            && c.body["commands"].to_string().contains("newsale")
    })
    .await;

    fake.text_from(900, "en", "/newsale");
    fake.wait_for("the title question", says_to(900, "1/8"))
        .await;
    for (answer, next) in [
        ("Switch OLED", "2/8"),
        ("switch, 任天堂", "3/8"),
        ("0", "must be above zero"),
        ("2099", "4/8"),
        ("30", "5/8"),
        ("2", "6/8"),
        ("in 2h", "7/8"),
        ("1h", "8/8"),
    ] {
        fake.text_from(900, "en", answer);
        fake.wait_for(next, says_to(900, next)).await;
    }
    fake.text_from(900, "en", "no");
    let card = fake
        .wait_for("the preview", says_to(900, "Please check the new sale"))
        .await;
    let text = text_of(&card);
    assert!(
        text.contains("Price: ¥2,099.00") && text.contains("(Asia/Shanghai, UTC+08:00)"),
        "{text}"
    );
    let confirm = button_of(&card, "Confirm");
    fake.press(900, "q-confirm-1", &confirm);
    let done = fake
        .wait_for("the creation", says_to(900, "is created"))
        .await;
    // A second press of the same button creates nothing more.
    fake.press(900, "q-confirm-2", &confirm);
    fake.wait_for("the second answer", says_to(900, "no sale draft waiting"))
        .await;

    let store = Store::open(&db, 2).await.expect("store");
    let sales = store.all_sales(10).await.expect("sales");
    assert_eq!(sales.len(), 1, "{}", text_of(&done));
    assert_eq!(sales[0].draft.title.as_str(), "Switch OLED");
    assert_eq!(sales[0].draft.price.minor(), 209_900);
    store.close().await;

    fake.text_from(55, "en", "/sales");
    fake.wait_for("the catalog with the new sale", says_to(55, "Switch OLED"))
        .await;
    running.stop().await;
}
