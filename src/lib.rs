//! flashsale: limited-time flash sales inside Telegram, with one atomic stock gate.
//!
//! # Layout
//!
//! - [`domain`]: pure types and rules (ids, money, quantities, sales, phases, orders).
//! - [`clock`]: the only source of "now"; a manual clock for tests.
//! - [`stock`]: the `StockGate` trait and its two implementations, Redis (Lua) and embedded.
//! - [`store`]: every SQL statement, for PostgreSQL and SQLite, with the migrations.
//! - [`orders`]: the batched durable order writer and gate-vs-store reconciliation.
//! - [`limits`]: per-user and per-sale rate limits (governor) before the gate.
//! - [`redis_link`]: one Redis connection type for a single server or a Redis Cluster.
//! - [`metrics`]: Prometheus metrics for `/metrics`.
//! - [`nlu`]: customer text (English, Chinese, mixed) -> intent, sale, quantity, confidence
//!   and speech act; rules, act cues and a small learned model, all in `data/nlu/`.
//! - [`i18n`]: every user-visible sentence, from `locales/{en,zh-CN}/*.ftl` (Fluent).
//! - [`app`]: use cases every transport calls: the purchase path and the [`app::Assistant`]
//!   dialogue (answers, "buy it" memory, confirmations, countdowns in words).
//! - [`delivery`]: the durable outbox and its pacing, transport-neutral: a transport plugs
//!   in a sender, the app a renderer and an observer.
//! - [`worker`]: the `Worker` trait and the `Supervisor` every background job runs under.
//! - [`bootstrap`]: the composition root `serve` and the terminal chat share (the app built
//!   once, its workers started and stopped together).
//! - [`chart`]: PNG charts (plotters, bundled CJK-capable font): `/stats`, the bench plot.
//! - [`chat`]: the terminal chat, `flashsale` with no subcommand, with demo sales.
//! - [`bench`](mod@bench): the `flashsale bench` simulation.
//! - [`sandbox`]: a fake Telegram Bot API on loopback for tests, benchmarks and demos.
//! - [`http`]: the HTTP port: `/healthz` and the Telegram webhook.
//! - [`miniapp`]: the Mini App under `/app/` (the page, its initData-checked JSON API) and
//!   `flashsale web`, the same on localhost without Telegram.
//! - [`config`], [`telemetry`], [`cli`]: process set-up.
//!
//! # How a purchase flows
//!
//! A transport calls [`app::Purchases::buy`] with the sale, the buyer, the quantity and a
//! request id (the Telegram update id). The gate decides atomically (live window, stock,
//! per-user limit, new request id) and reserves; the order writer commits the order row in a
//! batch; only then is the buyer told they won. If the row cannot be committed the
//! reservation is released and the buyer asked to retry. SQL is the source of truth: its
//! schema refuses more live units than the stock, and the gate rebuilds itself from it.
//!
//! Units that come back to a sold-out sale (expiry, cancellation) are held in the gate for
//! the next customer on its waitlist ([`app::waitlist`]) and become their order when claimed.

pub mod app;
pub mod bench;
pub mod bootstrap;
pub mod chart;
pub mod chat;
pub mod cli;
mod cli_intent;
pub mod clock;
pub mod config;
pub mod delivery;
pub mod domain;
pub mod http;
pub mod i18n;
pub mod limits;
pub mod metrics;
pub mod miniapp;
pub mod nlu;
pub mod orders;
pub mod redis_link;
pub mod sandbox;
pub mod stock;
pub mod store;
pub mod telegram;
pub mod telemetry;
pub mod worker;
