//! A private Redis Cluster (3 masters + 3 replicas) on free loopback ports, for tests that
//! kill a master; the shared cluster on 7101-7106 is never touched. Torn down when dropped;
//! every wait is bounded.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long the cluster may take to form, or to fail over.
const BOUND: Duration = Duration::from_secs(30);

/// Six redis-server children forming one cluster.
pub struct PrivateCluster {
    nodes: Vec<(u16, Option<Child>)>,
    _dir: tempfile::TempDir,
}

/// A port that is free, whose cluster-bus port (+10000) is free too.
fn free_cluster_port(taken: &[u16]) -> u16 {
    loop {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free loopback port")
            .port();
        let bus_free = port < 55_000 && TcpListener::bind(("127.0.0.1", port + 10_000)).is_ok();
        if bus_free && !taken.contains(&port) {
            return port;
        }
    }
}

fn redis_cli(port: u16, args: &[&str]) -> String {
    Command::new("redis-cli")
        .args(["-h", "127.0.0.1", "-p", &port.to_string()])
        .args(args)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

impl PrivateCluster {
    /// Starts six nodes, joins them (one replica per master) and waits until every node
    /// reports `cluster_state:ok`.
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut nodes = Vec::new();
        for _ in 0..6 {
            let taken: Vec<u16> = nodes.iter().map(|(p, _)| *p).collect();
            let port = free_cluster_port(&taken);
            let child = Command::new("redis-server")
                .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
                .args(["--cluster-enabled", "yes", "--cluster-node-timeout", "1000"])
                // A replica takes over however long ago it last heard from its master.
                .args(["--cluster-replica-validity-factor", "0"])
                .args(["--cluster-config-file", &format!("nodes-{port}.conf")])
                .args(["--save", "", "--appendonly", "no", "--daemonize", "no"])
                .args(["--maxmemory-policy", "noeviction"])
                .current_dir(dir.path())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("redis-server is installed (scripts/test.sh installs it)");
            nodes.push((port, Some(child)));
        }
        let cluster = Self { nodes, _dir: dir };
        for (port, _) in &cluster.nodes {
            cluster
                .wait(|| redis_cli(*port, &["ping"]).contains("PONG"), "a node")
                .await;
        }
        let addrs: Vec<String> = cluster
            .nodes
            .iter()
            .map(|(p, _)| format!("127.0.0.1:{p}"))
            .collect();
        let created = Command::new("redis-cli")
            .args(["--cluster", "create"])
            .args(&addrs)
            .args(["--cluster-replicas", "1", "--cluster-yes"])
            .output()
            .expect("redis-cli");
        assert!(
            created.status.success(),
            "cluster create failed: {}",
            String::from_utf8_lossy(&created.stdout)
        );
        cluster
            .wait(|| cluster.all_ok(), "the cluster to form")
            .await;
        cluster
            .wait(|| cluster.replicas_in_sync(), "the replicas to sync")
            .await;
        cluster
    }

    async fn wait(&self, mut ready: impl FnMut() -> bool, what: &str) {
        let deadline = Instant::now() + BOUND;
        while !ready() {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn all_ok(&self) -> bool {
        self.nodes
            .iter()
            .filter(|(_, c)| c.is_some())
            .all(|(p, _)| redis_cli(*p, &["cluster", "info"]).contains("cluster_state:ok"))
    }

    fn replicas_in_sync(&self) -> bool {
        self.nodes.iter().all(|(p, _)| {
            let info = redis_cli(*p, &["info", "replication"]);
            info.contains("role:master") || info.contains("master_link_status:up")
        })
    }

    /// The seed URLs, comma-separated, as `REDIS_URL` takes them.
    pub fn url(&self) -> String {
        self.nodes
            .iter()
            .map(|(p, _)| format!("redis://127.0.0.1:{p}"))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The port of the master serving `key` now.
    pub fn master_of(&self, key: &str) -> u16 {
        master_of(self.nodes[0].0, key)
    }

    /// A node still running.
    pub fn port_alive(&self) -> u16 {
        self.nodes
            .iter()
            .find(|(_, c)| c.is_some())
            .map(|(p, _)| *p)
            .expect("a live node")
    }

    /// Kills the node on `port` (SIGKILL: what it had not replicated is lost).
    pub fn kill(&mut self, port: u16) {
        for (p, child) in &mut self.nodes {
            if *p == port
                && let Some(mut c) = child.take()
            {
                let _ = c.kill();
                let _ = c.wait();
            }
        }
    }

    /// Waits (bounded) until the surviving nodes agree the cluster is whole again: the
    /// dead master's replica has taken over its slots.
    pub async fn wait_failed_over(&self) {
        let alive = self.port_alive();
        self.wait(
            || {
                let nodes = redis_cli(alive, &["cluster", "nodes"]);
                let failed_with_slots = nodes
                    .lines()
                    .any(|l| l.contains("fail") && l.split_whitespace().count() > 8);
                nodes.contains("fail") && !failed_with_slots && self.all_ok()
            },
            "the replica to take over",
        )
        .await;
    }
}

impl Drop for PrivateCluster {
    fn drop(&mut self) {
        for (_, child) in &mut self.nodes {
            if let Some(mut c) = child.take() {
                let _ = c.kill();
                let _ = c.wait();
            }
        }
    }
}

/// The port of the master serving `key` now, as the cluster node on `any_node` sees it.
pub fn master_of(any_node: u16, key: &str) -> u16 {
    let slot: u16 = redis_cli(any_node, &["cluster", "keyslot", key])
        .trim()
        .parse()
        .expect("a slot number");
    let shards = redis_cli(any_node, &["cluster", "nodes"]);
    for line in shards.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() < 9 || !f[2].contains("master") || f[2].contains("fail") {
            continue;
        }
        let port: u16 = f[1]
            .split(['@', ':'])
            .nth(1)
            .and_then(|p| p.parse().ok())
            .expect("node port");
        let serves = f[8..].iter().any(|range| {
            let mut ends = range.split('-').filter_map(|n| n.parse::<u16>().ok());
            match (ends.next(), ends.next()) {
                (Some(a), Some(b)) => (a..=b).contains(&slot),
                (Some(a), None) => a == slot,
                _ => false,
            }
        });
        if serves {
            return port;
        }
    }
    panic!("no master serves slot {slot}: {shards}")
}
