//! Private Redis and PostgreSQL servers on free loopback ports, for fault tests that stop and
//! restart them (the shared servers on 6379 and 5432 are never touched). Both are torn down
//! when dropped; every wait is bounded.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a private server may take to come up or go down.
const BOOT: Duration = Duration::from_secs(30);

/// A port nobody listens on right now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

/// Waits (bounded) until something accepts TCP connections on `port`.
async fn wait_listening(port: u16, what: &str) {
    let deadline = Instant::now() + BOOT;
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            Instant::now() < deadline,
            "{what} did not come up on {port}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A redis-server child process on its own port; restartable on the same port.
pub struct PrivateRedis {
    child: Option<Child>,
    port: u16,
}

impl PrivateRedis {
    /// Starts redis-server (no persistence) and waits until it accepts connections.
    pub async fn start() -> Self {
        let mut redis = Self {
            child: None,
            port: free_port(),
        };
        redis.spawn().await;
        redis
    }

    async fn spawn(&mut self) {
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no", "--daemonize", "no"])
            .args(["--maxmemory-policy", "noeviction"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server is installed (scripts/test.sh installs it)");
        self.child = Some(child);
        wait_listening(self.port, "private redis").await;
    }

    /// The URL to connect to.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Kills the server (SIGKILL: every key is gone) and waits for it to exit.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Starts it again, empty, on the same port.
    pub async fn restart(&mut self) {
        self.kill();
        self.spawn().await;
    }
}

impl Drop for PrivateRedis {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A PostgreSQL 15 cluster in a temporary directory, run as the `postgres` OS user (the
/// server refuses root), trust auth, listening on 127.0.0.1 only.
pub struct PrivatePostgres {
    dir: tempfile::TempDir,
    port: u16,
    running: bool,
}

fn pg_bin(name: &str) -> String {
    let dir = std::env::var("PG_BINDIR").unwrap_or_else(|_| "/usr/lib/postgresql/15/bin".into());
    format!("{dir}/{name}")
}

/// A PostgreSQL tool run as the `postgres` user (directly when we are not root).
fn postgres_cmd(tool: &str) -> Command {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--", &pg_bin(tool)]);
        c
    } else {
        Command::new(pg_bin(tool))
    }
}

/// Runs a PostgreSQL tool; fails the test with its output when it fails.
fn as_postgres(tool: &str, args: &[&str]) {
    let out = postgres_cmd(tool)
        .args(args)
        .output()
        .expect("run a PostgreSQL tool");
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

impl PrivatePostgres {
    /// initdb + start; returns once the server accepts connections.
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let chown = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(dir.path())
            .status()
            .expect("chown");
        assert!(chown.success(), "chown the private cluster's directory");
        let mut pg = Self {
            dir,
            port: free_port(),
            running: false,
        };
        let data = pg.data();
        as_postgres(
            "initdb",
            &["-D", &data, "-A", "trust", "-U", "postgres", "--no-sync"],
        );
        pg.start_again().await;
        pg
    }

    fn data(&self) -> String {
        self.path("data")
    }

    fn path(&self, name: &str) -> String {
        let p: PathBuf = self.dir.path().join(name);
        p.display().to_string()
    }

    /// The server URL (append `/dbname`).
    pub fn server(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}", self.port)
    }

    /// The URL of the cluster's `postgres` database.
    pub fn url(&self) -> String {
        format!("{}/postgres", self.server())
    }

    /// Starts the (stopped) server and waits for it.
    pub async fn start_again(&mut self) {
        let opts = format!(
            "-p {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50 -k {}",
            self.port,
            self.dir.path().display()
        );
        let (data, log) = (self.data(), self.path("server.log"));
        as_postgres(
            "pg_ctl",
            &[
                "-D", &data, "-o", &opts, "-l", &log, "-w", "-t", "30", "start",
            ],
        );
        self.running = true;
        wait_listening(self.port, "private postgres").await;
    }

    /// Stops the server the hard way (`-m immediate`: connections cut, no checkpoint).
    pub fn crash(&mut self) {
        if self.running {
            as_postgres(
                "pg_ctl",
                &[
                    "-D",
                    &self.data(),
                    "-m",
                    "immediate",
                    "-w",
                    "-t",
                    "30",
                    "stop",
                ],
            );
            self.running = false;
        }
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        if self.running {
            let _ = postgres_cmd("pg_ctl")
                .args([
                    "-D",
                    &self.data(),
                    "-m",
                    "immediate",
                    "-w",
                    "-t",
                    "30",
                    "stop",
                ])
                .output();
        }
    }
}
