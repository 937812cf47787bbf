-- A requester's message corrected after it became part of a ticket (an edited Slack message, an inquiry normalized
-- again): the revision of the inquiry it now shows, and when it was edited.
ALTER TABLE ticket_message ADD COLUMN revision integer NOT NULL DEFAULT 0;
ALTER TABLE ticket_message ADD COLUMN edited_at timestamptz;
