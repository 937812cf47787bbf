#!/usr/bin/env bash
# Times analytics-service's FAQ mining over N solved tickets (default 5,000):
#   deploy/bench/knowledge-base-mining.sh [tickets]
# Starts the packaged service (build it first: ./mvnw package -DskipTests -pl analytics-service) with its own
# broker and a fresh database, fills it with generated solved tickets, and times the candidates request: mined,
# reused, and drilled into.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -ntp -pl deploy/bench -am install -DskipTests
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dmadoguchi.root="$PWD" \
  -cp "deploy/bench/target/classes:$(cat deploy/bench/target/classpath.txt)" \
  io.madoguchi.bench.KnowledgeBaseMining "$@"
