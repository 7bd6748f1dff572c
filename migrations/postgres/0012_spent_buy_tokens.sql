-- Buy buttons that bought: a second press of one (a replay, even after a restart) is refused
-- with the order it bought. Kept a little longer than a button lives, then deleted.
CREATE TABLE spent_buy_tokens (
    token      TEXT NOT NULL PRIMARY KEY,
    request_id TEXT NOT NULL,
    order_id   BIGINT NOT NULL,
    spent_at   BIGINT NOT NULL
);
CREATE INDEX spent_buy_tokens_spent_at ON spent_buy_tokens (spent_at);
