//! The one integration-test binary: real Redis, real PostgreSQL and SQLite, real processes.

mod bench_cli;
mod gate_conformance;
mod gate_model;
mod order_writer;
mod outbox_delivery;
mod purchase_faults;
mod purchase_path;
mod store_contract;
mod support;
