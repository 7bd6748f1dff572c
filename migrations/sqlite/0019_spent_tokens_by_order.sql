-- A sale's spent Buy tokens are read in one query (joined through their orders) when a
-- process first meets a button it cannot vouch for from memory; this index serves the join.
CREATE INDEX spent_buy_tokens_order ON spent_buy_tokens (order_id);
