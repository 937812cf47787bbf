#!/usr/bin/env bash
# Runs every test of the project: prepares the machine (starts its PostgreSQL if one is installed and down;
# installs Chromium, chromium-driver, a Japanese font and promtool with apt-get where missing), then runs
# ./mvnw -B -ntp -T 2 verify from the repository root. Arguments are passed on to Maven.
# Each step is quick when there is nothing to do; each prints one line saying what it did.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "run-tests: $*"; }

# Runs a command as root: directly, else through sudo (without a terminal, sudo must not ask for a password).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    if [ -t 0 ]; then sudo "$@"; else sudo -n "$@"; fi
  else
    return 1
  fi
}

# --- PostgreSQL: the machine's server, started if it is installed and down. Without one the tests start an
# embedded PostgreSQL, so nothing here is fatal.
pg_host=${PGHOST:-127.0.0.1}
pg_port=${PGPORT:-5432}
pg_answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$pg_host" -p "$pg_port" 2>/dev/null
  else
    (exec 3<>"/dev/tcp/$pg_host/$pg_port") 2>/dev/null
  fi
}
if pg_answers; then
  say "PostgreSQL: answering on $pg_host:$pg_port"
elif command -v pg_ctlcluster >/dev/null 2>&1 && [ -n "$(ls /etc/postgresql 2>/dev/null)" ]; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  if as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1; then
    for _ in $(seq 1 30); do pg_answers && break; sleep 1; done
  fi
  if pg_answers; then
    say "PostgreSQL: started cluster $version/main on $pg_host:$pg_port"
  else
    say "PostgreSQL: could not start cluster $version/main; the tests start an embedded PostgreSQL"
  fi
else
  say "PostgreSQL: none installed; the tests start an embedded PostgreSQL"
fi

# --- The pages' browser tests (analytics-service DashboardTest, ticket-service SurveyPageBrowserTest and the workspace's, ingest-service
# EmbeddableFormTest) drive Debian's headless Chromium through chromedriver; the screenshots need a Japanese font.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
# grep reads to the end (no -q): with pipefail, fc-list cut off by an early exit would count as no font
fc-list 2>/dev/null | grep -i "ipagothic\|noto sans cjk" >/dev/null || missing+=(fonts-ipafont-gothic)
if [ ${#missing[@]} -eq 0 ]; then
  say "Chromium, chromedriver and a Japanese font: present"
elif { as_root apt-get update -q || true
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"; } >/dev/null 2>&1; then
  say "installed ${missing[*]}"
else
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then why="not root, and no sudo"; else why="apt-get failed"; fi
  say "could not install ${missing[*]} ($why)"
  case " ${missing[*]} " in
    *" chromium "*|*" chromium-driver "*)
      say "  the browser tests (DashboardTest, SurveyPageBrowserTest, EmbeddableFormTest) will fail: they need /usr/bin/chromium and /usr/bin/chromedriver" ;;
  esac
  case " ${missing[*]} " in
    *" fonts-ipafont-gothic "*)
      say "  without a Japanese font the dashboard screenshot (analytics-service/target/dashboard.png) shows boxes for Japanese text" ;;
  esac
fi

# --- promtool checks the alert rules and runs their unit tests (deploy/k8s MonitoringTest); Debian ships it in
# the package prometheus (installed without its recommends; its server is not started here).
if command -v promtool >/dev/null 2>&1; then
  say "promtool: present"
elif { as_root apt-get update -q || true
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus; } >/dev/null 2>&1 \
    && command -v promtool >/dev/null 2>&1; then
  say "installed prometheus (for promtool)"
else
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then why="not root, and no sudo"; else why="apt-get failed"; fi
  say "could not install prometheus, for promtool ($why)"
  say "  deploy/k8s MonitoringTest will fail: it checks and unit-tests the alert rules with promtool"
fi

# --- kubectl renders the Kubernetes manifests for their checks (deploy/k8s); this script does not install it.
if command -v kubectl >/dev/null 2>&1; then
  say "kubectl: present"
else
  say "kubectl: missing; the manifest checks in deploy/k8s will fail (they need kubectl 1.27 or later)"
fi

# Two modules at a time: a service's tests mostly wait (on the broker, the database, a browser, a timer), so two of them
# share the 2-core build machine well (19:42 against 24:50 one at a time); the end-to-end tests wait for the services'
# builds and run alone.
say "running ./mvnw -B -ntp -T 2 verify${*:+ $*}"
exec ./mvnw -B -ntp -T 2 verify "$@"
