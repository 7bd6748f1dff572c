-- What each chat was just shown (last sale, the list in order, a pending confirm), as JSON,
-- so the next message can reach any instance. Rows past expires_at (unix ms, from the
-- app's clock) are ignored and overwritten.
CREATE TABLE conversation_context (
    chat_id    BIGINT PRIMARY KEY,
    state      TEXT    NOT NULL,
    expires_at BIGINT NOT NULL
);
