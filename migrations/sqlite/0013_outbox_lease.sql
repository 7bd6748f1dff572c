-- Outbox claim lease. A step claims messages as `claimed` (with the step's lease), and each one
-- becomes `sending` only just before its request goes out, so a crash leaves at most the
-- requests actually in flight undecided. After a restart `claimed` goes back to `pending`
-- (never sent) and `sending` becomes `unknown` (it may or may not have arrived; not resent,
-- so nobody gets it twice). SQLite cannot change a CHECK: the table is rebuilt.
CREATE TABLE outbox_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id     INTEGER NOT NULL,
    dedupe_key  TEXT NOT NULL,
    campaign    TEXT,
    body        TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'claimed', 'sending', 'sent', 'failed', 'blocked', 'unknown')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    not_before  INTEGER NOT NULL,
    last_error  TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    lease       INTEGER,
    CONSTRAINT outbox_dedupe_unique UNIQUE (dedupe_key)
);
INSERT INTO outbox_new (id, chat_id, dedupe_key, campaign, body, state, attempts, not_before,
                        last_error, created_at, updated_at)
    SELECT id, chat_id, dedupe_key, campaign, body, state, attempts, not_before, last_error,
           created_at, updated_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, not_before, id);
CREATE INDEX outbox_campaign ON outbox (campaign, state);
