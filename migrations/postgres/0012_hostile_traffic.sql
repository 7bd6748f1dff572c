-- Buy buttons that bought: a second press of one (a replay, even after a restart) is refused
-- with the order it bought. Kept a little longer than a button lives, then deleted.
CREATE TABLE spent_buy_tokens (
    token      TEXT NOT NULL PRIMARY KEY,
    request_id TEXT NOT NULL,
    order_id   BIGINT NOT NULL,
    spent_at   BIGINT NOT NULL
);
CREATE INDEX spent_buy_tokens_spent_at ON spent_buy_tokens (spent_at);

-- When a user was last seen with the username they have (NULL: before this was tracked).
-- A username belongs to at most one user: a newer sighting clears it from anyone else.
ALTER TABLE users ADD COLUMN username_seen_at BIGINT;
