//! A unit held by a waitlist offer tells one story everywhere: the offer (with Claim), a
//! refused buy, `my orders`, the sale's card and counts, a typed "claim" / "领取", and the
//! lapse notice, which speaks of "the next person in line" only when someone is in line.

use flashsale::app::jobs::waitlist_offers::CLAIM_WINDOW;
use flashsale::clock::Clock;
use flashsale::delivery::OutboxBody;
use flashsale::domain::OfferState;

use crate::support::app::GateKind;
use crate::support::db::{fresh_postgres, fresh_sqlite};
use crate::support::line::{Line, has_button, text};

/// The messages queued for user `u` so far (taken off the queue).
async fn queued_for(line: &Line, u: i64) -> Vec<OutboxBody> {
    let now = line.shop.clock.now();
    let items = line
        .shop
        .store
        .claim_due_messages_for(Some(u), now, 20)
        .await
        .expect("outbox");
    items
        .iter()
        .map(|i| serde_json::from_str(&i.body).expect("body"))
        .collect()
}

/// User 1 takes the only unit and lets it lapse while `waiting` users are in line; the
/// first of them is offered the unit.
async fn offered_line(line: &Line, waiting: &[i64], lang: &str) {
    let won = line.say(1, "buy airpods", "en", "b1").await;
    assert!(text(&won).contains("You got it"), "{won:?}");
    for u in waiting {
        if lang != "en" {
            line.say(*u, "/lang zh", lang, &format!("l{u}")).await;
        }
        let sale = line.shop.sale.id;
        line.press(*u, &format!("wl:{sale}"), &format!("w{u}"))
            .await;
    }
    line.after_pay_window();
    assert_eq!(line.expiry.step().await.expect("expiry").units_released, 1);
    assert_eq!(line.waitlist.step().await.expect("step").offered, 1);
}

async fn gate_remaining(line: &Line) -> u32 {
    let snap = line.shop.gate.snapshot(line.shop.sale.id).await;
    snap.expect("snapshot").expect("loaded").remaining
}

#[tokio::test]
async fn a_held_unit_shows_in_buy_my_orders_and_the_card_and_typing_claim_takes_it() {
    let line = Line::open(GateKind::Redis, fresh_postgres("wl_story").await, 1, 1).await;
    offered_line(&line, &[2], "en").await;
    let offer = line.open_offer(2).await.expect("offered to 2");
    let claim = format!("cl:{}", offer.id);

    let notices = queued_for(&line, 2).await;
    let notice = notices.last().expect("the offer is queued");
    assert!(notice.text.contains("is held for you"), "{notice:?}");
    assert!(notice.text.contains("goes back on sale"), "{notice:?}");
    assert!(
        !notice.text.contains("next person"),
        "nobody else waits: {notice:?}"
    );
    assert_eq!(notice.buttons[0][0].1, claim, "{notice:?}");

    let buy = line.say(2, "buy airpods", "en", "b2").await;
    assert!(text(&buy).contains("already held for you"), "{buy:?}");
    assert!(!text(&buy).contains("You already hold"), "{buy:?}");
    assert!(has_button(&buy, &claim), "{buy:?}");

    let mine = line.say(2, "my orders", "en", "o2").await;
    assert!(text(&mine).contains("Held for you"), "{mine:?}");
    assert!(!text(&mine).contains("no orders"), "{mine:?}");
    assert!(has_button(&mine, &claim), "{mine:?}");

    let counts = line
        .shop
        .store
        .sale_counts(line.shop.sale.id)
        .await
        .expect("counts");
    assert_eq!((counts.remaining(), gate_remaining(&line).await), (0, 0));
    let card = line.say(3, "airpods", "en", "i3").await;
    assert!(text(&card).contains("sold out"), "{card:?}");
    assert!(text(&card).contains("0 of 1 left"), "{card:?}");

    let won = line.say(2, "Claim!", "en", "c2").await;
    assert!(
        text(&won).contains("You got it: 1 × AirPods Pro 2"),
        "{won:?}"
    );
    let mine = line.say(2, "my orders", "en", "o2b").await;
    assert!(!text(&mine).contains("Held for you"), "{mine:?}");
    assert!(text(&mine).contains("AirPods Pro 2 × 1"), "{mine:?}");
    let again = line.say(2, "claim", "en", "c2b").await;
    assert!(
        text(&again).contains("Nothing is held for you"),
        "{again:?}"
    );
    let counts = line
        .shop
        .store
        .sale_counts(line.shop.sale.id)
        .await
        .expect("counts");
    assert_eq!((counts.live_units, counts.remaining()), (1, 0));
    assert_eq!(gate_remaining(&line).await, 0);
}

#[tokio::test]
async fn in_chinese_the_offer_my_orders_and_a_typed_lingqu_claim_the_held_unit() {
    let line = Line::open(GateKind::Embedded, fresh_sqlite().await, 1, 1).await;
    offered_line(&line, &[2], "zh-CN").await;
    let offer = line.open_offer(2).await.expect("offered to 2");

    let notices = queued_for(&line, 2).await;
    let notice = notices.last().expect("the offer is queued");
    assert!(notice.text.contains("为你保留"), "{notice:?}");
    assert!(notice.text.contains("重新开售"), "{notice:?}");
    assert_eq!(
        notice.buttons[0][0],
        ("✅ 立即领取".to_owned(), format!("cl:{}", offer.id))
    );

    let buy = line.say(2, "我要抢耳机", "zh-CN", "b2").await;
    assert!(text(&buy).contains("已从候补名单为你保留"), "{buy:?}");
    let mine = line.say(2, "我的订单", "zh-CN", "o2").await;
    assert!(text(&mine).contains("为你保留（候补）"), "{mine:?}");

    let won = line.say(2, "领取", "zh-CN", "c2").await;
    assert!(!text(&won).contains("保留"), "{won:?}");
    let stored = line
        .shop
        .store
        .offer(offer.id)
        .await
        .expect("read")
        .expect("offer");
    assert_eq!(stored.state, OfferState::Claimed);
    let again = line.say(2, "领取", "zh-CN", "c2b").await;
    assert!(text(&again).contains("目前没有为你保留的商品"), "{again:?}");
}

#[tokio::test]
async fn a_lapsed_offer_goes_to_the_next_person_only_when_someone_is_in_line() {
    let line = Line::open(GateKind::Embedded, fresh_sqlite().await, 1, 1).await;
    offered_line(&line, &[2, 3], "en").await;
    let first = queued_for(&line, 2).await;
    assert!(
        first[0].text.contains("goes to the next person in line"),
        "{first:?}"
    );

    line.shop.clock.advance(CLAIM_WINDOW);
    let report = line.waitlist.step().await.expect("step");
    assert_eq!((report.lapsed, report.offered), (1, 1));
    let lapsed = queued_for(&line, 2).await;
    assert!(
        lapsed[0].text.contains("went to the next person in line"),
        "{lapsed:?}"
    );
    let second = queued_for(&line, 3).await;
    assert!(second[0].text.contains("goes back on sale"), "{second:?}");

    line.shop.clock.advance(CLAIM_WINDOW);
    assert_eq!(line.waitlist.step().await.expect("step").lapsed, 1);
    let lapsed = queued_for(&line, 3).await;
    assert!(lapsed[0].text.contains("went back on sale"), "{lapsed:?}");
    assert!(!lapsed[0].text.contains("next person"), "{lapsed:?}");
    assert_eq!(gate_remaining(&line).await, 1, "the unit is on sale again");
}
