-- Announcements: a sale's card sent to its subscribers (or every active user) through the
-- outbox, campaign `ann:<id>`, one message per chat (dedupe key `ann:<id>:<chat>`). The row
-- keeps the merchant's status message and the final totals, so progress resumes after a restart.
CREATE TABLE announcements (
    id             BIGSERIAL PRIMARY KEY,
    sale_id        BIGINT NOT NULL REFERENCES sales (id),
    actor_id       BIGINT NOT NULL,
    audience       TEXT NOT NULL CHECK (audience IN ('subscribers', 'all')),
    mode           TEXT NOT NULL CHECK (mode IN ('free', 'paid')),
    note           TEXT,
    state          TEXT NOT NULL CHECK (state IN ('draft', 'sending', 'done', 'dropped')),
    status_chat    BIGINT,
    status_message BIGINT,
    recipients     BIGINT NOT NULL DEFAULT 0 CHECK (recipients >= 0),
    skipped        BIGINT NOT NULL DEFAULT 0 CHECK (skipped >= 0),
    sent           BIGINT NOT NULL DEFAULT 0,
    blocked        BIGINT NOT NULL DEFAULT 0,
    failed         BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    started_at     BIGINT,
    finished_at    BIGINT,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX announcements_state ON announcements (state);
