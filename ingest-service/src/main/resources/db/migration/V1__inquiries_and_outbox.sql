-- Every accepted inquiry: the raw payload as received and the normalized fields.
CREATE TABLE inquiry (
    id                  uuid PRIMARY KEY,
    source              varchar(64)   NOT NULL,
    channel             varchar(32)   NOT NULL,
    conversation_key    varchar(512)  NOT NULL,
    requester_id        varchar(256),
    requester_email     varchar(320),
    requester_name      varchar(256),
    requester_phone     varchar(64),
    subject             varchar(998),
    body                text          NOT NULL,
    raw_payload         text          NOT NULL,
    received_at         timestamptz   NOT NULL
);

-- Transactional outbox: written in the same transaction as the inquiry, published by the relay.
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
