//! Contexts in Redis: `SET key json PX ttl` — the expiry is a duration on Redis's own clock.

use async_trait::async_trait;
use redis::AsyncCommands;

use crate::redis_link::RedisLink;

use super::{CONTEXT_TTL, Context, ContextError, ContextStore};
use crate::app::inbound::ChatId;

/// Contexts under `<prefix>ctx:<chat>`.
pub struct RedisContexts {
    conn: RedisLink,
    prefix: String,
}

fn failed(e: impl std::fmt::Display) -> ContextError {
    ContextError(e.to_string())
}

impl RedisContexts {
    /// Connects to `url` (one server, or a cluster's comma-separated nodes); keys start
    /// with `prefix`.
    pub async fn connect(url: &str, prefix: &str) -> Result<Self, redis::RedisError> {
        Ok(Self {
            conn: RedisLink::connect_url(url).await?,
            prefix: prefix.to_owned(),
        })
    }

    fn key(&self, chat: ChatId) -> String {
        format!("{}ctx:{}", self.prefix, chat.0)
    }
}

#[async_trait]
impl ContextStore for RedisContexts {
    async fn load(&self, chat: ChatId) -> Result<Option<Context>, ContextError> {
        let mut conn = self.conn.clone();
        let state: Option<String> = conn.get(self.key(chat)).await.map_err(failed)?;
        state.as_deref().map(Context::from_json).transpose()
    }

    async fn save(&self, chat: ChatId, context: &Context) -> Result<(), ContextError> {
        let mut conn = self.conn.clone();
        let ttl_ms = u64::try_from(CONTEXT_TTL.as_millis()).unwrap_or(u64::MAX);
        redis::cmd("SET")
            .arg(self.key(chat))
            .arg(context.to_json()?)
            .arg("PX")
            .arg(ttl_ms)
            .query_async::<()>(&mut conn)
            .await
            .map_err(failed)
    }

    async fn forget(&self, chat: ChatId) -> Result<(), ContextError> {
        let mut conn = self.conn.clone();
        conn.del::<_, ()>(self.key(chat)).await.map_err(failed)
    }
}
