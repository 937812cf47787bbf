#!/usr/bin/env bash
# Times analytics-service's year-range statistics overview over N archived tickets (default 100,000):
#   deploy/bench/analytics-year-query.sh [tickets]
# Starts the packaged service (build it first: ./mvnw package -DskipTests -pl analytics-service) with its own
# broker and a fresh database, fills a year of synthetic tickets, and prints the median of 5 timed requests.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -ntp -pl deploy/bench -am install -DskipTests
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dmadoguchi.root="$PWD" \
  -cp "deploy/bench/target/classes:$(cat deploy/bench/target/classpath.txt)" \
  io.madoguchi.bench.AnalyticsYearQuery "$@"
