#!/usr/bin/env bash
# Outbound e-mail on the whole local system (its own SMTP server, free ports, throwaway databases): the delay from an
# agent's public reply to its delivery, p50/p99, at a steady reply rate, and the deliveries per second the sender
# sustains when a burst is due at once (docs/benchmarks.md, "Outbound delivery"):
#   deploy/bench/delivery.sh [replies/s] [seconds] [burst]      (defaults 20 20 1000)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${MADOGUCHI_BENCH_NO_BUILD:-}" != "1" ]]; then
  ./mvnw -B -q -ntp install -DskipTests -Dquarkus.package.jar.appcds.enabled=true
fi
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dmadoguchi.root="$PWD" \
  -cp "deploy/bench/target/classes:$(cat deploy/bench/target/classpath.txt)" \
  io.madoguchi.bench.DeliveryBenchmark "$@"
