//! `/editsale <sale> field=value …`: any field before the sale starts, only the title and
//! keywords after; merchants their own sales, admins any. The gate is reloaded from the store
//! so a new stock, limit or window counts at once, and the change is audited.

use serde_json::{Map, Value};

use crate::app::failure::Failure;
use crate::app::merchant::Merchant;
use crate::app::merchant::commands::StaffCall;
use crate::app::merchant::sale::args::SaleArgs;
use crate::app::merchant::sale::draft::field_lines;
use crate::app::merchant::sale::fields::{Ctx, Field, Fields};
use crate::app::merchant::sale::new_line::{args_error, field_error};
use crate::app::or_answer;
use crate::app::turn::answer::Answer;
use crate::domain::{SaleId, SaleStatus};
use crate::i18n::Msg;
use crate::stock::LoadMode;

fn usage(first: Msg) -> Answer {
    Answer::new(first).line(Msg::new("editsale-usage"))
}

/// The entries of `after` that differ from `before`, and what they were.
fn changes(before: &Fields, after: &Fields) -> (Value, Value) {
    let as_map = |f: &Fields| match serde_json::to_value(f) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    let (b, a) = (as_map(before), as_map(after));
    let mut was = Map::new();
    let mut now = Map::new();
    for (k, v) in &a {
        if b.get(k) != Some(v) {
            was.insert(k.clone(), b.get(k).cloned().unwrap_or(Value::Null));
            now.insert(k.clone(), v.clone());
        }
    }
    (Value::Object(was), Value::Object(now))
}

impl Merchant {
    /// `/editsale <sale> field=value …`.
    pub(crate) async fn edit_sale(&self, call: StaffCall<'_>) -> Result<Answer, Failure> {
        let StaffCall { turn, staff, args } = call;
        let parsed = match SaleArgs::parse(&args.join(" ")) {
            Ok(p) => p,
            Err(e) => return Ok(usage(args_error(e))),
        };
        let raw_id = match parsed.words.as_slice() {
            [id] if !parsed.pairs.is_empty() => id.as_str(),
            [_, extra, ..] => return Ok(usage(Msg::new("args-extra").arg("word", extra.as_str()))),
            _ => return Ok(Answer::new(Msg::new("editsale-usage"))),
        };
        let sale = or_answer!(
            self.managed_sale(staff, &[raw_id], "editsale-usage")
                .await?
        );
        if sale.status == SaleStatus::Cancelled {
            return Ok(Answer::new(
                Msg::new("cancelsale-already").arg("sale", sale.id.get()),
            ));
        }
        let started = turn.now >= sale.draft.window.starts_at();
        let locked: Vec<&str> = parsed
            .pairs
            .iter()
            .filter(|(f, _)| !f.editable_when_live())
            .map(|(f, _)| f.name())
            .collect();
        if started && !locked.is_empty() {
            return Ok(Answer::new(
                Msg::new("editsale-started")
                    .arg("sale", sale.id.get())
                    .arg("fields", locked.join(", ")),
            ));
        }
        let before = Fields::of_sale(&sale);
        let mut after = before.clone();
        let ctx = Ctx {
            now: turn.now,
            tz: self.tz,
        };
        for field in Field::ALL {
            if let Some((_, value)) = parsed.pairs.iter().find(|(f, _)| *f == field)
                && let Err(reason) = after.apply(field, value, ctx, false)
            {
                return Ok(field_error(field, reason).line(Msg::new("editsale-usage")));
            }
        }
        let draft = match after.draft(sale.draft.owner) {
            Ok(d) => d,
            Err(reason) => return Ok(Answer::new(reason)),
        };
        match self
            .store
            .update_sale(sale.id, &draft, !locked.is_empty(), turn.now)
            .await
        {
            Ok(true) => {}
            Ok(false) => {
                return Ok(Answer::new(
                    Msg::new("editsale-raced").arg("sale", sale.id.get()),
                ));
            }
            Err(e) => return Err(Failure::new("sale not updated", e).sale(sale.id)),
        }
        self.load_gate(sale.id).await;
        self.browse.sales_changed();
        let (was, now) = changes(&before, &after);
        tracing::info!(
            actor = turn.user.get(),
            sale = sale.id.get(),
            "sale edited by staff"
        );
        self.record(
            turn.user,
            "edit-sale",
            format!("sale:{}", sale.id),
            was,
            now,
            turn.now,
        )
        .await;
        Ok(Answer::new(
            Msg::new("editsale-done")
                .arg("sale", sale.id.get())
                .arg("title", draft.title.as_str()),
        )
        .lines(field_lines(&after, self.tz)))
    }

    /// Replaces the gate's copy of a sale with the store's (stock, limit and window): on
    /// creation and on every edit, so no press has to read the sale from SQL.
    pub(crate) async fn load_gate(&self, id: SaleId) {
        let gate = self.purchases.gate();
        match self.store.load_gate_seed(id).await {
            Ok(Some(seed)) => {
                if let Err(e) = gate.load(&seed, LoadMode::Replace).await {
                    tracing::error!(sale = id.get(), error = %e, "gate not loaded with the sale");
                }
            }
            Ok(None) => {}
            Err(e) => tracing::error!(sale = id.get(), error = %e, "gate seed not read"),
        }
    }
}
