//! The sale card: what a sale is now (price, stock left, limit, countdown or "live now")
//! with the buttons that fit its phase: Buy ×1 / ×2 when live, Remind me (and Verify now,
//! when the sale asks for a captcha) while upcoming, and Refresh. Shown to one customer, a
//! live card never offers more than they may still buy: at their limit it says so, names
//! their orders and offers no Buy. Transports that can edit messages keep a shown card current.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::app::browse::Browse;
use crate::app::browse::holding::Holding;
use crate::app::browse::present::{self, SaleView};
use crate::app::inbound::{Card, Reply};
use crate::app::turn::action::Action;
use crate::app::turn::answer::Answer;
use crate::domain::{OrderId, Phase, Sale, SaleId, UserId};
use crate::i18n::{Locale, Msg};
use crate::store::StoreError;

/// Most units offered as one-tap Buy buttons on a card (×1, ×2).
const QUICK_BUY_MAX: u32 = 2;

/// The card of one sale at `now`, in the display zone `tz`, for someone holding none of it
/// (a broadcast, or a sale not live).
pub(crate) fn sale_card(view: &SaleView, now: DateTime<Utc>, tz: Tz) -> Answer {
    sale_card_for(view, now, tz, &Holding::default())
}

/// The card of one sale for a customer holding `holding` of it: a live card's Buy buttons
/// stay within what they may still buy, and at their limit it offers their orders instead.
pub(crate) fn sale_card_for(
    view: &SaleView,
    now: DateTime<Utc>,
    tz: Tz,
    holding: &Holding,
) -> Answer {
    let id = view.sale.id;
    let counts_down_to =
        (view.phase == Phase::Upcoming).then(|| view.sale.draft.window.starts_at());
    let mut card = Answer::from_lines(present::details(view, now, tz)).with_card(Card {
        sale: id,
        counts_down_to,
    });
    match view.phase {
        Phase::Live => {
            let limit = view.sale.draft.per_user_limit.get();
            let more = limit.saturating_sub(holding.units);
            if holding.units > 0 {
                card = card.line(holding.held_line(limit));
            }
            if more == 0 {
                return card
                    .button(Msg::new("button-orders"), Action::Orders)
                    .button(Msg::new("button-refresh"), Action::Refresh(id));
            }
            let most = holding.room(limit, view.remaining).min(QUICK_BUY_MAX);
            for qty in 1..=most.max(1) {
                card = card.button(
                    Msg::new("button-buy-n").arg("qty", qty),
                    Action::Buy(id, qty),
                );
            }
            card.button(Msg::new("button-refresh"), Action::Refresh(id))
        }
        // No Buy before the start: the countdown flips the card to one with fresh Buy buttons.
        Phase::Upcoming if view.sale.draft.captcha => card
            .button(Msg::new("button-verify"), Action::Verify(id))
            .button(Msg::new("button-remind"), Action::Remind(id))
            .button(Msg::new("button-refresh"), Action::Refresh(id)),
        Phase::Upcoming => card
            .button(Msg::new("button-remind"), Action::Remind(id))
            .button(Msg::new("button-refresh"), Action::Refresh(id)),
        // Someone holding all they may gets their orders: a unit coming back can't be theirs.
        Phase::SoldOut if holding.units >= view.sale.draft.per_user_limit.get() => card
            .line(
                Msg::new("buy-sold-out-holding")
                    .arg("held", holding.units)
                    .arg("limit", view.sale.draft.per_user_limit.get()),
            )
            .button(Msg::new("button-orders"), Action::Orders)
            .button(Msg::new("button-list"), Action::List),
        Phase::SoldOut => card
            .button(Msg::new("button-waitlist"), Action::Waitlist(id))
            .button(Msg::new("button-list"), Action::List),
        Phase::Ended | Phase::Cancelled => card.button(Msg::new("button-list"), Action::List),
    }
}

/// What the gate answered a won Buy press, and the order it became.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WonPress {
    /// The order stored for the press.
    pub order: OrderId,
    /// Units the press bought.
    pub qty: u32,
    /// Units of the sale left after it.
    pub remaining: u32,
    /// Units the buyer holds of the sale after it.
    pub held: u32,
}

/// The card of `sale` with `remaining` units left, for a customer holding `holding` of it:
/// the card [`Browse::card_for`] draws for the same state, without reading the store.
pub(crate) fn card_from_counts(
    sale: &Sale,
    remaining: u32,
    holding: &Holding,
    now: DateTime<Utc>,
    tz: Tz,
) -> Answer {
    let view = SaleView {
        sale: sale.clone(),
        remaining,
        phase: sale.phase(now, remaining),
    };
    sale_card_for(&view, now, tz, holding)
}

impl Browse {
    /// The pressed card after a won press, drawn from the cached `sale` and the gate's answer.
    /// A buyer's first order in the sale is all they hold, so nothing is read; one adding to
    /// earlier orders has them read (one SQL read), as the card names them and the gate
    /// counts units, not orders. `None` when they can't be read.
    pub(crate) async fn card_after_win(
        &self,
        sale: &Sale,
        user: UserId,
        won: WonPress,
    ) -> Option<Answer> {
        let holding = if won.held == won.qty {
            Holding {
                units: won.held,
                orders: vec![won.order],
            }
        } else {
            self.holding(user, sale.id).await?
        };
        let now = self.clock.now();
        Some(card_from_counts(
            sale,
            won.remaining,
            &holding,
            now,
            self.tz,
        ))
    }

    /// The card of `sale` as it is now, in `locale`, for `user` (who may hold some of it).
    pub(crate) async fn card_for(
        &self,
        sale: SaleId,
        user: UserId,
        locale: Locale,
    ) -> Result<Option<Reply>, StoreError> {
        let Some((view, now)) = self.view_now(sale).await? else {
            return Ok(None);
        };
        Ok(Some(
            self.card_of(&view, user, now)
                .await
                .render(&self.texts, locale),
        ))
    }

    /// The card of `view` for `user`: what they hold is read only when it is live or sold out.
    pub(crate) async fn card_of(
        &self,
        view: &SaleView,
        user: UserId,
        now: DateTime<Utc>,
    ) -> Answer {
        let holding = match view.phase {
            Phase::Live | Phase::SoldOut => {
                self.holding(user, view.sale.id).await.unwrap_or_default()
            }
            _ => Holding::default(),
        };
        sale_card_for(view, now, self.tz, &holding)
    }

    /// The card of `sale` as it is now, in `locale`, for no one in particular.
    pub(crate) async fn card_in(
        &self,
        sale: SaleId,
        locale: Locale,
    ) -> Result<Option<Reply>, StoreError> {
        let Some((view, now)) = self.view_now(sale).await? else {
            return Ok(None);
        };
        Ok(Some(
            sale_card(&view, now, self.tz).render(&self.texts, locale),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Currency, Money, PerUserLimit, Sale, SaleDraft, SaleWindow, Stock, Title};
    use chrono::{Duration, TimeZone};

    fn view(limit: i64, remaining: u32, phase: Phase) -> SaleView {
        let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
        let draft = SaleDraft::new(
            Title::parse("Kindle").unwrap(),
            vec![],
            Money::from_minor(100, Currency::Cny).unwrap(),
            Stock::parse(10).unwrap(),
            PerUserLimit::parse(limit).unwrap(),
            SaleWindow::new(t0, t0 + Duration::hours(1)).unwrap(),
            crate::domain::UserId::parse(1).unwrap(),
        )
        .unwrap();
        SaleView {
            sale: Sale {
                id: SaleId::parse(4).unwrap(),
                draft,
                status: crate::domain::SaleStatus::Active,
            },
            remaining,
            phase,
        }
    }

    fn actions(answer: &Answer) -> Vec<String> {
        let texts = crate::i18n::Texts::load();
        answer
            .render(&texts, Locale::En)
            .buttons
            .into_iter()
            .map(|b| b.payload)
            .collect()
    }

    #[test]
    fn a_live_card_offers_buy_one_and_two_within_the_limit_and_refresh() {
        let now = Utc::now();
        let tz = chrono_tz::UTC;
        assert_eq!(
            actions(&sale_card(&view(3, 10, Phase::Live), now, tz)),
            ["buy:4:1", "buy:4:2", "ref:4"]
        );
        assert_eq!(
            actions(&sale_card(&view(1, 10, Phase::Live), now, tz)),
            ["buy:4:1", "ref:4"]
        );
        assert_eq!(
            actions(&sale_card(&view(5, 1, Phase::Live), now, tz)),
            ["buy:4:1", "ref:4"]
        );
    }

    fn holding(units: u32, orders: &[i64]) -> Holding {
        Holding {
            units,
            orders: orders
                .iter()
                .map(|&o| crate::domain::OrderId::parse(o).unwrap())
                .collect(),
        }
    }

    #[test]
    fn a_live_card_for_someone_at_their_limit_offers_their_orders_and_no_buy() {
        let card = sale_card_for(
            &view(2, 10, Phase::Live),
            Utc::now(),
            chrono_tz::UTC,
            &holding(2, &[7]),
        );
        assert_eq!(actions(&card), ["orders", "ref:4"]);
        let text = card.render(&crate::i18n::Texts::load(), Locale::En).text;
        assert!(text.contains("You hold the maximum"), "{text}");
        assert!(text.contains("#7"), "{text}");
    }

    #[test]
    fn a_live_card_never_offers_more_than_the_room_left() {
        let card = sale_card_for(
            &view(3, 10, Phase::Live),
            Utc::now(),
            chrono_tz::UTC,
            &holding(2, &[5, 6]),
        );
        assert_eq!(actions(&card), ["buy:4:1", "ref:4"]);
        let text = card.render(&crate::i18n::Texts::load(), Locale::ZhCn).text;
        assert!(text.contains("还可以再买 1 件"), "{text}");
    }

    #[test]
    fn an_upcoming_card_counts_down_and_offers_a_reminder() {
        let card = sale_card(&view(2, 10, Phase::Upcoming), Utc::now(), chrono_tz::UTC);
        assert_eq!(actions(&card), ["rem:4", "ref:4"]);
        let reply = card.render(&crate::i18n::Texts::load(), Locale::En);
        assert!(reply.card.is_some_and(|c| c.counts_down_to.is_some()));
    }

    #[test]
    fn an_upcoming_captcha_card_offers_verify_now_and_no_buy() {
        let mut v = view(2, 10, Phase::Upcoming);
        v.sale.draft = v.sale.draft.with_captcha(true);
        let card = sale_card(&v, Utc::now(), chrono_tz::UTC);
        assert_eq!(actions(&card), ["vfy:4", "rem:4", "ref:4"]);
    }

    #[test]
    fn a_finished_card_points_back_to_the_list_and_stops_counting() {
        for phase in [Phase::SoldOut, Phase::Ended, Phase::Cancelled] {
            let card = sale_card(&view(2, 0, phase), Utc::now(), chrono_tz::UTC);
            let want: &[&str] = if phase == Phase::SoldOut {
                &["wl:4", "list"]
            } else {
                &["list"]
            };
            assert_eq!(actions(&card), want);
            let reply = card.render(&crate::i18n::Texts::load(), Locale::En);
            assert!(reply.card.is_some_and(|c| c.counts_down_to.is_none()));
        }
    }
}
