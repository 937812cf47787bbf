-- The latest outcome of each delivery ingest-service made to a customer (deliveries.v1), and an agent's retry of it.
-- updated_at is the time of the stored outcome (sentAt or failedAt, ingest-service's clock): an outcome older than
-- it is not applied. A retry request does not move it; it sets status 'retrying' and retry_requested_at.
CREATE TABLE message_delivery (
    delivery_id         uuid PRIMARY KEY,
    ticket_id           bigint        NOT NULL,
    message_id          bigint,
    kind                varchar(32)   NOT NULL,
    channel             varchar(32)   NOT NULL,
    status              varchar(16)   NOT NULL CHECK (status IN ('sent', 'failed', 'retrying')),
    channel_reference   text,
    reason              text,
    permanent           boolean,
    attempts            integer       NOT NULL,
    updated_at          timestamptz   NOT NULL,
    retry_requested_at  timestamptz
);

CREATE INDEX message_delivery_ticket ON message_delivery (ticket_id);
CREATE INDEX message_delivery_message ON message_delivery (message_id) WHERE message_id IS NOT NULL;
