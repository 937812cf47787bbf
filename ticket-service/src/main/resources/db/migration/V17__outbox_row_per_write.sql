-- One outbox row per writing statement instead of one per event: the events a transaction writes in one statement (a
-- consumer's batch, a group commit of accepts) are one row of parallel arrays, in the order written. A batch then
-- costs the outbox one row, one index entry and the TOAST chunks of its compressed arrays, where it cost a row and
-- two index entries per event. The relay publishes a row's events in order; an event's ce_sequence is its row's id
-- × 1024 + its place in the row, so a row holds at most 1024 events. The ids keep their sequence
-- (outbox_event_id_seq: raised to the clock at each start, read by outbox_settled()) and the writers' trigger.
CREATE TABLE outbox (
    id              bigint          PRIMARY KEY DEFAULT nextval('outbox_event_id_seq'),
    events          integer         NOT NULL CHECK (events BETWEEN 1 AND 1024),
    event_ids       uuid[]          NOT NULL,
    topics          text[]          NOT NULL,
    record_keys     text[]          NOT NULL,
    event_types     text[]          NOT NULL,
    event_sources   text[]          NOT NULL,
    event_subjects  text[]          NOT NULL,
    event_times     timestamptz[]   NOT NULL,
    payloads        text[]          NOT NULL,
    traceparents    text[]          NOT NULL,
    created_at      timestamptz     NOT NULL DEFAULT now(),
    -- one value per event in every array, a null only where an event may lack one (subject, traceparent): the relay
    -- publishes rows in order, so a row it could not read would hold back every row after it
    CONSTRAINT outbox_events_aligned CHECK (
        cardinality(event_ids) = events AND cardinality(topics) = events AND cardinality(record_keys) = events
        AND cardinality(event_types) = events AND cardinality(event_sources) = events
        AND cardinality(event_subjects) = events AND cardinality(event_times) = events
        AND cardinality(payloads) = events AND cardinality(traceparents) = events),
    CONSTRAINT outbox_events_complete CHECK (
        array_position(event_ids, NULL) IS NULL AND array_position(topics, NULL) IS NULL
        AND array_position(record_keys, NULL) IS NULL AND array_position(event_types, NULL) IS NULL
        AND array_position(event_sources, NULL) IS NULL AND array_position(event_times, NULL) IS NULL
        AND array_position(payloads, NULL) IS NULL)
);

-- A batch's arrays are compressed together, hundreds of KB at a time: with lz4 where the server has it, since pglz
-- (the default) spends more CPU on them than the rows saved (deploy/bench/outbox-shapes.sh).
DO $$
BEGIN
    ALTER TABLE outbox ALTER COLUMN event_ids SET COMPRESSION lz4, ALTER COLUMN topics SET COMPRESSION lz4,
        ALTER COLUMN record_keys SET COMPRESSION lz4, ALTER COLUMN event_types SET COMPRESSION lz4,
        ALTER COLUMN event_sources SET COMPRESSION lz4, ALTER COLUMN event_subjects SET COMPRESSION lz4,
        ALTER COLUMN event_times SET COMPRESSION lz4, ALTER COLUMN payloads SET COMPRESSION lz4,
        ALTER COLUMN traceparents SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'this PostgreSQL has no lz4: the outbox compresses with pglz';
END
$$;

-- the rows of the old table, sent or not, one event each under its own id: the position and the sequences stand
INSERT INTO outbox (id, events, event_ids, topics, record_keys, event_types, event_sources, event_subjects, event_times,
                    payloads, traceparents, created_at)
SELECT id, 1, ARRAY[event_id], ARRAY[topic::text], ARRAY[record_key::text], ARRAY[event_type::text],
       ARRAY[event_source::text], ARRAY[event_subject::text], ARRAY[event_time], ARRAY[payload], ARRAY[traceparent], created_at
FROM outbox_event ORDER BY id;

ALTER SEQUENCE outbox_event_id_seq OWNED BY outbox.id;
DROP TABLE outbox_event;
CREATE TRIGGER outbox_writer BEFORE INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_writer_lock();

-- one line per event, for people and tests; the relay reads the table
CREATE VIEW outbox_entry AS
SELECT o.id, o.id * 1024 + e.n - 1 AS sequence, e.event_id, e.topic, e.record_key, e.event_type, e.event_source,
       e.event_subject, e.event_time, e.payload, e.traceparent, o.created_at
FROM outbox o,
     unnest(o.event_ids, o.topics, o.record_keys, o.event_types, o.event_sources, o.event_subjects, o.event_times,
            o.payloads, o.traceparents)
         WITH ORDINALITY AS e(event_id, topic, record_key, event_type, event_source, event_subject, event_time, payload,
                              traceparent, n);

-- An erasure's part in the outbox: the sent events of the given record keys leave their rows (a row left empty is
-- deleted); events not sent yet stay, to be published. Returns how many events it removed.
CREATE FUNCTION outbox_forget_sent(keys text[]) RETURNS integer LANGUAGE sql AS $$
    WITH hit AS (
        SELECT o.id, e.*
        FROM outbox o,
             unnest(o.event_ids, o.topics, o.record_keys, o.event_types, o.event_sources, o.event_subjects, o.event_times,
                    o.payloads, o.traceparents)
                 WITH ORDINALITY AS e(event_id, topic, record_key, event_type, event_source, event_subject, event_time,
                                      payload, traceparent, n)
        WHERE o.id <= (SELECT sent_through FROM outbox_position) AND o.record_keys && keys
        FOR UPDATE OF o
    ), kept AS (
        SELECT id, count(*) FILTER (WHERE kept) AS events,
               array_agg(event_id ORDER BY n) FILTER (WHERE kept) AS event_ids,
               array_agg(topic ORDER BY n) FILTER (WHERE kept) AS topics,
               array_agg(record_key ORDER BY n) FILTER (WHERE kept) AS record_keys,
               array_agg(event_type ORDER BY n) FILTER (WHERE kept) AS event_types,
               array_agg(event_source ORDER BY n) FILTER (WHERE kept) AS event_sources,
               array_agg(event_subject ORDER BY n) FILTER (WHERE kept) AS event_subjects,
               array_agg(event_time ORDER BY n) FILTER (WHERE kept) AS event_times,
               array_agg(payload ORDER BY n) FILTER (WHERE kept) AS payloads,
               array_agg(traceparent ORDER BY n) FILTER (WHERE kept) AS traceparents
        FROM (SELECT hit.*, record_key <> ALL(keys) AS kept FROM hit) h
        GROUP BY id
    ), emptied AS (
        DELETE FROM outbox o USING kept k WHERE o.id = k.id AND k.events = 0
    ), trimmed AS (
        UPDATE outbox o SET events = k.events, event_ids = k.event_ids, topics = k.topics, record_keys = k.record_keys,
                            event_types = k.event_types, event_sources = k.event_sources,
                            event_subjects = k.event_subjects, event_times = k.event_times, payloads = k.payloads,
                            traceparents = k.traceparents
        FROM kept k WHERE o.id = k.id AND k.events > 0
    )
    SELECT count(*)::integer FROM hit WHERE record_key = ANY(keys)
$$;
