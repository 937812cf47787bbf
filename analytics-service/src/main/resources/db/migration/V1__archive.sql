-- Every ticket and escalation event, as received: the archive that projections are rebuilt from.
-- The event id is the primary key, so a redelivered event is archived (and counted) once.
CREATE TABLE ticket_event (
    event_id            uuid PRIMARY KEY,
    ticket_id           bigint        NOT NULL,
    topic               varchar(128)  NOT NULL,
    event_type          varchar(128)  NOT NULL,
    event_time          timestamptz,
    data                jsonb         NOT NULL,
    archived_at         timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX ticket_event_by_ticket ON ticket_event (ticket_id, event_time);

-- Current state of each ticket, kept incrementally from the events.
CREATE TABLE ticket_summary (
    ticket_id           bigint PRIMARY KEY,
    channel             varchar(32),
    queue               varchar(64),
    status              varchar(16),
    created_at          timestamptz,
    messages            integer       NOT NULL DEFAULT 0
);
CREATE INDEX ticket_summary_by_created ON ticket_summary (created_at);
