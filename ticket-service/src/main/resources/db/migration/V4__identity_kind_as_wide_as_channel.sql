-- An identity's kind is a channel name for channel user ids; give it the width of a channel.
ALTER TABLE contact_identity ALTER COLUMN kind TYPE varchar(32);
