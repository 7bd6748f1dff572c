-- Where each buyer came from (#19 part 5): a sale post (`p<post id>`) or a link someone
-- shared (`s<user id>`); NULL is direct, so every earlier order reads as direct.
ALTER TABLE orders ADD COLUMN source TEXT;

-- The source of the deep link a user last opened for a sale (`t.me/<bot>?start=sale_42_p7`):
-- an order they place for that sale without a source of its own (a press on the card the
-- link opened, a typed "buy") takes it.
CREATE TABLE sale_referrals (
    user_id    INTEGER NOT NULL,
    sale_id    INTEGER NOT NULL,
    source     TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, sale_id)
);
