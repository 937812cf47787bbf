-- The latest outcome of each delivery ingest-service made to a customer (deliveries.v1: sent or failed), keyed by the
-- delivery, which keeps its id across an agent's retries. `at` is the outcome's own time (sentAt or failedAt): an
-- outcome older than the stored one does not replace it (at the same time, sent wins over failed), so a redelivered
-- event changes nothing and the rows do not depend on the order the events were read in. first_failed_at is the
-- earliest failure seen of the delivery, whatever came after it: a delivery sent with one is a recovered delivery.
-- No recipient is kept, and the reason only as the privacy package's FailureReasons normalised it (no addresses, no ids).
CREATE TABLE delivery_outcome (
    delivery_id         uuid PRIMARY KEY,
    ticket_id           bigint        NOT NULL,
    kind                varchar(32)   NOT NULL,   -- reply | acknowledgement | survey
    channel             varchar(32)   NOT NULL,   -- email | slack | line | chat | api | form
    status              varchar(16)   NOT NULL CHECK (status IN ('sent', 'failed')),
    permanent           boolean,                  -- failed: refused for good (true) or attempts ran out (false); null when sent
    attempts            integer       NOT NULL,
    reason              varchar(300),             -- failed: normalised; null when sent
    at                  timestamptz   NOT NULL,
    first_failed_at     timestamptz,
    event_id            uuid          NOT NULL    -- the event the stored outcome came from
);
CREATE INDEX delivery_outcome_by_time ON delivery_outcome (at);
