#!/usr/bin/env bash
# The end-to-end benchmark: builds the services, starts the whole system (Kafka broker process, PostgreSQL, four
# services) on free ports with throwaway databases, measures the machine's limits, drives load and writes
# target/bench/e2e-<time>/{result.json,report.md,*.svg}. About 17 minutes with --api-rates 100,500,1000 (docs/benchmarks.md).
#   deploy/bench/end-to-end.sh [--direct 15000] [--api-rates 100,1000] [--api-seconds 15] [--ingest-alone 2000]
#                              [--scaling 30000] [--follow-ups 0.2] [--limits-seconds 10] [--no-limits] [--jfr]
#                              [--warm-up-round 5000] [--warm-up-rounds 30] (inquiries a warm-up round; rounds at most)
#                              [--service-jvm-options "-Xmx256m -XX:+UseSerialGC ..."] (replaces the services' JVM flags)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${MADOGUCHI_BENCH_NO_BUILD:-}" != "1" ]]; then
  ./mvnw -B -q -ntp install -DskipTests -Dquarkus.package.jar.appcds.enabled=true   # AppCDS: see ServiceProcess
fi
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dmadoguchi.root="$PWD" \
  -cp "deploy/bench/target/classes:$(cat deploy/bench/target/classpath.txt)" \
  io.madoguchi.bench.EndToEndBenchmark "$@"
