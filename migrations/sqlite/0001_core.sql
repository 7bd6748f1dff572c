-- flashsale core schema (SQLite). Same tables and rules as migrations/postgres.

CREATE TABLE users (
    id          INTEGER PRIMARY KEY,
    username    TEXT,
    language    TEXT,
    time_zone   TEXT,
    role        TEXT NOT NULL DEFAULT 'customer' CHECK (role IN ('customer', 'merchant', 'admin')),
    blocked     BOOLEAN NOT NULL DEFAULT FALSE,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX users_username ON users (lower(username));

CREATE TABLE sales (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
    keywords        TEXT NOT NULL DEFAULT '[]',
    price_minor     INTEGER NOT NULL CHECK (price_minor >= 0),
    currency        TEXT NOT NULL CHECK (currency IN ('CNY', 'USD', 'EUR', 'XTR')),
    stock           INTEGER NOT NULL CHECK (stock > 0),
    per_user_limit  INTEGER NOT NULL,
    starts_at       INTEGER NOT NULL,
    ends_at         INTEGER NOT NULL,
    owner_id        INTEGER NOT NULL,
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
    pay_window_secs INTEGER NOT NULL DEFAULT 600 CHECK (pay_window_secs > 0),
    -- Units held by pending and paid orders; kept by the triggers below, never by the app.
    live_units      INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    CONSTRAINT sales_window_valid CHECK (ends_at > starts_at),
    CONSTRAINT sales_limit_within_stock CHECK (per_user_limit > 0 AND per_user_limit <= stock),
    CONSTRAINT sales_stock_not_oversold CHECK (live_units >= 0 AND live_units <= stock)
);
CREATE INDEX sales_window ON sales (ends_at, starts_at);

CREATE TABLE orders (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    sale_id      INTEGER NOT NULL REFERENCES sales (id),
    buyer_id     INTEGER NOT NULL,
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    request_id   TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('pending', 'paid', 'expired', 'cancelled')),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    pay_deadline INTEGER NOT NULL,
    CONSTRAINT orders_request_unique UNIQUE (request_id)
);
CREATE INDEX orders_sale_state ON orders (sale_id, state);
CREATE INDEX orders_buyer ON orders (buyer_id, created_at);

-- Keep sales.live_units exact; the CHECK on sales then refuses any write that would hold
-- more live units than the stock, failing the whole statement.
CREATE TRIGGER orders_live_units_insert AFTER INSERT ON orders
WHEN NEW.state IN ('pending', 'paid')
BEGIN
    UPDATE sales SET live_units = live_units + NEW.quantity WHERE id = NEW.sale_id;
END;

CREATE TRIGGER orders_live_units_update AFTER UPDATE OF state ON orders
WHEN (OLD.state IN ('pending', 'paid')) <> (NEW.state IN ('pending', 'paid'))
BEGIN
    UPDATE sales
    SET live_units = live_units
        + CASE WHEN NEW.state IN ('pending', 'paid') THEN NEW.quantity ELSE -NEW.quantity END
    WHERE id = NEW.sale_id;
END;

-- Orders are closed by changing their state, never deleted; sale and quantity never change.
CREATE TRIGGER orders_never_deleted BEFORE DELETE ON orders
BEGIN
    SELECT RAISE(ABORT, 'orders are never deleted');
END;

CREATE TRIGGER orders_immutable BEFORE UPDATE OF sale_id, quantity, request_id ON orders
WHEN NEW.sale_id <> OLD.sale_id OR NEW.quantity <> OLD.quantity OR NEW.request_id <> OLD.request_id
BEGIN
    SELECT RAISE(ABORT, 'an order''s sale, quantity and request id never change');
END;

CREATE TABLE subscriptions (
    sale_id    INTEGER NOT NULL REFERENCES sales (id),
    user_id    INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('reminder', 'waitlist')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (sale_id, user_id, kind)
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id    INTEGER NOT NULL,
    action      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT,
    at          INTEGER NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
