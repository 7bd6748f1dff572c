//! `/stats <sale>`'s table of where buyers came from: each channel or group post (by chat
//! title and post number), each sharer, and direct, with buyers and units.

use std::collections::HashMap;

use crate::app::failure::Failure;
use crate::app::merchant::Merchant;
use crate::domain::{OrderSource, SaleId};
use crate::i18n::Msg;

/// Most source rows shown; the rest are added up in one "other sources" row.
const MAX_ROWS: usize = 12;

impl Merchant {
    /// The lines of the buyers-by-source table for `sale` (empty without orders).
    pub(crate) async fn source_lines(&self, sale: SaleId) -> Result<Vec<Msg>, Failure> {
        let counts = self
            .store
            .sale_sources(sale)
            .await
            .map_err(|e| Failure::new("sources not read", e).sale(sale))?;
        if counts.is_empty() {
            return Ok(Vec::new());
        }
        let posts = self
            .store
            .posts_of_sale(sale)
            .await
            .map_err(|e| Failure::new("posts not read", e).sale(sale))?;
        let mut titles: HashMap<i64, String> = HashMap::new();
        let mut lines = vec![Msg::new("stats-sources-head")];
        let (shown, rest) = counts.split_at(counts.len().min(MAX_ROWS));
        for count in shown {
            let msg = match count.source {
                None => Msg::new("stats-source-direct"),
                Some(OrderSource::Post(id)) => {
                    let chat = posts.iter().find(|p| p.id == id).map(|p| p.chat_id);
                    let title = match chat {
                        Some(chat) => self.chat_title(chat, &mut titles).await,
                        None => String::from("?"),
                    };
                    Msg::new("stats-source-post")
                        .arg("post", id)
                        .arg("chat", title)
                }
                Some(OrderSource::Share(user)) => {
                    let who = match self.store.user(user).await {
                        Ok(Some(u)) => u.username.map(|n| format!("@{n}")),
                        _ => None,
                    };
                    Msg::new("stats-source-share")
                        .arg("who", who.unwrap_or_else(|| user.get().to_string()))
                }
            };
            lines.push(msg.arg("buyers", count.buyers).arg("units", count.units));
        }
        if !rest.is_empty() {
            let buyers: i64 = rest.iter().map(|c| c.buyers).sum();
            let units: i64 = rest.iter().map(|c| c.units).sum();
            lines.push(
                Msg::new("stats-source-other")
                    .arg("count", i64::try_from(rest.len()).unwrap_or(i64::MAX))
                    .arg("buyers", buyers)
                    .arg("units", units),
            );
        }
        Ok(lines)
    }

    /// A linked chat's title (its id when it is no longer linked), read once per table.
    async fn chat_title(&self, chat: i64, titles: &mut HashMap<i64, String>) -> String {
        if let Some(title) = titles.get(&chat) {
            return title.clone();
        }
        let title = match self.store.linked_chat(chat).await {
            Ok(Some(linked)) => linked.title,
            Ok(None) => chat.to_string(),
            Err(e) => {
                tracing::warn!(chat, error = %e, "chat title not read for /stats");
                chat.to_string()
            }
        };
        titles.insert(chat, title.clone());
        title
    }
}
