//! Builds the assistant from the configuration: store, gate, order writer, purchase path.

use std::sync::Arc;

use anyhow::Context;
use tokio::task::JoinHandle;

use super::context::{ContextStore, RedisContexts, SqlContexts};
use super::shared::SharedKeys;
use super::{Assistant, NoRefunds, Payments, Purchases};
use crate::clock::Clock;
use crate::config::Config;
use crate::i18n::Texts;
use crate::limits::Limits;
use crate::orders::{OrderWriter, WriterConfig};
use crate::stock::{EmbeddedGate, RedisGate, RedisGateConfig, SoldOutMemo, StockGate};
use crate::store::Store;

/// A ready assistant and the parts transports and tests may also need.
pub struct Wired {
    /// The conversation entry point.
    pub assistant: Arc<Assistant>,
    /// The purchase path behind it (demo seeding buys through it too).
    pub purchases: Purchases,
    /// The store behind it.
    pub store: Store,
    /// The order writer's task; it ends once every `Purchases` clone is dropped.
    pub writer_task: JoinHandle<()>,
}

impl Wired {
    /// Opens `DATABASE_URL` (migrating it unless `MIGRATE_ON_START=false`), picks the Redis gate when `REDIS_URL` is set and
    /// the embedded one otherwise, and starts the order writer.
    pub async fn build(config: &Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let store = Store::open_with(
            &config.database_url,
            config.db_max_connections.min(8),
            config.migrate_on_start,
        )
        .await
        .context("opening DATABASE_URL")?;
        let gate = build_gate(config, clock.clone(), &store).await?;
        let (writer, writer_task) = OrderWriter::spawn(store.clone(), WriterConfig::default());
        let purchases = Purchases::new(
            gate,
            writer,
            store.clone(),
            clock.clone(),
            chrono::Duration::seconds(i64::from(config.pay_window_secs)),
        );
        let texts = Arc::new(Texts::load());
        let mut assistant = Assistant::new(
            store.clone(),
            purchases.clone(),
            clock.clone(),
            texts.clone(),
            config.default_tz,
            Arc::new(
                Limits::connect(
                    &config.limits,
                    config.redis_url.as_deref(),
                    &config.redis_key_prefix,
                )
                .await
                .context("connecting the shared rate limits to REDIS_URL")?,
            ),
        )
        .with_admins(&config.admin_ids)
        .with_contexts(contexts(config, &store, clock.clone()).await?);
        if let Some(url) = &config.redis_url {
            let shared = SharedKeys::connect(url, &config.redis_key_prefix)
                .await
                .context("connecting the shared state to REDIS_URL")?;
            assistant = assistant.with_shared(shared);
        }
        let assistant = Arc::new(assistant);
        assistant.use_broadcast(config.broadcast);
        assistant.alerts().configure(config.alerts);
        // Refunds need a payment transport; Telegram's serve replaces this with its own.
        assistant.use_payments(Arc::new(Payments::new(
            store.clone(),
            purchases.gate().clone(),
            clock,
            texts,
            Arc::new(NoRefunds),
        )));
        Ok(Self {
            assistant,
            purchases,
            store,
            writer_task,
        })
    }
}

/// The configured stock gate over `store`: Redis (behind the per-process sold-out memo) when
/// `REDIS_URL` is set, else in-process.
pub async fn build_gate(
    config: &Config,
    clock: Arc<dyn Clock>,
    store: &Store,
) -> anyhow::Result<Arc<dyn StockGate>> {
    let source = Arc::new(store.clone());
    Ok(match &config.redis_url {
        Some(url) => Arc::new(SoldOutMemo::new(
            RedisGate::connect(
                RedisGateConfig::new(url, &config.redis_key_prefix),
                clock,
                source,
            )
            .await
            .context("connecting to REDIS_URL")?,
        )),
        None => Arc::new(EmbeddedGate::new(clock, source)),
    })
}

/// Where conversation contexts live: Redis when `REDIS_URL` is set, else the SQL store.
async fn contexts(
    config: &Config,
    store: &Store,
    clock: Arc<dyn Clock>,
) -> anyhow::Result<Arc<dyn ContextStore>> {
    Ok(match &config.redis_url {
        Some(url) => Arc::new(
            RedisContexts::connect(url, &config.redis_key_prefix)
                .await
                .context("connecting the conversation contexts to REDIS_URL")?,
        ),
        None => Arc::new(SqlContexts::new(store.clone(), clock)),
    })
}
