-- Live countdown cards: a sale card shown in a chat that edits itself until the sale
-- starts. One tracked card per chat and sale (a newer card replaces the older one); the
-- worker leases a due card by moving next_edit_at forward, so a restart resumes it and two
-- instances never edit the same card at once.
CREATE TABLE countdowns (
    id           BIGSERIAL PRIMARY KEY,
    chat_id      BIGINT NOT NULL,
    sale_id      BIGINT NOT NULL REFERENCES sales (id),
    message_id   BIGINT NOT NULL,
    user_id      BIGINT NOT NULL,
    locale       TEXT NOT NULL,
    next_edit_at BIGINT NOT NULL,
    edits        BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    CONSTRAINT countdowns_card_unique UNIQUE (chat_id, sale_id)
);
CREATE INDEX countdowns_due ON countdowns (next_edit_at);
