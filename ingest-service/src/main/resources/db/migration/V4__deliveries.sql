-- Outbound delivery: answering customers on their own channel.

-- The idempotent consumer's log of tickets.v1 (the chassis' ProcessedEvents).
CREATE TABLE processed_event (
    event_id            uuid          PRIMARY KEY,
    topic               varchar(128)  NOT NULL,
    processed_at        timestamptz   NOT NULL DEFAULT now()
);

-- What ingest needs of a ticket to answer on the customer's channel, from ticket.created; the requester's
-- latest inquiry is what a reply answers (its Message-ID, its Slack thread).
CREATE TABLE delivery_ticket (
    ticket_id           bigint        PRIMARY KEY,
    channel             varchar(32)   NOT NULL,
    conversation_key    varchar(512),
    requester_email     varchar(320),
    requester_user_id   varchar(256),
    requester_name      varchar(256),
    subject             varchar(998),
    last_inquiry_id     uuid,
    created_at          timestamptz   NOT NULL DEFAULT now()
);

-- One row per message to deliver, kept across retries; its id is the channel's idempotency key where there is one.
CREATE TABLE delivery (
    id                  uuid          PRIMARY KEY,
    causation_id        uuid          NOT NULL,
    ticket_id           bigint        NOT NULL,
    message_id          bigint,
    kind                varchar(16)   NOT NULL,
    channel             varchar(16)   NOT NULL,
    recipient           varchar(512)  NOT NULL,
    subject             varchar(998),
    body                text          NOT NULL,
    in_reply_to         varchar(998),
    thread_references   text,
    status              varchar(16)   NOT NULL,
    attempts            integer       NOT NULL DEFAULT 0,
    next_attempt_at     timestamptz   NOT NULL DEFAULT now(),
    last_error          text,
    channel_reference   varchar(998),
    created_at          timestamptz   NOT NULL DEFAULT now(),
    finished_at         timestamptz,
    UNIQUE (causation_id, kind)
);

CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX delivery_by_ticket ON delivery (ticket_id);
