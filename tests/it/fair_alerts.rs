//! The new anomaly alerts reach the admin once per window: a burst of brand-new users at a
//! sale's start, a user's streak of wrong captcha answers, and gate/store drift seen by the
//! drift watch in two checks running.

use std::sync::Arc;

use chrono::Duration;
use flashsale::app::jobs::drift_watch::DriftWatch;
use flashsale::clock::Clock;
use flashsale::domain::{Quantity, RequestId};

use crate::support::admin::{ADMIN, uid};
use crate::support::conv::{Bot, bot_with};
use crate::support::fair::{answers, buy_as, captcha_sale, press_as};

/// The alerts queued for the admin whose dedupe key starts with `alert:<kind>`.
async fn alerts_of(bot: &Bot, kind: &str) -> Vec<String> {
    let later = bot.clock.now() + Duration::hours(1);
    bot.store
        .claim_due_messages_for(Some(ADMIN), later, 100)
        .await
        .expect("outbox")
        .into_iter()
        .filter(|m| m.dedupe_key.starts_with(&format!("alert:{kind}:")))
        .map(|m| m.body)
        .collect()
}

/// A sale that started two seconds ago: 50 units, one each.
async fn lego_at_its_start(bot: &Bot) -> flashsale::domain::SaleId {
    bot.sale(
        "Lego",
        &["lego"],
        50,
        1,
        Duration::seconds(-2),
        Duration::hours(1),
    )
    .await
}

#[tokio::test]
async fn a_burst_of_new_users_at_the_start_raises_one_alert() {
    let bot = bot_with(&[("ADMIN_IDS", "900"), ("ALERT_NEW_USERS", "3")]).await;
    let sale = lego_at_its_start(&bot).await;
    for u in 1..=6 {
        let said = crate::support::fair::text(&buy_as(&bot, uid(3_000 + u), sale, 1).await);
        assert!(said.contains("You got it"), "{said}");
    }
    let alerts = alerts_of(&bot, "new-user-burst").await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert!(alerts[0].contains("3 brand-new users"), "{}", alerts[0]);
}

/// Presses of buttons that carry their message's language are answered before their users
/// are recorded: the new buyers still count, once the store has them.
#[tokio::test]
async fn new_users_answered_in_their_buttons_language_still_raise_the_alert() {
    use flashsale::app::{Action, ChatId, Content, Inbound, Press};
    use flashsale::i18n::Locale;
    let bot = bot_with(&[("ADMIN_IDS", "900"), ("ALERT_NEW_USERS", "3")]).await;
    let sale = lego_at_its_start(&bot).await;
    for u in 1..=6 {
        let buyer = uid(5_000 + u);
        let pressed = bot
            .wired
            .assistant
            .handle_press(
                Inbound {
                    chat: ChatId(buyer.get()),
                    user: buyer,
                    language_code: Some("en".into()),
                    content: Content::Press(Action::Buy(sale, 1)),
                    request: RequestId::parse(&format!("cb-new-{u}")).expect("id"),
                },
                Press {
                    minted_at: bot.clock.now(),
                    token: Some(format!("tok-new-{u}")),
                    on_card: false,
                    source: None,
                    shown_in: Some(Locale::ZhCn),
                },
            )
            .await;
        let said = crate::support::fair::text(&pressed.replies);
        assert!(said.contains("抢到了"), "{said}");
    }
    let mut alerts = Vec::new();
    for _ in 0..100 {
        alerts = alerts_of(&bot, "new-user-burst").await;
        if !alerts.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(alerts.len(), 1, "{alerts:?}");
}

#[tokio::test]
async fn a_streak_of_wrong_captcha_answers_raises_one_alert() {
    let bot = bot_with(&[("ADMIN_IDS", "900"), ("ALERT_CAPTCHA_STREAK", "3")]).await;
    let sale = captcha_sale(&bot, 10, 1, Duration::minutes(-1)).await;
    let player = uid(4_242);
    // Three wrong (then locked out), a minute later three more: still one alert.
    for _ in 0..2 {
        let mut replies = buy_as(&bot, player, sale, 1).await;
        for _ in 0..3 {
            let (_, wrong) = answers(&replies);
            replies = press_as(&bot, player, &wrong).await;
            if replies[0].buttons.is_empty() {
                break;
            }
        }
        bot.clock.advance(Duration::seconds(61));
    }
    let alerts = alerts_of(&bot, "captcha-streak").await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert!(alerts[0].contains("User 4242"), "{}", alerts[0]);
}

#[tokio::test]
async fn drift_seen_in_two_checks_running_raises_one_alert_per_sale_and_window() {
    let bot = bot_with(&[("ADMIN_IDS", "900")]).await;
    let sale = bot.live_kindle().await;
    let gate = bot.wired.purchases.gate().clone();
    let watch = DriftWatch::new(
        bot.store.clone(),
        gate.clone(),
        bot.wired.assistant.alerts().clone(),
        bot.clock.clone() as Arc<dyn Clock>,
    );
    assert!(watch.step().await.is_empty(), "no drift yet");
    // A reservation the store never hears of: the gate now says one unit fewer.
    let one = Quantity::parse(1).unwrap();
    gate.try_buy(sale, uid(9), one, &RequestId::parse("lost-1").unwrap())
        .await
        .expect("gate");
    assert!(watch.step().await.is_empty(), "one check is not enough");
    assert_eq!(watch.step().await, vec![sale]);
    assert_eq!(watch.step().await, vec![sale]);
    let alerts = alerts_of(&bot, "drift").await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert!(
        alerts[0].contains("says 9 left") && alerts[0].contains("the orders 10"),
        "{}",
        alerts[0]
    );
}
