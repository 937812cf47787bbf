#!/usr/bin/env bash
# Measures ticket-service's consumer throughput against a running system (deploy/run-local.sh):
#   deploy/bench/ticket-throughput.sh [count] [bootstrap] [follow-up share]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -ntp -pl deploy/bench package
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "deploy/bench/target/classes:$(cat deploy/bench/target/classpath.txt)" \
  io.madoguchi.bench.TicketConsumerThroughput "$@"
