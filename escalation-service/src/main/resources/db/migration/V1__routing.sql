-- One routing decision per ticket: which queue (and assignee) and the rule that chose it.
CREATE TABLE routing_decision (
    ticket_id           bigint PRIMARY KEY,
    queue               varchar(64)   NOT NULL,
    assignee            varchar(256),
    rule                varchar(128)  NOT NULL,
    channel             varchar(32),
    decided_at          timestamptz   NOT NULL
);

CREATE TABLE processed_event (
    event_id            uuid PRIMARY KEY,
    topic               varchar(128)  NOT NULL,
    processed_at        timestamptz   NOT NULL DEFAULT now()
);

CREATE TABLE outbox_event (
    id                  bigserial PRIMARY KEY,
    event_id            uuid          NOT NULL UNIQUE,
    topic               varchar(128)  NOT NULL,
    record_key          varchar(512)  NOT NULL,
    event_type          varchar(128)  NOT NULL,
    event_source        varchar(256)  NOT NULL,
    event_subject       varchar(256),
    event_time          timestamptz   NOT NULL,
    payload             text          NOT NULL,
    created_at          timestamptz   NOT NULL DEFAULT now(),
    sent_at             timestamptz
);
CREATE INDEX outbox_event_unsent ON outbox_event (id) WHERE sent_at IS NULL;
