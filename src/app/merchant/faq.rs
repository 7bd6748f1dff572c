//! Merchant-written answers to everyday shopper questions: `/faq` (shop-wide: list, set
//! with `/faq shipping=…`, clear), `/editsale <sale> faq.shipping=…` (per sale, which wins),
//! audited. The answer a shopper gets for a question's topic is in `browse/faq.rs`.

use serde_json::{Map, Value, json};

use crate::app::assistant::Turn;
use crate::app::failure::{Context, Failure};
use crate::app::merchant::Merchant;
use crate::app::merchant::commands::StaffCall;
use crate::app::or_answer;
use crate::app::turn::answer::Answer;
use crate::domain::{Sale, SaleId};
use crate::i18n::Msg;
use crate::nlu::Topic;

/// Longest answer a merchant may write.
const MAX_ANSWER: usize = 500;

/// `topic=text` pairs in `args` (a key prefixed with `prefix`, e.g. `faq.`), values running
/// to the next pair; `Err` with the first key that names no topic. Quotes around a value go.
pub(crate) fn pairs(args: &[&str], prefix: &str) -> Result<Vec<(Topic, String)>, String> {
    let mut out: Vec<(Topic, String)> = Vec::new();
    for word in args {
        let key = word
            .split_once('=')
            .and_then(|(k, v)| Some((k.to_lowercase().strip_prefix(prefix)?.to_owned(), v)));
        match key {
            Some((k, v)) => match Topic::parse(&k) {
                Some(t) => out.push((t, v.to_owned())),
                None => return Err(k),
            },
            None => match out.last_mut() {
                Some((_, value)) => {
                    value.push(' ');
                    value.push_str(word);
                }
                None => return Err((*word).to_owned()),
            },
        }
    }
    let unquote = |v: &str| {
        v.trim()
            .trim_matches(|c| matches!(c, '"' | '“' | '”' | '「' | '」'))
            .trim()
            .to_owned()
    };
    Ok(out.into_iter().map(|(t, v)| (t, unquote(&v))).collect())
}

/// Whether `/editsale` arguments write answers (`faq.<topic>=`) rather than sale fields.
pub(crate) fn is_faq_edit(args: &[&str]) -> bool {
    args.iter()
        .skip(1)
        .any(|a| a.to_lowercase().starts_with("faq."))
}

impl Merchant {
    /// `/faq`, `/faq <sale>`, `/faq topic=text …`, `/faq clear <topic|all>`.
    pub(crate) async fn faq_command(&self, call: StaffCall<'_>) -> Result<Answer, Failure> {
        let StaffCall { turn, staff, args } = call;
        Ok(match args {
            [] => self.faq_list(None).await?,
            [one] if !one.contains('=') && one.to_lowercase() != "clear" => {
                match self.managed_sale(staff, &[one], "faq-usage").await? {
                    Ok(sale) => self.faq_list(Some(&sale)).await?,
                    Err(a) => a,
                }
            }
            [clear, what] if clear.to_lowercase() == "clear" => {
                let topic = match what.to_lowercase().as_str() {
                    "all" => None,
                    t => match Topic::parse(t) {
                        Some(t) => Some(t),
                        None => return Ok(self.faq_unknown(t)),
                    },
                };
                self.faq_clear(turn, None, topic).await?
            }
            _ => match pairs(args, "") {
                Ok(p) => self.faq_write(turn, None, p).await?,
                Err(k) => self.faq_unknown(&k),
            },
        })
    }

    /// `/editsale <sale> faq.topic=text …` (an empty text clears that answer).
    pub(crate) async fn faq_sale_edit(&self, call: StaffCall<'_>) -> Result<Answer, Failure> {
        let StaffCall { turn, staff, args } = call;
        let Some((raw, rest)) = args.split_first() else {
            return Ok(Answer::new(Msg::new("faq-usage")));
        };
        let sale = or_answer!(self.managed_sale(staff, &[raw], "faq-usage").await?);
        match pairs(rest, "faq.") {
            Ok(p) => self.faq_write(turn, Some(sale.id), p).await,
            Err(k) => Ok(self.faq_unknown(&k)),
        }
    }

    fn faq_unknown(&self, key: &str) -> Answer {
        let names: Vec<&str> = Topic::ALL.iter().map(|t| t.as_str()).collect();
        Answer::new(
            Msg::new("faq-unknown-topic")
                .arg("key", key)
                .arg("topics", names.join(", ")),
        )
        .line(Msg::new("faq-usage"))
    }

    async fn faq_list(&self, sale: Option<&Sale>) -> Result<Answer, Failure> {
        let id = sale.map(|s| s.id);
        let own = match id {
            Some(_) => self
                .store
                .faq_answers(id)
                .await
                .context("faq answers not read")?,
            None => Vec::new(),
        };
        let shop = self
            .store
            .faq_answers(None)
            .await
            .context("faq answers not read")?;
        let head = match sale {
            Some(s) => Msg::new("faq-list-sale")
                .arg("sale", s.id.get())
                .arg("title", s.draft.title.as_str()),
            None => Msg::new("faq-list-shop"),
        };
        let mut answer = Answer::new(head);
        for topic in Topic::ALL {
            let find = |v: &[(String, String)]| {
                v.iter()
                    .find(|(t, _)| t == topic.as_str())
                    .map(|(_, a)| a.clone())
            };
            let line = match (find(&own), find(&shop)) {
                (Some(a), _) => Msg::new("faq-line-sale").arg("answer", a),
                (None, Some(a)) => Msg::new("faq-line").arg("answer", a),
                (None, None) => Msg::new("faq-line-empty"),
            };
            answer = answer.line(line.arg("topic", topic.as_str()));
        }
        Ok(answer.line(Msg::new("faq-usage")))
    }

    async fn faq_write(
        &self,
        turn: &Turn,
        sale: Option<SaleId>,
        pairs: Vec<(Topic, String)>,
    ) -> Result<Answer, Failure> {
        if pairs.is_empty() {
            return Ok(Answer::new(Msg::new("faq-usage")));
        }
        if let Some((t, _)) = pairs.iter().find(|(_, v)| v.chars().count() > MAX_ANSWER) {
            return Ok(Answer::new(
                Msg::new("faq-too-long")
                    .arg("topic", t.as_str())
                    .arg("max", MAX_ANSWER as i64),
            ));
        }
        let (mut was, mut now) = (Map::new(), Map::new());
        let mut answer = Answer::from_lines(Vec::new());
        for (topic, text) in &pairs {
            let result = if text.is_empty() {
                self.store
                    .clear_faq(sale, Some(topic.as_str()))
                    .await
                    .map(|_| None)
            } else {
                self.store
                    .put_faq(sale, topic.as_str(), text, turn.user, turn.now)
                    .await
            };
            let b = result.map_err(|e| Failure::new("faq answer not stored", e).user(turn.user))?;
            was.insert(topic.as_str().into(), b.map_or(Value::Null, Value::from));
            now.insert(topic.as_str().into(), Value::from(text.as_str()));
            let key = if text.is_empty() {
                "faq-cleared"
            } else {
                "faq-set"
            };
            answer = answer.line(Msg::new(key).arg("topic", topic.as_str()));
        }
        self.audit_faq(turn, sale, Value::Object(was), Value::Object(now))
            .await;
        Ok(answer)
    }

    async fn faq_clear(
        &self,
        turn: &Turn,
        sale: Option<SaleId>,
        topic: Option<Topic>,
    ) -> Result<Answer, Failure> {
        let n = self
            .store
            .clear_faq(sale, topic.map(Topic::as_str))
            .await
            .map_err(|e| Failure::new("faq answers not cleared", e).user(turn.user))?;
        let what = topic.map_or("all", Topic::as_str);
        self.audit_faq(turn, sale, json!({ what: n }), json!(null))
            .await;
        Ok(Answer::new(Msg::new("faq-cleared").arg("topic", what)))
    }

    async fn audit_faq(&self, turn: &Turn, sale: Option<SaleId>, was: Value, now: Value) {
        let subject = sale.map_or_else(|| "shop".to_owned(), |s| format!("sale:{s}"));
        tracing::info!(actor = turn.user.get(), subject, "faq answers changed");
        self.browse.contacts_changed();
        self.record(turn.user, "faq", subject, was, now, turn.now)
            .await;
    }
}
