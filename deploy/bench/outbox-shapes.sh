#!/usr/bin/env bash
# What the outbox costs PostgreSQL per event in its two shapes: a row per event (the shape before the migrations
# …__outbox_row_per_write.sql) and a row per writing statement (the events as parallel arrays), each fed batches of
# 400 events like a set-based consumer's, with JSON payloads of 0.7–5.7 KB made of the labelled inquiries in
# analytics-service's test resources, and each compressed by pglz (PostgreSQL's default, the old shape's) and by lz4
# (the new shape's where the server has it). Prints, per shape, compression and round: latency per batch, WAL
# written, and rows inserted counting the TOAST table's chunks.
#   deploy/bench/outbox-shapes.sh [batches per round, default 250]
# Needs psql and pgbench (Debian: postgresql-client) and a PostgreSQL reached by the usual PG* variables (default
# 127.0.0.1:5432, user postgres); it creates and drops the database madoguchi_outbox_shapes.
set -euo pipefail
cd "$(dirname "$0")/../.."
batches="${1:-250}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
db=madoguchi_outbox_shapes
work=$(mktemp -d)
trap 'rm -rf "$work"; psql -qd postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT

grep -hv '^#' analytics-service/src/test/resources/mining/*inquiries.tsv | cut -f2 | tr '\\"' '  ' > "$work/texts.txt"
psql -qd postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
psql -qd "$db" -c "CREATE TABLE lines (line text)" -c "\\copy lines FROM '$work/texts.txt'"
psql -qd "$db" -v ON_ERROR_STOP=1 -f deploy/bench/sql/outbox-shapes.sql

cat > "$work/per-event.sql" <<'SQL'
\set k random(0, 9)
INSERT INTO per_event (event_id, topic, record_key, event_type, event_source, event_subject, event_time, payload, traceparent)
SELECT gen_random_uuid(), 'tickets.v1', n::text, 'io.madoguchi.ticket.created.v1', '/ticket-service', n::text, now(), p, NULL
FROM payload_pool WHERE n > :k * 400 AND n <= :k * 400 + 400 ORDER BY n;
SQL
cat > "$work/per-statement.sql" <<'SQL'
\set k random(0, 9)
INSERT INTO per_statement (events, event_ids, topics, record_keys, event_types, event_sources, event_subjects, event_times,
                           payloads, traceparents)
SELECT events, event_ids, topics, record_keys, event_types, event_sources, event_subjects, event_times, payloads, traceparents
FROM packed_pool WHERE k = :k;
SQL

q() { psql -qAtd "$db" -c "$1"; }
columns() { # the table's columns that compression applies to
  if [ "$1" = per_event ]; then echo payload; else echo event_ids topics record_keys event_types event_sources event_subjects event_times payloads traceparents; fi
}
for round in 1 2; do
  for variant in per-event:pglz per-statement:pglz per-statement:lz4 per-event:lz4; do
    shape=${variant%%:*} compression=${variant##*:} table=${shape/-/_}
    for column in $(columns "$table"); do q "ALTER TABLE $table ALTER COLUMN $column SET COMPRESSION $compression" >/dev/null; done
    q "TRUNCATE per_event, per_statement" >/dev/null
    q "CHECKPOINT" >/dev/null
    wal=$(q "SELECT pg_current_wal_lsn()")
    rows=$(q "SELECT coalesce(sum(n_tup_ins), 0) FROM pg_stat_all_tables WHERE relid IN ('$table'::regclass, (SELECT reltoastrelid FROM pg_class WHERE oid = '$table'::regclass))")
    latency=$(pgbench -n -f "$work/$shape.sql" -t "$batches" "$db" 2>&1 | sed -n 's/^latency average = //p')
    sleep 1 # the statistics collector
    echo "round $round, $shape, $compression: $latency per batch of 400 events;" \
      "WAL $(q "SELECT pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), '$wal'))");" \
      "rows inserted with TOAST chunks per event $(q "SELECT round((sum(n_tup_ins) - $rows) / ($batches * 400.0), 2) FROM pg_stat_all_tables WHERE relid IN ('$table'::regclass, (SELECT reltoastrelid FROM pg_class WHERE oid = '$table'::regclass))")"
  done
done
