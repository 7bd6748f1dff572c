-- Telegram Stars payments. One row per successful payment, keyed by Telegram's charge id so
-- a redelivered successful_payment is recorded once. A payment whose order could not be paid
-- any more (late, cancelled) stays 'paid' here until it is refunded.
CREATE TABLE payments (
    id                 BIGSERIAL PRIMARY KEY,
    order_id           BIGINT NOT NULL REFERENCES orders (id),
    buyer_id           BIGINT NOT NULL,
    telegram_charge_id TEXT NOT NULL,
    provider_charge_id TEXT NOT NULL DEFAULT '',
    amount             BIGINT NOT NULL CHECK (amount >= 0),
    currency           TEXT NOT NULL,
    state              TEXT NOT NULL CHECK (state IN ('paid', 'refunded')),
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    CONSTRAINT payments_charge_unique UNIQUE (telegram_charge_id)
);
CREATE INDEX payments_order ON payments (order_id);
