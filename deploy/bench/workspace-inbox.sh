#!/usr/bin/env bash
# Times the agent workspace over N tickets (default 100,000): the inbox's views, first pages, a search and a ticket
# page as ticket-service serves them (p50/p95 of 20 requests after a warm-up), and the page's load in headless Chromium
# until the first page of tickets is drawn.
#   deploy/bench/workspace-inbox.sh [tickets]
# Starts the packaged service (build it first: ./mvnw package -DskipTests -pl ticket-service) with its own broker and
# a fresh database, and fills it with synthetic tickets and messages.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -ntp -pl deploy/bench -am install -DskipTests
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dmadoguchi.root="$PWD" \
  -cp "deploy/bench/target/classes:$(cat deploy/bench/target/classpath.txt)" \
  io.madoguchi.bench.WorkspaceInbox "$@"
