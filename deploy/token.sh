#!/usr/bin/env bash
# Mints a bearer token for the local system, signed with the key the launcher generated in .local/keys.
#   deploy/token.sh [subject] [roles] [hours]     e.g. deploy/token.sh alice agent 8
set -euo pipefail
cd "$(dirname "$0")/.."
classpath="deploy/launcher/target/classes:$(cat deploy/launcher/target/classpath.txt)"
exec java -cp "$classpath" io.madoguchi.infra.DevTokens .local/keys "${1:-local-agent}" "${2:-agent}" "${3:-12}"
