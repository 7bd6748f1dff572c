//! The local chat shows what Telegram would for messages the bot sends on its own: a
//! waitlist offer with its Claim button, a reminder with its Buy button, a Stars invoice as
//! a line with a Pay number that completes a simulated payment, all pressed by number.

use std::io::Write;
use std::sync::{Arc, Mutex};

use chrono::Duration;
use std::time::Duration as StdDuration;

use flashsale::app::merchant::announce_status::AnnouncementWorker;
use flashsale::chat::Chat;
use flashsale::chat::pushed;
use flashsale::chat::screen::Screen;
use flashsale::clock::Clock;
use flashsale::delivery::OutboxWorker;
use flashsale::domain::{
    Currency, Money, OrderState, PerUserLimit, SaleDraft, SaleWindow, Stock, Title, UserId,
};
use flashsale::i18n::{Locale, Texts};

use crate::support::app::GateKind;
use crate::support::db::fresh_sqlite;
use crate::support::line::Line;
use crate::support::user;

/// Everything printed so far, shared with the screen.
#[derive(Clone, Default)]
struct Printed(Arc<Mutex<Vec<u8>>>);

impl Write for Printed {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("printed").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Printed {
    /// What was printed since the last call.
    fn take(&self) -> String {
        let bytes = std::mem::take(&mut *self.0.lock().expect("printed"));
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// The terminal user 2 in `lang`, on `line`, with the outbox delivering to their screen.
fn terminal(line: &Line, lang: Locale) -> (Chat, Printed, OutboxWorker) {
    let (chat, printed, outbox, _) = terminal_screen(line, lang);
    (chat, printed, outbox)
}

/// [`terminal`] and its screen.
fn terminal_screen(line: &Line, lang: Locale) -> (Chat, Printed, OutboxWorker, Arc<Screen>) {
    let printed = Printed::default();
    let screen = Screen::new(Box::new(printed.clone()));
    let chat = Chat::new(line.assistant.clone(), screen.clone(), user(2), lang);
    let clock = line.shop.clock.clone() as Arc<dyn Clock>;
    let texts = Arc::new(Texts::load());
    let outbox = pushed::outbox_worker(line.shop.store.clone(), clock, screen.clone(), 2, texts);
    (chat, printed, outbox, screen)
}

/// The number printed before `label` ("  [3] 🛒 label").
fn number_of(screen: &str, label: &str) -> String {
    let line = screen
        .lines()
        .rfind(|l| l.trim_start().starts_with('[') && l.contains(label))
        .unwrap_or_else(|| panic!("no button {label:?} in {screen}"));
    let inner = line.trim_start().trim_start_matches('[');
    inner.split(']').next().expect("a number").to_owned()
}

#[tokio::test]
async fn a_waitlist_offer_arrives_in_the_chat_with_a_claim_number_that_claims_it() {
    for (lang, claim_label, won) in [
        (Locale::En, "✅ Claim it", "You got it: 1 × AirPods Pro 2"),
        (Locale::ZhCn, "✅ 立即领取", "抢到了"),
    ] {
        let line = Line::open(GateKind::Embedded, fresh_sqlite().await, 1, 1).await;
        let (mut chat, printed, outbox) = terminal(&line, lang);
        chat.type_line(&format!("/lang {}", lang.code()))
            .await
            .expect("typed");
        line.say(1, "buy airpods", "en", "b1").await;
        chat.type_line("buy airpods").await.expect("typed");
        let sold_out = printed.take();
        chat.type_line(&number_of(&sold_out, "🔔"))
            .await
            .expect("joined");
        line.after_pay_window();
        line.expiry.step().await.expect("expiry");
        assert_eq!(line.waitlist.step().await.expect("offer").offered, 1);
        printed.take();

        assert_eq!(outbox.step().await.expect("delivered").sent, 1);
        let shown = printed.take();
        assert!(shown.contains(claim_label), "{shown}");
        chat.type_line(&number_of(&shown, claim_label))
            .await
            .expect("claimed");
        let claimed = printed.take();
        assert!(claimed.contains(won), "{claimed}");
        let orders = line
            .shop
            .store
            .orders_of_buyer(user(2), 5)
            .await
            .expect("orders");
        assert_eq!((orders.len(), orders[0].state), (1, OrderState::Pending));
    }
}

#[tokio::test]
async fn a_reminder_arrives_with_a_buy_number_and_a_stars_invoice_is_paid_by_number() {
    let line = Line::open(GateKind::Embedded, fresh_sqlite().await, 5, 2).await;
    let store = &line.shop.store;
    let now = line.shop.clock.now();
    let starts = now + Duration::minutes(30);
    let draft = SaleDraft::new(
        Title::parse("Star Lamp").expect("title"),
        vec!["lamp".into(), "台灯".into()],
        Money::from_minor(50, Currency::Xtr).expect("price"),
        Stock::parse(3).expect("stock"),
        PerUserLimit::parse(1).expect("limit"),
        SaleWindow::new(starts, starts + Duration::hours(1)).expect("window"),
        UserId::parse(1).expect("owner"),
    )
    .expect("draft");
    store.create_sale(&draft, now).await.expect("sale");
    let (mut chat, printed, outbox) = terminal(&line, Locale::En);
    chat.type_line("remind me about the lamp")
        .await
        .expect("typed");
    assert!(printed.take().contains("I'll remind you"));

    line.shop.clock.advance(Duration::minutes(25));
    assert_eq!(outbox.step().await.expect("soon").sent, 1);
    let soon = printed.take();
    assert!(soon.contains("Star Lamp starts in 5 minutes"), "{soon}");
    assert!(
        soon.contains("[1] "),
        "the Details button is a number: {soon}"
    );

    line.shop.clock.advance(Duration::minutes(5));
    assert_eq!(outbox.step().await.expect("start").sent, 1);
    let live = printed.take();
    assert!(live.contains("Tap to buy"), "{live}");
    chat.type_line(&number_of(&live, "Buy 1 now"))
        .await
        .expect("bought");
    let won = printed.take();
    assert!(won.contains("You got it: 1 × Star Lamp"), "{won}");
    assert!(won.contains("🧾 Invoice: Star Lamp"), "{won}");
    assert!(won.contains("Pay 50 ⭐ (simulated)"), "{won}");

    chat.type_line(&number_of(&won, "Pay 50 ⭐"))
        .await
        .expect("paid");
    let paid = printed.take();
    let orders = store.orders_of_buyer(user(2), 5).await.expect("orders");
    assert_eq!(orders[0].state, OrderState::Paid, "{paid}");
    assert!(!paid.trim().is_empty());
    chat.type_line(&number_of(&won, "Pay 50 ⭐"))
        .await
        .expect("again");
    let again = printed.take();
    let orders = store.orders_of_buyer(user(2), 5).await.expect("orders");
    assert_eq!(
        (orders.len(), orders[0].state),
        (1, OrderState::Paid),
        "{again}"
    );
}

#[tokio::test]
async fn an_announcement_reaches_the_chat_with_its_buttons_and_the_merchant_sees_its_status() {
    for (lang, send, updated) in [
        (Locale::En, "Send", "✏️ (updated)"),
        (Locale::ZhCn, "发送", "✏️（已更新）"),
    ] {
        let line = Line::open(GateKind::Embedded, fresh_sqlite().await, 5, 2).await;
        line.say(1, "airpods", "en", "seen1").await;
        let (mut chat, printed, outbox, screen) = terminal_screen(&line, lang);
        chat.type_line(&format!("/lang {}", lang.code()))
            .await
            .expect("typed");
        chat.type_line("/as admin").await.expect("typed");
        let sale = line.shop.sale.id;
        chat.type_line(&format!("/announce {sale} all Back in stock!"))
            .await
            .expect("typed");
        let confirm = printed.take();
        chat.type_line(&number_of(&confirm, send))
            .await
            .expect("sent");
        printed.take();

        let board = Arc::new(pushed::ScreenBoard::new(
            screen,
            Arc::new(Texts::load()),
            lang,
        ));
        let status =
            AnnouncementWorker::new(line.assistant.clone(), board, StdDuration::from_secs(1));
        status.step().await.expect("queued");
        let posted = printed.take();
        assert!(
            posted.contains(&format!("#{sale}")),
            "the status is posted: {posted}"
        );
        assert_eq!(outbox.step().await.expect("delivered").sent, 1);
        let card = printed.take();
        assert!(card.contains("Back in stock!"), "{card}");
        assert!(
            card.contains("[1] "),
            "the card's buttons are numbers: {card}"
        );
        status.step().await.expect("progress");
        let progress = printed.take();
        assert!(progress.contains(updated), "{progress}");
        assert_ne!(
            progress.replace(updated, "").trim(),
            posted.trim(),
            "{progress}"
        );
    }
}

#[tokio::test]
async fn a_reminder_subscribed_in_english_arrives_in_chinese_after_lang_zh() {
    let line = Line::open(GateKind::Embedded, fresh_sqlite().await, 5, 2).await;
    let now = line.shop.clock.now();
    let starts = now + Duration::minutes(30);
    let draft = SaleDraft::new(
        Title::parse("Star Lamp").expect("title"),
        vec!["lamp".into(), "台灯".into()],
        Money::from_minor(9_900, Currency::Cny).expect("price"),
        Stock::parse(3).expect("stock"),
        PerUserLimit::parse(1).expect("limit"),
        SaleWindow::new(starts, starts + Duration::hours(1)).expect("window"),
        UserId::parse(1).expect("owner"),
    )
    .expect("draft");
    line.shop
        .store
        .create_sale(&draft, now)
        .await
        .expect("sale");
    let (mut chat, printed, outbox) = terminal(&line, Locale::En);
    chat.type_line("/lang en").await.expect("typed");
    chat.type_line("remind me about the lamp")
        .await
        .expect("typed");
    assert!(printed.take().contains("I'll remind you"));
    chat.type_line("/lang zh").await.expect("typed");
    assert!(printed.take().contains("中文"));

    line.shop.clock.advance(Duration::minutes(25));
    outbox.step().await.expect("soon");
    let soon = printed.take();
    assert!(soon.contains("Star Lamp 还有 5 分钟开抢"), "{soon}");
    assert!(soon.contains("ℹ️ 详情"), "{soon}");
    line.shop.clock.advance(Duration::minutes(5));
    outbox.step().await.expect("start");
    let live = printed.take();
    assert!(live.contains("开抢了"), "{live}");
    assert!(!live.contains("is live now"), "{live}");
    chat.type_line(&number_of(&live, "立即抢 1 件"))
        .await
        .expect("bought");
    assert!(printed.take().contains("抢到了"));
}

#[tokio::test]
async fn an_announced_card_offers_each_recipient_only_what_they_may_still_buy() {
    for (lang, send, buy_one, buy_two, held, at_max, orders) in [
        (
            Locale::En,
            "Send",
            "Buy 1",
            "Buy 2",
            "you can buy 1 more",
            "You hold the maximum",
            "My orders",
        ),
        (
            Locale::ZhCn,
            "发送",
            "买 1 件",
            "买 2 件",
            "还可以再买 1 件",
            "你已买满",
            "我的订单",
        ),
    ] {
        let line = Line::open(GateKind::Embedded, fresh_sqlite().await, 5, 2).await;
        let (mut chat, printed, outbox) = terminal(&line, lang);
        chat.type_line(&format!("/lang {}", lang.code()))
            .await
            .expect("typed");
        chat.type_line("buy 1 airpods").await.expect("bought");
        assert!(printed.take().contains("#"), "an order");
        chat.type_line("/as admin").await.expect("typed");
        let sale = line.shop.sale.id;
        let announce = async |chat: &mut Chat| {
            chat.type_line(&format!("/announce {sale} all Last units!"))
                .await
                .expect("typed");
            let confirm = printed.take();
            assert!(confirm.contains(&format!("[1] {send}")), "{confirm}");
            chat.type_line("1").await.expect("sent");
            let started = printed.take();
            assert_eq!(
                outbox.step().await.expect("delivered").sent,
                1,
                "{confirm}{started}"
            );
            printed.take()
        };
        let card = announce(&mut chat).await;
        assert!(card.contains("Last units!"), "{card}");
        assert!(card.contains(held), "{card}");
        assert!(card.contains(buy_one), "{card}");
        assert!(
            !card.contains(buy_two),
            "no Buy 2 above the room left: {card}"
        );

        // A Buy 2 from an older card is answered with the room left and its button.
        let stale = line.press(2, &format!("buy:{sale}:2"), "stale2").await;
        let offered: Vec<&str> = stale
            .iter()
            .flat_map(|r| r.buttons.iter().map(|b| b.payload.as_str()))
            .collect();
        assert!(
            offered.contains(&format!("buy:{sale}:1").as_str()),
            "{stale:?}"
        );
        assert!(
            stale.iter().all(|r| !r.text.contains("sold out")),
            "{stale:?}"
        );
        chat.type_line(&number_of(&card, buy_one))
            .await
            .expect("pressed");
        let won = printed.take();
        let bought = line
            .shop
            .store
            .orders_of_buyer(user(2), 5)
            .await
            .expect("orders");
        assert_eq!(bought.len(), 2, "{won}");

        let card = announce(&mut chat).await;
        assert!(card.contains(at_max), "{card}");
        assert!(card.contains(orders), "{card}");
        assert!(!card.contains(buy_one), "no Buy at the limit: {card}");
    }
}
