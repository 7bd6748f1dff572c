-- Sale cards sent inline (`@bot airpods` in any chat, or the Share button), kept live by the
-- countdown worker like channel posts: edited by inline_message_id on the post schedule
-- until they show their final state (next_edit_at NULL). Registered from Telegram's
-- chosen_inline_result (inline feedback on). link is the card's deep link (it carries the
-- sharer); shown is a digest of what the card last showed.
CREATE TABLE inline_cards (
    inline_id    TEXT PRIMARY KEY,
    sale_id      BIGINT NOT NULL REFERENCES sales (id),
    locale       TEXT NOT NULL,
    sharer       BIGINT NOT NULL,
    link         TEXT NOT NULL,
    shown        TEXT NOT NULL DEFAULT '',
    next_edit_at BIGINT,
    edits        BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX inline_cards_due ON inline_cards (next_edit_at);
