//! Inline mode (`@bot airpods` in any chat): the current sales matching a query, by the
//! intent parser's product matching (English and Chinese names, keywords, small typos), each
//! rendered as the card a channel post shows; `#12` asks for sale 12 (the Share button's
//! query).

use crate::app::browse::Browse;
use crate::app::browse::post_card::{PostCard, post_card};
use crate::app::failure::Failure;
use crate::domain::{Phase, SaleId};
use crate::i18n::Locale;

/// Most results one inline answer lists.
pub const MAX_INLINE_RESULTS: usize = 10;

/// One sale offered as an inline result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineCard {
    pub sale: SaleId,
    /// The product name (the result's title).
    pub title: String,
    /// The card sent when the result is chosen, with the buttons its phase allows.
    pub card: PostCard,
}

impl Browse {
    /// The current sales matching `query` (every one for an empty query), best first, as
    /// cards in `locale`; ended and cancelled sales are left out.
    pub(crate) async fn inline_cards(
        &self,
        query: &str,
        locale: Locale,
    ) -> Result<Vec<InlineCard>, Failure> {
        let now = self.clock.now();
        let catalog = self.catalog(now).await?;
        let query = query.trim();
        let open = |v: &&crate::app::browse::present::SaleView| {
            !matches!(v.phase, Phase::Ended | Phase::Cancelled)
        };
        let views: Vec<_> = if query.is_empty() {
            catalog.views.iter().filter(open).collect()
        } else if let Some(id) = query.strip_prefix('#').and_then(|n| n.parse::<i64>().ok()) {
            catalog
                .views
                .iter()
                .filter(|v| v.sale.id.get() == id)
                .filter(open)
                .collect()
        } else {
            let parsed = catalog.parser.parse(query);
            parsed
                .candidates
                .iter()
                .filter_map(|id| catalog.views.iter().find(|v| v.sale.id.to_string() == *id))
                .filter(open)
                .collect()
        };
        Ok(views
            .into_iter()
            .take(MAX_INLINE_RESULTS)
            .map(|view| {
                let (answer, phase) = post_card(view, now, self.tz);
                InlineCard {
                    sale: view.sale.id,
                    title: view.sale.draft.title.as_str().to_owned(),
                    card: PostCard {
                        reply: answer.render(&self.texts, locale),
                        phase,
                    },
                }
            })
            .collect())
    }
}
