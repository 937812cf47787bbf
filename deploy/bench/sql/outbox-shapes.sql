-- The two outbox shapes compared by deploy/bench/outbox-shapes.sh, and their inputs.
CREATE TABLE per_event (
    id bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, topic varchar(128) NOT NULL, record_key varchar(512) NOT NULL,
    event_type varchar(128) NOT NULL, event_source varchar(256) NOT NULL, event_subject varchar(256),
    event_time timestamptz NOT NULL, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), traceparent text);
CREATE TABLE per_statement (
    id bigserial PRIMARY KEY, events integer NOT NULL, event_ids uuid[] NOT NULL, topics text[] NOT NULL,
    record_keys text[] NOT NULL, event_types text[] NOT NULL, event_sources text[] NOT NULL, event_subjects text[] NOT NULL,
    event_times timestamptz[] NOT NULL, payloads text[] NOT NULL, traceparents text[] NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now());

-- lines: the labelled inquiries, one a line, loaded by the script
CREATE TABLE texts AS SELECT row_number() OVER () AS i, line FROM lines;
-- The inputs are stored uncompressed (STORAGE EXTERNAL): PostgreSQL copies a value that is compressed already as it is,
-- so compressed inputs would spare the timed inserts the compression a service's insert pays.
-- A ticket event's JSON: its body 6 to 50 inquiries long, neighbours' bodies far apart in the corpus, so that
-- compression finds no more repetition between neighbouring events than between real ones.
CREATE TABLE payload_pool (n integer, p text);
ALTER TABLE payload_pool ALTER COLUMN p SET STORAGE EXTERNAL;
INSERT INTO payload_pool
SELECT n, '{"ticketId":' || (283626401 + n) || ',"conversationKey":"api:' || md5(n::text) || '","subject":"'
       || (SELECT line FROM texts WHERE i = 1 + (n * 7) % (SELECT count(*) FROM texts)) || '","message":{"body":"'
       || (SELECT string_agg(line, ' ') FROM texts WHERE i BETWEEN 1 + (n * 389) % 1100 AND 1 + (n * 389) % 1100 + 5 + (n % 45))
       || '","createdAt":"2026-12-07T15:00:00.123Z"},"requester":{"email":"c' || n || '@example.jp","displayName":"Customer '
       || n || '"},"channel":"api","priority":"normal"}' AS p
FROM generate_series(1, 4000) n;
-- the same events, 400 to a row, as a consumer's batch is sent: built once, so the timed insert only writes
CREATE TABLE packed_pool (k integer, events integer, event_ids uuid[], topics text[], record_keys text[], event_types text[],
                          event_sources text[], event_subjects text[], event_times timestamptz[], payloads text[],
                          traceparents text[]);
ALTER TABLE packed_pool ALTER COLUMN event_ids SET STORAGE EXTERNAL, ALTER COLUMN topics SET STORAGE EXTERNAL,
    ALTER COLUMN record_keys SET STORAGE EXTERNAL, ALTER COLUMN event_types SET STORAGE EXTERNAL,
    ALTER COLUMN event_sources SET STORAGE EXTERNAL, ALTER COLUMN event_subjects SET STORAGE EXTERNAL,
    ALTER COLUMN event_times SET STORAGE EXTERNAL, ALTER COLUMN payloads SET STORAGE EXTERNAL,
    ALTER COLUMN traceparents SET STORAGE EXTERNAL;
INSERT INTO packed_pool
SELECT k, count(*)::int AS events, array_agg(gen_random_uuid() ORDER BY n) AS event_ids,
       array_agg('tickets.v1'::text ORDER BY n) AS topics, array_agg(n::text ORDER BY n) AS record_keys,
       array_agg('io.madoguchi.ticket.created.v1'::text ORDER BY n) AS event_types,
       array_agg('/ticket-service'::text ORDER BY n) AS event_sources, array_agg(n::text ORDER BY n) AS event_subjects,
       array_agg(now() ORDER BY n) AS event_times, array_agg(p ORDER BY n) AS payloads,
       array_agg(NULL::text ORDER BY n) AS traceparents
FROM (SELECT n, p, (n - 1) / 400 AS k FROM payload_pool) x GROUP BY k;
ANALYZE;
