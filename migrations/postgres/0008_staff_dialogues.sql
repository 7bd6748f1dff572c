-- Merchants' guided dialogues (/newsale): one per user, the answers so far as JSON, so a
-- restart mid-dialogue resumes where it was. `version` grows on every write; confirming a
-- draft deletes the row at the version shown, so a double press creates one sale.
CREATE TABLE staff_dialogues (
    user_id    BIGINT PRIMARY KEY,
    state      TEXT NOT NULL,
    version    BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
