-- Announcements: a sale's card sent to its subscribers (or every active user) through the
-- outbox, campaign `ann:<id>`, one message per chat (dedupe key `ann:<id>:<chat>`). The row
-- keeps the merchant's status message and the final totals, so progress resumes after a restart.
CREATE TABLE announcements (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    sale_id        INTEGER NOT NULL REFERENCES sales (id),
    actor_id       INTEGER NOT NULL,
    audience       TEXT NOT NULL CHECK (audience IN ('subscribers', 'all')),
    mode           TEXT NOT NULL CHECK (mode IN ('free', 'paid')),
    note           TEXT,
    state          TEXT NOT NULL CHECK (state IN ('draft', 'sending', 'done', 'dropped')),
    status_chat    INTEGER,
    status_message INTEGER,
    recipients     INTEGER NOT NULL DEFAULT 0 CHECK (recipients >= 0),
    skipped        INTEGER NOT NULL DEFAULT 0 CHECK (skipped >= 0),
    sent           INTEGER NOT NULL DEFAULT 0,
    blocked        INTEGER NOT NULL DEFAULT 0,
    failed         INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    started_at     INTEGER,
    finished_at    INTEGER,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX announcements_state ON announcements (state);
