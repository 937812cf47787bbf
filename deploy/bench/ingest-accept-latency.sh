#!/usr/bin/env bash
# Accept latency of ingest's JSON API under open-loop load, and the publish lag behind it, against a
# running system (deploy/run-local.sh):
#   deploy/bench/ingest-accept-latency.sh [rate/s] [seconds] [ingest url] [api key] [bootstrap]
# The API key defaults to .local/keys/ingest-api-key.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -ntp -pl deploy/bench package
export KEY="${KEY:-$(cat .local/keys/ingest-api-key)}"
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "deploy/bench/target/classes:$(cat deploy/bench/target/classpath.txt)" \
  io.madoguchi.bench.IngestAcceptLatency "$@"
