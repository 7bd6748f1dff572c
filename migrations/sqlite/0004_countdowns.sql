-- Live countdown cards: a sale card shown in a chat that edits itself until the sale
-- starts. One tracked card per chat and sale (a newer card replaces the older one); the
-- worker leases a due card by moving next_edit_at forward, so a restart resumes it and two
-- instances never edit the same card at once.
CREATE TABLE countdowns (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id      INTEGER NOT NULL,
    sale_id      INTEGER NOT NULL REFERENCES sales (id),
    message_id   INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    locale       TEXT NOT NULL,
    next_edit_at INTEGER NOT NULL,
    edits        INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    CONSTRAINT countdowns_card_unique UNIQUE (chat_id, sale_id)
);
CREATE INDEX countdowns_due ON countdowns (next_edit_at);
