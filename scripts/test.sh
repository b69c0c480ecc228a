#!/usr/bin/env bash
# Runs Doorman's whole test suite on a fresh machine: installs what it needs (Debian's PostgreSQL and
# Chromium, panva's oidc-provider from npm), starts a throwaway PostgreSQL server on loopback, runs every
# test against SQLite and PostgreSQL, real identity providers and a real browser, and stops the servers
# again, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '==> %s\n' "$*"; }

apt_install() {
  # The image deletes downloaded .debs after each dpkg run, which can fail a first install: retry once.
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q "$@" >/dev/null || apt-get install -y -q "$@" >/dev/null
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then
  log "installing PostgreSQL"
  apt_install postgresql
fi
PGBIN=$(pg_bin)

if [ ! -x /usr/bin/chromium ]; then
  log "installing Chromium (browser tests)"
  apt_install chromium
fi

log "installing the Node test servers: oidc-provider, smtp-server (npm ci)"
(cd tests/e2e/node-op && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

PGROOT=$(mktemp -d /tmp/doorman-pg.XXXXXX)
PGPORT=${DOORMAN_TEST_PGPORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
stop_pg() {
  if [ -f "$PGROOT/data/postmaster.pid" ]; then
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PGROOT"
}
trap stop_pg EXIT

log "starting PostgreSQL ($("$PGBIN/postgres" --version)) on 127.0.0.1:$PGPORT"
chown postgres:postgres "$PGROOT"   # initdb and postgres refuse to run as root
runuser -u postgres -- "$PGBIN/initdb" -D "$PGROOT/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null
psql -h 127.0.0.1 -p "$PGPORT" -U postgres -q -c "CREATE ROLE doorman LOGIN CREATEDB PASSWORD 'doorman'"
export DOORMAN_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=doorman;Password=doorman;Database=postgres"

log "building"
dotnet build Doorman.slnx -c Release -nologo -v quiet

log "running tests"
results=$(mktemp)
status=0
# One test assembly at a time (-m:1): on two cores the browser tests time out when they share the machine with the
# integration tests, which start whole Doorman server processes of their own.
dotnet test Doorman.slnx -c Release --no-build -nologo -m:1 "$@" 2>&1 | tee "$results" || status=$?
# One plain closing line over every test assembly, e.g. "46 passed, 0 failed".
awk -F'[:,]' '/(Passed|Failed)! +- +Failed:/ { failed += $2; passed += $4 }
  END { printf "tests: %d passed, %d failed\n", passed, failed }' "$results"
rm -f "$results"
exit $status
