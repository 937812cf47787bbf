#!/usr/bin/env bash
# Rebuilds analytics-service's archive and projection from the topics alone, next to the running local system
# (deploy/run-local.sh): a second analytics-service with an empty database and new consumer groups replays
# tickets.v1, escalations.v1 and inquiries.v1 from the beginning.
#   deploy/analytics-rebuild.sh [database]     default: madoguchi_analytics_rebuild_<yyyymmddhhmm>
# It stops once the rebuild counts as many tickets as the live service, and says how to switch over.
# (EndToEndTest checks that a rebuild ends up equal, row for row, to the live projection.)
set -euo pipefail
cd "$(dirname "$0")/.."
db="${1:-madoguchi_analytics_rebuild_$(date +%Y%m%d%H%M)}"
group="analytics-rebuild-$(date +%s)"
pg_host="${PGHOST:-127.0.0.1}" pg_port="${PGPORT:-5432}" pg_user="${PGUSER:-postgres}"
port="${REBUILD_PORT:-18084}"

psql -q -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -c "CREATE DATABASE $db"
QUARKUS_HTTP_PORT="$port" \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$pg_host:$pg_port/$db" \
QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$pg_host:$pg_port/$db" \
QUARKUS_DATASOURCE_USERNAME="$pg_user" QUARKUS_DATASOURCE_PASSWORD="${PGPASSWORD:-}" \
MP_MESSAGING_INCOMING_TICKETS_GROUP_ID="$group" \
MP_MESSAGING_INCOMING_ESCALATIONS_GROUP_ID="$group" \
MP_MESSAGING_INCOMING_INQUIRIES_GROUP_ID="$group" \
MP_MESSAGING_INCOMING_DELIVERIES_GROUP_ID="$group" \
KAFKA_BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP:-127.0.0.1:9092}" \
MP_JWT_VERIFY_ISSUER=https://madoguchi.local/dev-issuer MP_JWT_VERIFY_PUBLICKEY_LOCATION=.local/keys/jwt-public.pem \
  java -Xmx256m -jar analytics-service/target/quarkus-app/quarkus-run.jar > .local/logs/analytics-rebuild.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT

token="$(deploy/token.sh analytics-rebuild agent 1)"
count() { curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$1/api/v1/stats/summary" | grep -o '"ticketsCreated":[0-9]*' | cut -d: -f2; }
echo "replaying into $db (consumer group $group; log .local/logs/analytics-rebuild.log)"
same=0
while [ "$same" -lt 5 ]; do
  sleep 2
  kill -0 "$pid" 2>/dev/null || { echo "the rebuild stopped; see .local/logs/analytics-rebuild.log"; exit 1; }
  live="$(count 8084 || true)" rebuilt="$(count "$port" || true)"
  echo "  live ${live:-?} tickets, rebuilt ${rebuilt:-?}"
  if [ -n "$live" ] && [ "$live" = "$rebuilt" ]; then same=$((same + 1)); else same=0; fi
done
kill "$pid"
cat <<DONE
Rebuilt: $db holds the same $live tickets as the live database. To switch over, stop the system (Ctrl-C in
deploy/run-local.sh), swap the databases, and start it with the rebuild's consumer group, so analytics carries on
exactly where the rebuild stopped (events it sees twice are ignored by their id):
  psql -h $pg_host -p $pg_port -U $pg_user -d postgres -c 'ALTER DATABASE madoguchi_analytics RENAME TO madoguchi_analytics_old' \\
       -c 'ALTER DATABASE $db RENAME TO madoguchi_analytics'
  MADOGUCHI_ANALYTICS_GROUP_ID=$group deploy/run-local.sh
DONE
