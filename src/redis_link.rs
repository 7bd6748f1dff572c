//! One Redis handle for every Redis use (the gate, the shared limits): a single server or a
//! Redis Cluster, chosen by `REDIS_URL`, behind redis-rs's own async connection types.
//!
//! `REDIS_URL` holding one `redis://` URL means one server (a reconnecting
//! `ConnectionManager`); several comma-separated URLs mean the seed nodes of a cluster
//! (redis-rs's cluster client: slot routing, `MOVED`/`ASK`, reconnects and failovers are the
//! library's). Every multi-key script touches keys of one hash tag, so one slot.
//!
//! One exception to "the library's": after a master is killed, redis-rs 1.8's async cluster
//! connection keeps routing its slots to the dead address and every call times out, even
//! once a replica has taken over (seen in `cluster_stampede`). So a cluster call that fails
//! with a connection error or a timeout rebuilds the connection from the seed nodes (at
//! most once a second, one rebuild at a time); the caller still gets its error and the
//! buyer is told to try again, and the next call finds the new topology.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use redis::aio::{ConnectionLike, ConnectionManager, ConnectionManagerConfig};
use redis::cluster::{ClusterClient, ClusterClientBuilder};
use redis::cluster_async::ClusterConnection;
use redis::{Cmd, Pipeline, RedisError, RedisFuture, RedisResult, Value};

/// Where Redis is: one server, or the seed nodes of a cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedisTarget {
    /// One server.
    Single(String),
    /// Two or more seed nodes of one Redis Cluster.
    Cluster(Vec<String>),
}

impl RedisTarget {
    /// Reads `REDIS_URL`: one URL, or several separated by commas (a cluster).
    pub fn parse(value: &str) -> Result<Self, String> {
        let urls: Vec<String> = value
            .split(',')
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(String::from)
            .collect();
        for u in &urls {
            let parsed = url::Url::parse(u).map_err(|_| format!("{u:?} is not a URL"))?;
            if !matches!(parsed.scheme(), "redis" | "rediss") || parsed.host_str().is_none() {
                return Err(format!("{u:?} is not a redis://host:port URL"));
            }
            redis::Client::open(u.as_str()).map_err(|e| format!("{u:?}: {e}"))?;
        }
        match urls.len() {
            0 => Err("is empty".into()),
            1 => Ok(Self::Single(urls.into_iter().next().unwrap_or_default())),
            _ => Ok(Self::Cluster(urls)),
        }
    }
}

/// A cheap-to-clone async connection to a single Redis or a cluster.
#[derive(Clone)]
pub enum RedisLink {
    /// A reconnecting multiplexed connection to one server.
    Single(ConnectionManager),
    /// A multiplexed connection to a whole cluster, routed by key slot.
    Cluster(ClusterLink),
}

/// The cluster connection, rebuilt from the seed nodes when it stops answering.
#[derive(Clone)]
pub struct ClusterLink {
    client: Arc<ClusterClient>,
    current: Arc<Mutex<ClusterConnection>>,
    /// When the last rebuild started; rebuilds are at most one a second.
    rebuilt: Arc<tokio::sync::Mutex<Instant>>,
}

/// How often a wedged cluster connection may be rebuilt.
const REBUILD_EVERY: Duration = Duration::from_secs(1);

impl ClusterLink {
    fn connection(&self) -> ClusterConnection {
        self.current
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// A connection error or a timeout: the connection may be stuck on a dead node.
    fn is_wedged(e: &RedisError) -> bool {
        e.is_timeout() || e.is_io_error() || e.is_connection_dropped() || e.is_connection_refusal()
    }

    async fn rebuild(&self) {
        let Ok(mut last) = self.rebuilt.try_lock() else {
            return; // another call is rebuilding it
        };
        if last.elapsed() < REBUILD_EVERY {
            return;
        }
        *last = Instant::now();
        match self.client.get_async_connection().await {
            Ok(fresh) => {
                *self.current.lock().unwrap_or_else(|p| p.into_inner()) = fresh;
                tracing::warn!("redis cluster connection rebuilt from the seed nodes");
            }
            Err(e) => tracing::warn!(error = %e, "redis cluster connection not rebuilt yet"),
        }
    }

    async fn after<T>(&self, result: RedisResult<T>) -> RedisResult<T> {
        if let Err(e) = &result
            && Self::is_wedged(e)
        {
            self.rebuild().await;
        }
        result
    }
}

/// Timeouts and retries for one link.
#[derive(Debug, Clone, Copy)]
pub struct LinkOptions {
    /// How long one call may take.
    pub response_timeout: Duration,
    /// How long one connection attempt may take.
    pub connect_timeout: Duration,
    /// Retries of a failed connection attempt.
    pub retries: u32,
}

impl RedisLink {
    /// Connects to `url` (one server, or a cluster's comma-separated nodes) with the short
    /// timeouts of side state (shared limits, contexts, shared keys): a slow Redis fails
    /// fast instead of holding a turn.
    pub async fn connect_url(url: &str) -> RedisResult<Self> {
        let target = RedisTarget::parse(url).map_err(|why| {
            RedisError::from((redis::ErrorKind::InvalidClientConfig, "REDIS_URL", why))
        })?;
        let options = LinkOptions {
            response_timeout: Duration::from_millis(500),
            connect_timeout: Duration::from_secs(2),
            retries: 1,
        };
        Self::connect(&target, options).await
    }

    /// Connects to `target`, failing fast when it is unreachable.
    pub async fn connect(target: &RedisTarget, options: LinkOptions) -> RedisResult<Self> {
        match target {
            RedisTarget::Single(url) => {
                let client = redis::Client::open(url.as_str())?;
                let config = ConnectionManagerConfig::new()
                    .set_response_timeout(Some(options.response_timeout))
                    .set_connection_timeout(Some(options.connect_timeout))
                    .set_number_of_retries(options.retries as usize);
                Ok(Self::Single(
                    ConnectionManager::new_with_config(client, config).await?,
                ))
            }
            RedisTarget::Cluster(nodes) => {
                let client = ClusterClientBuilder::new(nodes.iter().map(String::as_str))
                    .connection_timeout(options.connect_timeout)
                    .response_timeout(options.response_timeout)
                    .retries(options.retries.max(1))
                    .build()?;
                let conn = client.get_async_connection().await?;
                Ok(Self::Cluster(ClusterLink {
                    client: Arc::new(client),
                    current: Arc::new(Mutex::new(conn)),
                    rebuilt: Arc::new(tokio::sync::Mutex::new(Instant::now())),
                }))
            }
        }
    }
}

impl ConnectionLike for RedisLink {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        match self {
            Self::Single(c) => c.req_packed_command(cmd),
            Self::Cluster(link) => Box::pin(async move {
                let result = link.connection().req_packed_command(cmd).await;
                link.after(result).await
            }),
        }
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        pipeline: &'a Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisFuture<'a, Vec<Value>> {
        match self {
            Self::Single(c) => c.req_packed_commands(pipeline, offset, count),
            Self::Cluster(link) => Box::pin(async move {
                let result = link
                    .connection()
                    .req_packed_commands(pipeline, offset, count)
                    .await;
                link.after(result).await
            }),
        }
    }

    fn get_db(&self) -> i64 {
        match self {
            Self::Single(c) => c.get_db(),
            Self::Cluster(link) => link.connection().get_db(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_url_is_a_single_server_and_several_are_a_cluster() {
        assert_eq!(
            RedisTarget::parse("redis://127.0.0.1:6379"),
            Ok(RedisTarget::Single("redis://127.0.0.1:6379".into()))
        );
        assert_eq!(
            RedisTarget::parse("redis://a:7001, redis://b:7002,"),
            Ok(RedisTarget::Cluster(vec![
                "redis://a:7001".into(),
                "redis://b:7002".into()
            ]))
        );
    }

    #[test]
    fn anything_but_redis_urls_is_refused() {
        for bad in [
            "",
            " , ",
            "127.0.0.1:6379",
            "http://x:1",
            "redis://a:1,nonsense",
        ] {
            assert!(RedisTarget::parse(bad).is_err(), "{bad:?}");
        }
    }
}
