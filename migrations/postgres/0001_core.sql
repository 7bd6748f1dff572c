-- flashsale core schema (PostgreSQL). Timestamps are unix milliseconds (BIGINT) so the
-- same queries run on SQLite.

CREATE TABLE users (
    id          BIGINT PRIMARY KEY,
    username    TEXT,
    language    TEXT,
    time_zone   TEXT,
    role        TEXT NOT NULL DEFAULT 'customer' CHECK (role IN ('customer', 'merchant', 'admin')),
    blocked     BOOLEAN NOT NULL DEFAULT FALSE,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX users_username ON users (lower(username));

CREATE TABLE sales (
    id              BIGSERIAL PRIMARY KEY,
    title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
    keywords        TEXT NOT NULL DEFAULT '[]',
    price_minor     BIGINT NOT NULL CHECK (price_minor >= 0),
    currency        TEXT NOT NULL CHECK (currency IN ('CNY', 'USD', 'EUR', 'XTR')),
    stock           BIGINT NOT NULL CHECK (stock > 0),
    per_user_limit  BIGINT NOT NULL,
    starts_at       BIGINT NOT NULL,
    ends_at         BIGINT NOT NULL,
    owner_id        BIGINT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
    pay_window_secs BIGINT NOT NULL DEFAULT 600 CHECK (pay_window_secs > 0),
    -- Units held by pending and paid orders; kept by the triggers below, never by the app.
    live_units      BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    CONSTRAINT sales_window_valid CHECK (ends_at > starts_at),
    CONSTRAINT sales_limit_within_stock CHECK (per_user_limit > 0 AND per_user_limit <= stock),
    CONSTRAINT sales_stock_not_oversold CHECK (live_units >= 0 AND live_units <= stock)
);
CREATE INDEX sales_window ON sales (ends_at, starts_at);

CREATE TABLE orders (
    id           BIGSERIAL PRIMARY KEY,
    sale_id      BIGINT NOT NULL REFERENCES sales (id),
    buyer_id     BIGINT NOT NULL,
    quantity     BIGINT NOT NULL CHECK (quantity > 0),
    request_id   TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('pending', 'paid', 'expired', 'cancelled')),
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    pay_deadline BIGINT NOT NULL,
    CONSTRAINT orders_request_unique UNIQUE (request_id)
);
CREATE INDEX orders_sale_state ON orders (sale_id, state);
CREATE INDEX orders_buyer ON orders (buyer_id, created_at);

-- One statement-level trigger per write keeps sales.live_units exact; the CHECK on sales
-- then makes it impossible to commit more live units than the stock.
CREATE FUNCTION orders_live_units_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE sales s SET live_units = s.live_units + d.units
    FROM (SELECT sale_id, SUM(quantity) AS units FROM inserted
          WHERE state IN ('pending', 'paid') GROUP BY sale_id) d
    WHERE s.id = d.sale_id;
    RETURN NULL;
END $$;

CREATE TRIGGER orders_live_units_insert AFTER INSERT ON orders
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION orders_live_units_after_insert();

CREATE FUNCTION orders_live_units_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE sales s SET live_units = s.live_units + d.delta
    FROM (SELECT n.sale_id,
                 SUM(CASE WHEN n.state IN ('pending', 'paid') THEN n.quantity ELSE 0 END
                   - CASE WHEN o.state IN ('pending', 'paid') THEN o.quantity ELSE 0 END) AS delta
          FROM after_rows n JOIN before_rows o ON o.id = n.id
          GROUP BY n.sale_id) d
    WHERE s.id = d.sale_id AND d.delta <> 0;
    RETURN NULL;
END $$;

CREATE TRIGGER orders_live_units_update AFTER UPDATE ON orders
    REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
    FOR EACH STATEMENT EXECUTE FUNCTION orders_live_units_after_update();

-- Orders are closed by changing their state, never deleted; sale and quantity never change.
CREATE FUNCTION orders_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'orders are never deleted' USING ERRCODE = 'restrict_violation';
    END IF;
    IF NEW.sale_id <> OLD.sale_id OR NEW.quantity <> OLD.quantity OR NEW.request_id <> OLD.request_id THEN
        RAISE EXCEPTION 'an order''s sale, quantity and request id never change' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER orders_immutable BEFORE UPDATE OR DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION orders_immutable();

CREATE TABLE subscriptions (
    sale_id    BIGINT NOT NULL REFERENCES sales (id),
    user_id    BIGINT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('reminder', 'waitlist')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (sale_id, user_id, kind)
);

CREATE TABLE audit_log (
    id          BIGSERIAL PRIMARY KEY,
    actor_id    BIGINT NOT NULL,
    action      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT,
    at          BIGINT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
