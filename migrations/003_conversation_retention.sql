-- crisisbot schema 3: thread memory retention. Turns older than CONVERSATION_MAX_AGE_DAYS are deleted
-- (by `at`, which the bot process stamps), so this index serves that DELETE and the history's age bound.

-- Up Migration
CREATE INDEX conversation_turns_at ON conversation_turns (at);

-- Down Migration
DROP INDEX conversation_turns_at;
