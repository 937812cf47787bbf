CREATE SEQUENCE ticket_seq START WITH 1000 INCREMENT BY 50;
CREATE SEQUENCE ticket_message_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE ticket (
    id                  bigint PRIMARY KEY,
    conversation_key    varchar(512)  NOT NULL,
    status              varchar(16)   NOT NULL,
    priority            varchar(16)   NOT NULL,
    channel             varchar(32)   NOT NULL,
    subject             varchar(998),
    requester_id        varchar(320),
    requester_email     varchar(320),
    requester_name      varchar(256),
    queue               varchar(64),
    assignee            varchar(256),
    created_at          timestamptz   NOT NULL,
    updated_at          timestamptz   NOT NULL,
    version             bigint        NOT NULL DEFAULT 0
);
CREATE INDEX ticket_open_by_conversation ON ticket (conversation_key) WHERE status NOT IN ('solved', 'closed');

CREATE TABLE ticket_message (
    id                  bigint PRIMARY KEY,
    ticket_id           bigint        NOT NULL REFERENCES ticket (id),
    inquiry_id          uuid          UNIQUE,
    author_type         varchar(16)   NOT NULL,
    author_id           varchar(320),
    visibility          varchar(16)   NOT NULL,
    channel             varchar(32)   NOT NULL,
    body                text          NOT NULL,
    created_at          timestamptz   NOT NULL
);
CREATE INDEX ticket_message_by_ticket ON ticket_message (ticket_id, id);

-- Idempotent consumers: one row per CloudEvent id already applied, written in the same transaction.
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
