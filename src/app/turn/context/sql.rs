//! Contexts in the SQL store: the expiry is an instant from the injected clock, and a read
//! compares it with the same clock.

use std::sync::Arc;

use async_trait::async_trait;

use super::{CONTEXT_TTL, Context, ContextError, ContextStore};
use crate::app::inbound::ChatId;
use crate::clock::Clock;
use crate::store::Store;

/// Contexts in the `conversation_context` table.
pub struct SqlContexts {
    store: Store,
    clock: Arc<dyn Clock>,
}

impl SqlContexts {
    /// Contexts in `store`, aged by `clock`.
    pub fn new(store: Store, clock: Arc<dyn Clock>) -> Self {
        Self { store, clock }
    }
}

fn failed(e: impl std::fmt::Display) -> ContextError {
    ContextError(e.to_string())
}

#[async_trait]
impl ContextStore for SqlContexts {
    async fn load(&self, chat: ChatId) -> Result<Option<Context>, ContextError> {
        let now = self.clock.now();
        let state = self
            .store
            .conversation_context(chat.0, now)
            .await
            .map_err(failed)?;
        state.as_deref().map(Context::from_json).transpose()
    }

    async fn save(&self, chat: ChatId, context: &Context) -> Result<(), ContextError> {
        let ttl = chrono::Duration::from_std(CONTEXT_TTL).map_err(failed)?;
        let expires_at = self.clock.now() + ttl;
        self.store
            .put_conversation_context(chat.0, &context.to_json()?, expires_at)
            .await
            .map_err(failed)
    }

    async fn forget(&self, chat: ChatId) -> Result<(), ContextError> {
        self.store
            .drop_conversation_context(chat.0)
            .await
            .map_err(failed)
    }
}
