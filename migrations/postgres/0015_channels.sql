-- Channels and groups merchants linked for sale posts, and the live sale posts in them.
-- A chat is linked once, by the merchant who added it (after the bot checked that it may
-- post there and that the merchant is an administrator of the chat); posts are shown in the
-- chat's language.
CREATE TABLE linked_chats (
    chat_id    BIGINT PRIMARY KEY,
    title      TEXT NOT NULL,
    username   TEXT,
    kind       TEXT NOT NULL,
    owner_id   BIGINT NOT NULL,
    locale     TEXT NOT NULL,
    linked_at  BIGINT NOT NULL
);
CREATE INDEX linked_chats_owner ON linked_chats (owner_id);

-- One sale card posted in a linked chat and kept live (countdown, stock left, the end).
-- The countdown worker leases a due post by moving next_edit_at forward, so a restart
-- resumes it; next_edit_at is NULL once the post shows its final state. shown is a digest
-- of the text and buttons last put into the message (an unchanged post is not edited).
CREATE TABLE sale_posts (
    id           BIGSERIAL PRIMARY KEY,
    sale_id      BIGINT NOT NULL REFERENCES sales (id),
    chat_id      BIGINT NOT NULL,
    message_id   BIGINT NOT NULL,
    locale       TEXT NOT NULL,
    posted_by    BIGINT NOT NULL,
    shown        TEXT NOT NULL DEFAULT '',
    next_edit_at BIGINT,
    edits        BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    CONSTRAINT sale_posts_message_unique UNIQUE (chat_id, message_id)
);
CREATE INDEX sale_posts_due ON sale_posts (next_edit_at);
CREATE INDEX sale_posts_sale ON sale_posts (sale_id);
