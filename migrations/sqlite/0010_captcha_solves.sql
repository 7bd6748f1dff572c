-- Who solved a sale's captcha (once per sale and user; the buy path keeps them in memory).
CREATE TABLE captcha_solves (
    sale_id   INTEGER NOT NULL REFERENCES sales (id),
    user_id   INTEGER NOT NULL,
    solved_at INTEGER NOT NULL,
    PRIMARY KEY (sale_id, user_id)
);
