//! The one integration-test binary: real Redis, real PostgreSQL and SQLite, real processes.

mod bench_cli;
mod conv_assistant_never_panics;
mod conv_chat_e2e;
mod conv_dialogue;
mod conv_dialogue_buying;
mod conv_i18n;
mod conv_intent_cli;
mod conv_nlu_accuracy;
mod conv_nlu_never_panics;
mod conv_support;
mod gate_conformance;
mod gate_model;
mod order_expiry;
mod order_sale_cancel;
mod order_writer;
mod outbox_delivery;
mod purchase_faults;
mod purchase_path;
mod store_contract;
mod store_countdowns;
mod store_payments;
mod support;
mod telegram_countdown;
mod telegram_e2e;
mod telegram_payments;
mod telegram_reminders;
