//! A sale's card as posted in a channel or group: the same details as the private card
//! (title, price, countdown or stock left, the end), with buttons for everyone in the chat
//! as the phase allows (Remind me before the start, Buy while selling, the waitlist once
//! sold out). The transport signs its buttons for the post rather than for one user, since
//! everyone in the chat may press them.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use sha2::{Digest, Sha256};

use crate::app::browse::Browse;
use crate::app::browse::present::{self, SaleView};
use crate::app::inbound::Reply;
use crate::app::turn::action::Action;
use crate::app::turn::answer::Answer;
use crate::delivery::post_cadence::PostPhase;
use crate::domain::{Phase, SaleId};
use crate::i18n::{Locale, Msg};
use crate::store::StoreError;

/// A post's card, rendered, and the phase its schedule follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostCard {
    pub reply: Reply,
    pub phase: PostPhase,
}

impl PostCard {
    /// A short digest of what the post shows (text and buttons): an unchanged post is not
    /// edited again.
    pub fn digest(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.reply.text.as_bytes());
        for b in &self.reply.buttons {
            h.update([0]);
            h.update(b.label.as_bytes());
            h.update([0]);
            h.update(b.payload.as_bytes());
        }
        h.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// The post of one sale at `now`, in the display zone `tz`.
pub(crate) fn post_card(view: &SaleView, now: DateTime<Utc>, tz: Tz) -> (Answer, PostPhase) {
    let id = view.sale.id;
    let window = &view.sale.draft.window;
    let answer = Answer::from_lines(present::details(view, now, tz));
    match view.phase {
        Phase::Upcoming => (
            answer
                .line(Msg::new("post-footer"))
                .button(Msg::new("post-button-remind"), Action::Remind(id)),
            PostPhase::CountingDown {
                starts_at: window.starts_at(),
            },
        ),
        Phase::Live => (
            answer
                .line(Msg::new("post-footer"))
                .button(Msg::new("post-button-buy"), Action::Buy(id, 1)),
            PostPhase::Selling {
                ends_at: window.ends_at(),
            },
        ),
        Phase::SoldOut => (
            answer.button(Msg::new("post-button-waitlist"), Action::Waitlist(id)),
            // Until the end, a cancelled order or a restock may put units back on sale.
            PostPhase::Selling {
                ends_at: window.ends_at(),
            },
        ),
        Phase::Ended | Phase::Cancelled => (answer, PostPhase::Final),
    }
}

impl Browse {
    /// The post of `sale` as it is now, in `locale`; `Ok(None)` once the sale is gone.
    pub(crate) async fn post_card_in(
        &self,
        sale: SaleId,
        locale: Locale,
    ) -> Result<Option<PostCard>, StoreError> {
        let Some((view, now)) = self.view_now(sale).await? else {
            return Ok(None);
        };
        let (answer, phase) = post_card(&view, now, self.tz);
        Ok(Some(PostCard {
            reply: answer.render(&self.texts, locale),
            phase,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Currency, Money, PerUserLimit, Sale, SaleDraft, SaleWindow, Stock, Title};
    use chrono::{Duration, TimeZone};

    fn view(remaining: u32, phase: Phase) -> SaleView {
        let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
        let draft = SaleDraft::new(
            Title::parse("Kindle").unwrap(),
            vec![],
            Money::from_minor(100, Currency::Cny).unwrap(),
            Stock::parse(10).unwrap(),
            PerUserLimit::parse(2).unwrap(),
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

    fn rendered(remaining: u32, phase: Phase, locale: Locale) -> (PostCard, Vec<String>) {
        let texts = crate::i18n::Texts::load();
        // A fixed instant inside the sale's window: every render reads the same.
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 12, 10, 0).unwrap();
        let (answer, phase) = post_card(&view(remaining, phase), now, chrono_tz::UTC);
        let reply = answer.render(&texts, locale);
        let payloads = reply.buttons.iter().map(|b| b.payload.clone()).collect();
        (PostCard { reply, phase }, payloads)
    }

    #[test]
    fn a_post_offers_remind_then_buy_then_the_waitlist_and_nothing_once_over() {
        let (up, b) = rendered(10, Phase::Upcoming, Locale::En);
        assert_eq!(b, ["rem:4"]);
        assert!(matches!(up.phase, PostPhase::CountingDown { .. }));
        let (live, b) = rendered(7, Phase::Live, Locale::En);
        assert_eq!(b, ["buy:4:1"]);
        assert!(matches!(live.phase, PostPhase::Selling { .. }));
        assert!(live.reply.text.contains("7"), "{}", live.reply.text);
        let (_, b) = rendered(0, Phase::SoldOut, Locale::En);
        assert_eq!(b, ["wl:4"]);
        for phase in [Phase::Ended, Phase::Cancelled] {
            let (over, b) = rendered(0, phase, Locale::En);
            assert!(b.is_empty());
            assert_eq!(over.phase, PostPhase::Final);
        }
    }

    #[test]
    fn the_digest_changes_with_the_stock_and_the_language_but_not_otherwise() {
        let (a, _) = rendered(7, Phase::Live, Locale::En);
        let (same, _) = rendered(7, Phase::Live, Locale::En);
        let (fewer, _) = rendered(6, Phase::Live, Locale::En);
        let (zh, _) = rendered(7, Phase::Live, Locale::ZhCn);
        assert_eq!(a.digest(), same.digest());
        assert_ne!(a.digest(), fewer.digest());
        assert_ne!(a.digest(), zh.digest());
    }
}
