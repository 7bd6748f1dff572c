//! One typed message in its context: a pending confirm's yes or no, "the first one" after a
//! list, "两个" after a card, then the acting policy on the parse. The context is read once
//! and written back only when it changed.

use crate::app::assistant::{Assistant, Turn};
use crate::app::browse::catalog::Catalog;
use crate::app::browse::present::{SaleView, total};
use crate::app::browse::sales::MAX_LISTED;
use crate::app::inbound::ChatId;
use crate::app::turn::action::Action;
use crate::app::turn::answer::Answer;
use crate::app::turn::context::replies::{bare_quantity, new_quantity, ordinal, thanks, yes_or_no};
use crate::app::turn::context::{Context, PendingBuy};
use crate::app::turn::policy::{Decision, decide};
use crate::domain::{Phase, SaleId};
use crate::i18n::{Locale, Msg};
use crate::nlu::{Intent, Parsed};

impl Assistant {
    /// Info, countdown, remind or buy: find the sale (or ask which), then act on it.
    pub(crate) async fn about_a_sale(
        &self,
        turn: &Turn,
        catalog: &Catalog,
        parsed: &Parsed,
        ctx: &mut Context,
    ) -> Answer {
        let make = |sale: SaleId| match parsed.intent {
            Intent::Countdown => Action::Countdown(sale),
            Intent::Remind => Action::Remind(sale),
            Intent::Buy => Action::Buy(sale, parsed.quantity.unwrap_or(1)),
            _ => Action::Info(sale),
        };
        let chosen = self.browse.resolve(catalog, parsed, ctx);
        let view = chosen.and_then(|id| catalog.view(id));
        // A sale that is not selling now answers as such ("starts in 5 min"), whatever count.
        let selling = view.is_none_or(|v| v.phase == Phase::Live);
        if let (Intent::Buy, Some(issue), true) = (parsed.intent, parsed.quantity_issue, selling) {
            let limit = view.map(|v| v.sale.draft.per_user_limit.get());
            let answer = crate::app::browse::sales::quantity_issue(issue, limit);
            return match view {
                Some(view) => {
                    // "buy 2" next refers to it, and the counts it allows are a tap away.
                    ctx.set_last_sale(view.sale.id);
                    crate::app::browse::sales::offer_counts(answer, view)
                }
                None => answer,
            };
        }
        if let Some(id) = chosen {
            ctx.set_last_sale(id);
            let mut answer = match view {
                Some(view) => self.act_on(turn, make(id), view).await,
                // Remembered from earlier but no longer current: still answer about it.
                None => match self.browse.sale_view(id, turn.now).await {
                    Ok(Ok(view)) => self.act_on(turn, make(id), &view).await,
                    Ok(Err(answer)) => answer,
                    Err(failure) => self.settle(turn, Err(failure)).await,
                },
            };
            if let Some((sale, qty)) = answer.confirm_as_pending() {
                ctx.pending = Some(PendingBuy::new(sale, qty, &turn.request));
            }
            return answer;
        }
        let mut offered: Vec<&SaleView> = parsed
            .candidates
            .iter()
            .filter_map(|c| c.parse::<i64>().ok())
            .filter_map(|n| SaleId::parse(n).ok())
            .filter_map(|id| catalog.view(id))
            .collect();
        if offered.is_empty() {
            offered = catalog
                .views
                .iter()
                .filter(|v| v.phase != Phase::Cancelled)
                .collect();
        }
        if offered.is_empty() {
            return Answer::new(Msg::new("list-empty")).line(Msg::new("fallback-hint"));
        }
        offered
            .into_iter()
            .take(MAX_LISTED)
            .fold(Answer::new(Msg::new("ask-which")), |a, v| {
                // A button that buys says so, with its quantity; a sale that can't be bought
                // now opens its card instead of a Buy that would only be refused.
                match make(v.sale.id) {
                    Action::Buy(sale, qty) if v.phase == Phase::Live => a.button(
                        Msg::new("button-buy-qty-title")
                            .arg("qty", qty)
                            .arg("title", v.title()),
                        Action::Buy(sale, qty),
                    ),
                    Action::Buy(sale, _) => a.button(
                        Msg::new("button-sale").arg("title", v.title()),
                        Action::Info(sale),
                    ),
                    action => a.button(Msg::new("button-sale").arg("title", v.title()), action),
                }
            })
    }

    /// The answers to a typed message (not a command) about the current sales.
    pub(crate) async fn converse(&self, turn: &Turn, catalog: &Catalog, text: &str) -> Vec<Answer> {
        let mut ctx = self.load_context(turn.chat).await;
        let before = ctx.clone();
        ctx.set_locale(turn.locale);
        let answers = self.converse_in(turn, catalog, text, &mut ctx).await;
        if ctx != before {
            self.save_context(turn.chat, &ctx).await;
        }
        answers
    }

    async fn converse_in(
        &self,
        turn: &Turn,
        catalog: &Catalog,
        text: &str,
        ctx: &mut Context,
    ) -> Vec<Answer> {
        // A pending confirm is answered now or dropped: the conversation moved on.
        if let Some(pending) = ctx.pending.take() {
            // "no, one" / "只要一个": the same sale, asked again for the new quantity.
            if let (Some(qty), Some((sale, _, _))) = (new_quantity(text), pending.parts()) {
                return vec![self.ask_to_confirm(turn, catalog, sale, qty, ctx).await];
            }
            match yes_or_no(text) {
                Some(true) => return vec![self.buy_pending(turn, pending).await],
                Some(false) => return vec![Answer::new(Msg::new("buy-cancelled")).with_way_out()],
                None => {}
            }
        }
        if let Some(sale) = ordinal(text).and_then(|n| ctx.shown(n)) {
            let info = Parsed {
                sale: Some(sale.to_string()),
                ..catalog.parser.parse(text)
            };
            return vec![self.about(turn, catalog, &info, Intent::Info, ctx).await];
        }
        if let (Some(qty), Some(sale)) = (bare_quantity(text), ctx.last_sale()) {
            return vec![self.ask_to_confirm(turn, catalog, sale, qty, ctx).await];
        }
        // "Thanks!": you're welcome, with a way on (not "didn't get it").
        if thanks(text) {
            return vec![Answer::new(Msg::new("policy-thanks")).with_way_out()];
        }
        let parsed = catalog.parser.parse(text);
        tracing::debug!(
            intent = parsed.intent.as_str(),
            act = ?parsed.act,
            confidence = parsed.confidence,
            sale = ?parsed.sale,
            "message parsed"
        );
        if let Some(answer) = self
            .customer
            .dead_end(turn, catalog, text, &parsed, ctx)
            .await
        {
            return vec![answer];
        }
        // A bare "yes" with nothing asked: say there is nothing to confirm, not "didn't get it".
        if parsed.intent == Intent::Unknown && yes_or_no(text) == Some(true) {
            return vec![Answer::new(Msg::new("policy-nothing-pending")).with_way_out()];
        }
        match decide(&parsed) {
            // Their orders one tap away: "I changed my mind" after a buy wants its Cancel.
            Decision::Acknowledge => vec![
                Answer::new(Msg::new("policy-nothing-bought"))
                    .button(Msg::new("button-list"), Action::List)
                    .button(Msg::new("button-orders"), Action::Orders),
            ],
            Decision::Card => {
                if parsed.intent == Intent::Unknown
                    && self.browse.resolve(catalog, &parsed, ctx).is_none()
                {
                    return vec![self.on_parsed(turn, catalog, &parsed, ctx).await];
                }
                let card = self.about(turn, catalog, &parsed, Intent::Info, ctx).await;
                vec![Answer::new(Msg::new("policy-how-to-buy")), card]
            }
            // Only about a sale it names: "my friend told me about this bot" is not about the
            // sale in context (a report is never read as referring to it).
            Decision::Report
                if !parsed.candidates.is_empty()
                    && self.browse.resolve(catalog, &parsed, ctx).is_some() =>
            {
                let card = self.about(turn, catalog, &parsed, Intent::Info, ctx).await;
                let said = Answer::new(Msg::new("policy-reported"))
                    .button(Msg::new("button-orders"), Action::Orders);
                vec![said, card]
            }
            Decision::Confirm if parsed.quantity_issue.is_none() => {
                match self.browse.resolve(catalog, &parsed, ctx) {
                    Some(sale) => {
                        let qty = parsed.quantity.unwrap_or(1);
                        vec![self.ask_to_confirm(turn, catalog, sale, qty, ctx).await]
                    }
                    None => vec![self.about(turn, catalog, &parsed, Intent::Info, ctx).await],
                }
            }
            Decision::Buy | Decision::Confirm | Decision::Report | Decision::Route => {
                vec![self.on_parsed(turn, catalog, &parsed, ctx).await]
            }
        }
    }

    /// The parse answered as its intent says (a buy here has passed the policy).
    async fn on_parsed(
        &self,
        turn: &Turn,
        catalog: &Catalog,
        parsed: &Parsed,
        ctx: &mut Context,
    ) -> Answer {
        match parsed.intent {
            Intent::List => {
                let (answer, shown) = self.browse.list(turn, catalog);
                ctx.set_shown(shown);
                answer
            }
            Intent::Orders => {
                let result = self.customer.orders(turn).await;
                self.settle(turn, result).await
            }
            Intent::Help => self.merchant.help_for(turn).await,
            Intent::Unknown => Answer::new(Msg::new("fallback"))
                .line(Msg::new("fallback-hint"))
                .with_way_out(),
            Intent::Info | Intent::Countdown | Intent::Remind | Intent::Buy => {
                self.about_a_sale(turn, catalog, parsed, ctx).await
            }
        }
    }

    /// `parsed` answered as `intent` (its quantity dropped unless it stays a buy).
    async fn about(
        &self,
        turn: &Turn,
        catalog: &Catalog,
        parsed: &Parsed,
        intent: Intent,
        ctx: &mut Context,
    ) -> Answer {
        let as_asked = Parsed {
            intent,
            quantity: None,
            quantity_issue: None,
            ..parsed.clone()
        };
        self.about_a_sale(turn, catalog, &as_asked, ctx).await
    }

    /// "Buy 2 × AirPods Pro 2? [Yes] [No]", remembered so a Yes (button or word) buys it
    /// once; a sale that is not live gets its card instead.
    async fn ask_to_confirm(
        &self,
        turn: &Turn,
        catalog: &Catalog,
        sale: SaleId,
        qty: u32,
        ctx: &mut Context,
    ) -> Answer {
        let view = match catalog.view(sale) {
            Some(v) => v.clone(),
            None => match self.browse.sale_view(sale, turn.now).await {
                Ok(Ok(v)) => v,
                Ok(Err(answer)) => return answer,
                Err(failure) => return self.settle(turn, Err(failure)).await,
            },
        };
        ctx.set_last_sale(sale);
        if view.phase != Phase::Live {
            return crate::app::browse::card::sale_card(&view, turn.now, self.browse.tz());
        }
        // Nothing to confirm past what they may buy: say so now (sold out first), not after a Yes.
        if let Some(refusal) = self.buy.beyond_room(turn, &view.sale, qty).await {
            return refusal;
        }
        ctx.pending = Some(PendingBuy::new(sale, qty, &turn.request));
        Answer::new(
            Msg::new("policy-confirm")
                .arg("qty", qty)
                .arg("title", view.title())
                .arg("total", total(view.sale.draft.price, qty)),
        )
        .button(Msg::new("button-yes"), Action::Yes)
        .button(Msg::new("button-no"), Action::Cancel)
    }

    /// Buys a confirmed pending buy under the request that asked, so repeated Yes presses
    /// and redelivered updates come back to the same single order.
    async fn buy_pending(&self, turn: &Turn, pending: PendingBuy) -> Answer {
        let Some((sale, qty, request)) = pending.parts() else {
            return Answer::new(Msg::new("policy-nothing-pending")).with_way_out();
        };
        let sale = match self.browse.sale_for_buying(sale).await {
            Ok(Ok(s)) => s,
            Ok(Err(answer)) => return answer,
            Err(failure) => return self.settle(turn, Err(failure)).await,
        };
        let asked = Turn {
            chat: turn.chat,
            user: turn.user,
            request,
            now: turn.now,
            locale: turn.locale,
            press: turn.press.clone(),
        };
        let result = self.buy.buy(&asked, &sale, qty, true).await;
        self.settle(turn, result).await
    }

    /// The Yes button of a confirm: buys what is pending in this chat, if anything; and the
    /// language the confirm was asked in.
    pub(crate) async fn yes_pressed(&self, turn: &Turn) -> (Answer, Option<Locale>) {
        let mut ctx = self.load_context(turn.chat).await;
        let Some(pending) = ctx.pending.take() else {
            // A Yes pressed again or redelivered after it bought: a toast is enough.
            let nothing = Answer::new(Msg::new("policy-nothing-pending")).brief();
            return (nothing, ctx.locale());
        };
        self.save_context(turn.chat, &ctx).await;
        (self.buy_pending(turn, pending).await, ctx.locale())
    }

    /// The No button: drops what is pending in this chat.
    pub(crate) async fn no_pressed(&self, turn: &Turn) -> (Answer, Option<Locale>) {
        let mut ctx = self.load_context(turn.chat).await;
        if ctx.pending.take().is_some() {
            self.save_context(turn.chat, &ctx).await;
        }
        let cancelled = Answer::new(Msg::new("buy-cancelled")).with_way_out();
        (cancelled, ctx.locale())
    }

    /// A confirm question a button led to ("Buy 7" on a card) is remembered like a typed one,
    /// so "yes" typed after it buys, once, under the request that asked.
    pub(crate) async fn remember_confirm(&self, turn: &Turn, mut answer: Answer) -> Answer {
        if let Some((sale, qty)) = answer.confirm_as_pending() {
            let mut ctx = self.load_context(turn.chat).await;
            ctx.set_last_sale(sale);
            ctx.pending = Some(PendingBuy::new(sale, qty, &turn.request));
            self.save_context(turn.chat, &ctx).await;
        }
        answer
    }

    /// Remembers `sale` as the one talked about in the chat (a button showed it).
    pub(crate) async fn remember_sale(&self, chat: ChatId, sale: SaleId) {
        let mut ctx = self.load_context(chat).await;
        if ctx.last_sale() != Some(sale) {
            ctx.set_last_sale(sale);
            self.save_context(chat, &ctx).await;
        }
    }

    /// Remembers the list a button showed.
    pub(crate) async fn remember_list(&self, chat: ChatId, shown: Vec<SaleId>) {
        let mut ctx = self.load_context(chat).await;
        ctx.set_shown(shown);
        self.save_context(chat, &ctx).await;
    }

    /// The chat's context; empty when there is none or it cannot be read (logged).
    async fn load_context(&self, chat: ChatId) -> Context {
        match self.contexts.load(chat).await {
            Ok(ctx) => ctx.unwrap_or_default(),
            Err(e) => {
                tracing::warn!(chat = chat.0, error = %e, "conversation context not read");
                Context::default()
            }
        }
    }

    async fn save_context(&self, chat: ChatId, ctx: &Context) {
        if let Err(e) = self.contexts.save(chat, ctx).await {
            tracing::warn!(chat = chat.0, error = %e, "conversation context not stored");
        }
    }
}
