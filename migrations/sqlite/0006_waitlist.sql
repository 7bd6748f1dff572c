-- Waitlist offers: a unit that came back, held in the gate for one waiting customer under the
-- request id `wl-<id>` until they claim it (it becomes their order under that same request id)
-- or the claim window lapses (the gate releases it and the next person in line is offered).
CREATE TABLE waitlist_offers (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    sale_id    INTEGER NOT NULL REFERENCES sales (id),
    user_id    INTEGER NOT NULL,
    quantity   INTEGER NOT NULL CHECK (quantity > 0),
    state      TEXT NOT NULL CHECK (state IN ('offered', 'claimed', 'lapsed')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX waitlist_offers_sale_state ON waitlist_offers (sale_id, state);
CREATE UNIQUE INDEX waitlist_offers_one_open ON waitlist_offers (sale_id, user_id)
    WHERE state = 'offered';
