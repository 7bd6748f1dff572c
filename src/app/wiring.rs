//! Builds the assistant from the configuration, each part once: store, gate, order writer,
//! purchase path, texts, payments and alerts (the workers are started by `crate::bootstrap`).

use std::sync::Arc;

use anyhow::Context;
use tokio::task::JoinHandle;

use crate::app::shared::SharedKeys;
use crate::app::turn::context::{ContextStore, RedisContexts, SqlContexts};
use crate::app::{Assistant, NoRefunds, Payments, Purchases, Refunder, Services};
use crate::clock::Clock;
use crate::config::Config;
use crate::i18n::Texts;
use crate::limits::Limits;
use crate::orders::{OrderWriter, WriterConfig};
use crate::stock::{EmbeddedGate, RedisGate, RedisGateConfig, SoldOutMemo, StockGate};
use crate::store::Store;

/// How long a clean stop waits for queued first contacts to be written.
const FIRST_CONTACTS_WITHIN: std::time::Duration = std::time::Duration::from_secs(10);

/// A ready assistant and the parts transports and tests may also need.
pub struct Wired {
    /// The conversation entry point.
    pub assistant: Arc<Assistant>,
    /// The purchase path behind it (demo seeding buys through it too).
    pub purchases: Purchases,
    /// The store behind it.
    pub store: Store,
    /// The rendered texts, loaded once for everything built here.
    pub texts: Arc<Texts>,
    /// The order writer's task; it ends once every `Purchases` clone is dropped.
    pub writer_task: JoinHandle<()>,
}

impl Wired {
    /// Drops the app, waits for the users it queued for recording and for the order writer
    /// to flush what it holds, then closes the store. Call it once nothing else holds the
    /// assistant or a `Purchases`.
    pub async fn close(self) -> anyhow::Result<()> {
        let first_contacts = self.assistant.users.background();
        drop((self.assistant, self.purchases));
        // New users queued for recording are written before the store closes.
        first_contacts.close();
        if tokio::time::timeout(FIRST_CONTACTS_WITHIN, first_contacts.wait())
            .await
            .is_err()
        {
            tracing::warn!("first contacts still being written at shutdown; some may be lost");
        }
        self.writer_task.await.context("order writer")?;
        self.store.close().await;
        Ok(())
    }

    /// [`Wired::build_with`] for transports without refunds (the terminal chat, tests).
    pub async fn build(config: &Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        Self::build_with(config, clock, Arc::new(NoRefunds)).await
    }

    /// Opens `DATABASE_URL` (migrating it unless `MIGRATE_ON_START=false`), picks the Redis gate when `REDIS_URL` is set and
    /// the embedded one otherwise, starts the order writer, and refunds through `refunder`.
    pub async fn build_with(
        config: &Config,
        clock: Arc<dyn Clock>,
        refunder: Arc<dyn Refunder>,
    ) -> anyhow::Result<Self> {
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
        let payments = Arc::new(Payments::new(
            store.clone(),
            purchases.gate().clone(),
            clock.clone(),
            texts.clone(),
            refunder,
        ));
        let mut services = Services::new(
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
        .admins(&config.admin_ids)
        .payments(payments)
        .contexts(contexts(config, &store, clock).await?);
        if let Some(url) = &config.redis_url {
            let shared = SharedKeys::connect(url, &config.redis_key_prefix)
                .await
                .context("connecting the shared state to REDIS_URL")?;
            services = services.shared(shared);
        }
        let assistant = Arc::new(services.assistant());
        assistant.use_broadcast(config.broadcast);
        assistant.use_default_lang(config.default_lang);
        assistant.alerts().configure(config.alerts);
        Ok(Self {
            assistant,
            purchases,
            store,
            texts,
            writer_task,
        })
    }
}

/// The configured stock gate over `store`: Redis (behind the per-process sold-out memo unless
/// `SOLD_OUT_MEMO=false`) when `REDIS_URL` is set, else in-process.
pub async fn build_gate(
    config: &Config,
    clock: Arc<dyn Clock>,
    store: &Store,
) -> anyhow::Result<Arc<dyn StockGate>> {
    let source = Arc::new(store.clone());
    let Some(url) = &config.redis_url else {
        return Ok(Arc::new(EmbeddedGate::new(clock, source)));
    };
    let redis = RedisGate::connect(
        RedisGateConfig::new(url.expose(), &config.redis_key_prefix),
        clock,
        source,
    )
    .await
    .context("connecting to REDIS_URL")?;
    Ok(if config.sold_out_memo {
        Arc::new(SoldOutMemo::new(redis))
    } else {
        Arc::new(redis)
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
