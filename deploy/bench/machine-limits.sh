#!/usr/bin/env bash
# The machine's own limits, to put Madoguchi's throughput in proportion: Kafka's ProducerPerformance (1 KB records,
# acks=all) against a broker process, and pgbench single-row and 100-row inserts into the same PostgreSQL.
#   deploy/bench/machine-limits.sh [pgbench seconds]     writes target/bench/machine-limits.json
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -ntp -pl deploy/bench -am install -DskipTests
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dmadoguchi.root="$PWD" \
  -cp "deploy/bench/target/classes:$(cat deploy/bench/target/classpath.txt)" \
  io.madoguchi.bench.MachineLimits "$@"
