-- What the satisfaction and engagement statistics need of each ticket, kept incrementally from events.
ALTER TABLE ticket_summary
    ADD COLUMN assignee            varchar(256),
    ADD COLUMN first_reply_at      timestamptz,
    ADD COLUMN solved_at           timestamptz,
    ADD COLUMN agent_replies       integer      NOT NULL DEFAULT 0,
    ADD COLUMN reopens             integer      NOT NULL DEFAULT 0,
    ADD COLUMN macro_applied       boolean      NOT NULL DEFAULT false,
    ADD COLUMN rating              varchar(8),
    ADD COLUMN score               integer,
    ADD COLUMN rated_at            timestamptz;
CREATE INDEX ticket_summary_by_rated ON ticket_summary (rated_at) WHERE rating IS NOT NULL;
CREATE INDEX ticket_summary_by_solved ON ticket_summary (solved_at) WHERE solved_at IS NOT NULL;
