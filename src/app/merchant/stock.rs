//! Stock and order queries for merchants (their own sales) and admins (all sales):
//! `/stock`, `/stock <sale>`, `/mysales`, `/orders <sale>` with a CSV export.

use chrono::{DateTime, SecondsFormat, Utc};

use crate::app::assistant::Turn;
use crate::app::browse::present::local_time;
use crate::app::failure::{Context, Failure};
use crate::app::inbound::Document;
use crate::app::merchant::Merchant;
use crate::app::merchant::commands::{Staff, StaffCall};
use crate::app::merchant::roles::may_manage;
use crate::app::or_answer;
use crate::app::turn::answer::Answer;
use crate::domain::{Order, OrderState, Phase, Sale, SaleId, SaleStatus};
use crate::i18n::Msg;
use crate::store::{Role, SaleCounts};

/// Most sales one overview lists (keeps a message well under 4096 characters).
const MAX_ROWS: usize = 25;
/// Longest title shown in a table row.
const TITLE_CHARS: usize = 24;

/// The phase as the locale files name it.
fn phase_name(p: Phase) -> &'static str {
    match p {
        Phase::Upcoming => "upcoming",
        Phase::Live => "live",
        Phase::SoldOut => "soldout",
        Phase::Ended => "ended",
        Phase::Cancelled => "cancelled",
    }
}

fn short_title(sale: &Sale) -> String {
    let t = sale.draft.title.as_str();
    if t.chars().count() <= TITLE_CHARS {
        return t.to_owned();
    }
    format!("{}…", t.chars().take(TITLE_CHARS - 1).collect::<String>())
}

/// The two lines of one sale in the stock table.
fn stock_rows(sale: &Sale, c: &SaleCounts, now: DateTime<Utc>) -> [Msg; 2] {
    let sold = c.pending_units + c.paid_units;
    let rate = if c.stock == 0 {
        0
    } else {
        i64::from(sold) * 100 / i64::from(c.stock)
    };
    [
        Msg::new("stock-row-title")
            .arg("sale", sale.id.get())
            .arg("title", short_title(sale))
            .arg("phase", phase_name(sale.phase(now, c.remaining()))),
        Msg::new("stock-row-figures")
            .arg("stock", c.stock)
            .arg("reserved", c.pending_units)
            .arg("sold", sold)
            .arg("paid", c.paid_units)
            .arg("left", c.remaining())
            .arg("rate", rate),
    ]
}

/// Parses a sale id as typed (`42` or `#42`).
fn sale_arg(raw: &str) -> Option<SaleId> {
    let n = raw.trim_start_matches('#').parse::<i64>().ok()?;
    SaleId::parse(n).ok()
}

impl Merchant {
    /// The sale `args` names, if `staff` may manage it; else the translated refusal (the
    /// inner `Err`), or the failure to read it.
    pub(crate) async fn managed_sale(
        &self,
        staff: Staff,
        args: &[&str],
        usage: &'static str,
    ) -> Result<Result<Sale, Answer>, Failure> {
        let [raw] = args else {
            return Ok(Err(Answer::new(Msg::new(usage))));
        };
        let Some(id) = sale_arg(raw) else {
            return Ok(Err(Answer::new(
                Msg::new("staff-sale-bad-id").arg("raw", *raw),
            )));
        };
        let sale = match self.store.sale(id).await {
            Ok(Some(s)) => s,
            Ok(None) => {
                return Ok(Err(Answer::new(
                    Msg::new("staff-sale-unknown").arg("sale", id.get()),
                )));
            }
            Err(e) => return Err(Failure::new("sale not read", e).sale(id)),
        };
        if staff.role == Role::Customer {
            // A merchant revoked since: not "someone else's sale", but no longer theirs to run.
            tracing::info!(
                user = staff.user.get(),
                sale = id.get(),
                "sale management by a former merchant refused"
            );
            return Ok(Err(Answer::new(
                Msg::new("staff-no-longer-merchant").arg("sale", id.get()),
            )));
        }
        if !may_manage(staff.user, staff.role, &sale) {
            tracing::info!(
                user = staff.user.get(),
                sale = id.get(),
                "someone else's sale refused"
            );
            return Ok(Err(Answer::new(
                Msg::new("staff-sale-not-yours").arg("sale", id.get()),
            )));
        }
        Ok(Ok(sale))
    }

    /// `/stock` (live and upcoming sales) or `/stock <sale>` (one sale, with the gate's view).
    pub(crate) async fn stock(&self, call: StaffCall<'_>) -> Result<Answer, Failure> {
        let StaffCall { turn, staff, args } = call;
        if !args.is_empty() {
            return match self.managed_sale(staff, args, "stock-usage").await? {
                Ok(sale) => self.stock_of(turn, &sale).await,
                Err(a) => Ok(a),
            };
        }
        let sales = self
            .store
            .current_sales(turn.now)
            .await
            .context("sales not read")?;
        let mine: Vec<Sale> = sales
            .into_iter()
            .filter(|s| s.status == SaleStatus::Active && may_manage(staff.user, staff.role, s))
            .collect();
        if mine.is_empty() {
            return Ok(Answer::new(Msg::new("stock-none")));
        }
        let mut answer = Answer::new(Msg::new("stock-title").arg("count", mine.len() as i64));
        for sale in mine.iter().take(MAX_ROWS) {
            let c = self
                .store
                .sale_counts(sale.id)
                .await
                .map_err(|e| Failure::new("counts not read", e).sale(sale.id))?;
            answer = answer.lines(stock_rows(sale, &c, turn.now));
        }
        if mine.len() > MAX_ROWS {
            answer =
                answer.line(Msg::new("staff-more").arg("count", (mine.len() - MAX_ROWS) as i64));
        }
        Ok(answer)
    }

    async fn stock_of(&self, turn: &Turn, sale: &Sale) -> Result<Answer, Failure> {
        let counts = self
            .store
            .sale_counts(sale.id)
            .await
            .map_err(|e| Failure::new("counts not read", e).sale(sale.id))?;
        let gate = match self.purchases.gate().snapshot(sale.id).await {
            Ok(Some(s)) => Msg::new("stock-gate").arg("left", s.remaining),
            Ok(None) => Msg::new("stock-gate-empty"),
            Err(e) => {
                tracing::warn!(sale = sale.id.get(), error = %e, "gate not read");
                Msg::new("stock-gate-down")
            }
        };
        let mut answer = Answer::from_lines(stock_rows(sale, &counts, turn.now).to_vec());
        // Units offered to the waitlist are neither sold nor left: say so, so the sum holds.
        if counts.held_units > 0 {
            answer = answer.line(Msg::new("stock-held").arg("held", counts.held_units));
        }
        Ok(answer
            .line(Msg::new("stock-orders").arg("count", counts.orders))
            .line(gate))
    }

    /// `/mysales`: the sales a merchant owns (an admin: all), newest first.
    pub(crate) async fn my_sales(&self, turn: &Turn, staff: Staff) -> Result<Answer, Failure> {
        let sales = self.store.all_sales(500).await.context("sales not read")?;
        let mine: Vec<Sale> = sales
            .into_iter()
            .filter(|s| may_manage(staff.user, staff.role, s))
            .collect();
        if mine.is_empty() {
            return Ok(Answer::new(Msg::new("mysales-none")));
        }
        let mut rows = Vec::new();
        for s in mine.iter().take(MAX_ROWS) {
            // The same phase as /stock: sold out when the orders took every unit.
            let remaining = self
                .store
                .sale_counts(s.id)
                .await
                .map_err(|e| Failure::new("sale counts not read", e).sale(s.id))?
                .remaining();
            let phase = if s.status == SaleStatus::Cancelled {
                Phase::Cancelled
            } else {
                s.phase(turn.now, remaining)
            };
            rows.push(
                Msg::new("mysales-row")
                    .arg("sale", s.id.get())
                    .arg("title", short_title(s))
                    .arg("phase", phase_name(phase))
                    .arg("start", local_time(s.draft.window.starts_at(), self.tz)),
            );
        }
        let mut answer =
            Answer::new(Msg::new("mysales-title").arg("count", mine.len() as i64)).lines(rows);
        if mine.len() > MAX_ROWS {
            answer =
                answer.line(Msg::new("staff-more").arg("count", (mine.len() - MAX_ROWS) as i64));
        }
        Ok(answer)
    }

    /// `/orders <sale>`: a summary by state and every order as a CSV file.
    pub(crate) async fn sale_orders(&self, staff: Staff, args: &[&str]) -> Result<Answer, Failure> {
        let sale = or_answer!(self.managed_sale(staff, args, "orders-usage").await?);
        let orders = self
            .store
            .orders_for_sale(sale.id)
            .await
            .map_err(|e| Failure::new("orders not read", e).sale(sale.id))?;
        tracing::info!(
            user = staff.user.get(),
            sale = sale.id.get(),
            orders = orders.len(),
            "orders exported"
        );
        let head = Msg::new("orders-summary")
            .arg("sale", sale.id.get())
            .arg("title", short_title(&sale))
            .arg("count", orders.len() as i64);
        if orders.is_empty() {
            return Ok(Answer::new(head).line(Msg::new("orders-none")));
        }
        let states = [
            OrderState::Pending,
            OrderState::Paid,
            OrderState::Expired,
            OrderState::Cancelled,
        ];
        let lines = states.map(|state| {
            let of: Vec<&Order> = orders.iter().filter(|o| o.state == state).collect();
            Msg::new("orders-state")
                .arg("state", state.as_str())
                .arg("count", of.len() as i64)
                .arg(
                    "units",
                    of.iter().map(|o| i64::from(o.quantity.get())).sum::<i64>(),
                )
        });
        Ok(Answer::new(head)
            .lines(lines)
            .line(Msg::new("orders-csv"))
            .with_document(Document {
                file_name: format!("orders-sale-{}.csv", sale.id),
                bytes: orders_csv(&orders).into_bytes(),
            }))
    }
}

/// Orders as CSV: one header line (machine-readable column names), one row per order.
pub(crate) fn orders_csv(orders: &[Order]) -> String {
    let time = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut out = String::from(
        "order_id,sale_id,buyer_id,quantity,state,created_at,updated_at,pay_deadline\n",
    );
    for o in orders {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{}\n",
            o.id,
            o.sale,
            o.buyer,
            o.quantity.get(),
            o.state.as_str(),
            time(o.created_at),
            time(o.updated_at),
            time(o.pay_deadline)
        ));
    }
    out
}
