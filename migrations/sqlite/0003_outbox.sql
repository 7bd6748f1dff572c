-- Durable outbox for messages the bot starts (reminders, announcements). Paced by the
-- worker below Telegram's limits; a dedupe key makes every logical message unique.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id     INTEGER NOT NULL,
    dedupe_key  TEXT NOT NULL,
    campaign    TEXT,
    body        TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'blocked')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    not_before  INTEGER NOT NULL,
    last_error  TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    CONSTRAINT outbox_dedupe_unique UNIQUE (dedupe_key)
);
CREATE INDEX outbox_due ON outbox (state, not_before, id);
CREATE INDEX outbox_campaign ON outbox (campaign, state);
