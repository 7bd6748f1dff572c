-- The language a user was last seen writing in (or their app's), for messages the bot sends
-- on its own to someone who never chose one with /lang. Their choice (language) wins.
ALTER TABLE users ADD COLUMN seen_language TEXT;
