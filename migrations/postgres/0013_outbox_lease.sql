-- Outbox claim lease. A step claims messages as `claimed` (with the step's lease), and each one
-- becomes `sending` only just before its request goes out, so a crash leaves at most the
-- requests actually in flight undecided. After a restart `claimed` goes back to `pending`
-- (never sent) and `sending` becomes `unknown` (it may or may not have arrived; not resent,
-- so nobody gets it twice).
ALTER TABLE outbox DROP CONSTRAINT outbox_state_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_state_check
    CHECK (state IN ('pending', 'claimed', 'sending', 'sent', 'failed', 'blocked', 'unknown'));
ALTER TABLE outbox ADD COLUMN lease BIGINT;
