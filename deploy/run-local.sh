#!/usr/bin/env bash
# Runs the whole of Madoguchi on this machine: a Kafka broker (KRaft, a process from Maven Central jars),
# PostgreSQL (the server on PGHOST:PGPORT, default 127.0.0.1:5432, else an embedded one), a database per
# service, a mail server (GreenMail, a process: SMTP 3025, IMAP 3143) and the four services. Waits until all
# are ready, prints the URLs, a first curl and the mail loop as curl commands.
# Ctrl-C stops everything it started. Data, mail and logs live in .local/ and survive restarts.
#   deploy/run-local.sh            build, then run
#   deploy/run-local.sh --no-build run what was built last
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" != "--no-build" ]]; then
  echo "Building the services and the launcher (the first build downloads dependencies)..."
  # each service with a class-data archive beside its jar (AppCDS), which ServiceProcess uses: it starts faster
  ./mvnw -B -q -ntp package -DskipTests -Dquarkus.package.jar.appcds.enabled=true
fi
classpath="deploy/launcher/target/classes:$(cat deploy/launcher/target/classpath.txt)"
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dmadoguchi.root="$PWD" -cp "$classpath" io.madoguchi.launcher.Launcher
