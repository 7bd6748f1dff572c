-- Merchant-written answers to shoppers' everyday questions, by topic (payment, shipping,
-- returns, contact, ...). sale_id 0 is the shop-wide answer; a sale's own answer wins.
CREATE TABLE faq_answers (
    sale_id    BIGINT NOT NULL,
    topic      TEXT   NOT NULL,
    answer     TEXT   NOT NULL,
    author_id  BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (sale_id, topic)
);

-- "Tell me when there is an iPhone sale": offered when a shopper asks for a product with
-- no sale (state 'offered'), kept once they accept ('active'), and 'told' once a new sale
-- matching the keyword was queued to them through the outbox.
CREATE TABLE keyword_watches (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT NOT NULL,
    keyword    TEXT   NOT NULL,
    locale     TEXT   NOT NULL,
    state      TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    told_sale  BIGINT
);
CREATE INDEX keyword_watches_state ON keyword_watches (state);
