-- Whether buyers must solve a captcha (in chat, any time before their first buy) for a sale.
ALTER TABLE sales ADD COLUMN captcha BIGINT NOT NULL DEFAULT 0 CHECK (captcha IN (0, 1));
