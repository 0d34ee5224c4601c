#!/usr/bin/env bash
# Runs the database tests (migrations up → down → up, every constraint and trigger, the models,
# the reporting role, sequelize-cli) on a second major version of PostgreSQL: Debian's
# PostgreSQL 15, beside the embedded 18 that `npm test` uses.
#
#   scripts/test-other-postgres.sh [mocha files…]     (default: test/db and test/models)
#
# Finds /usr/lib/postgresql/<major>/bin (OTHER_PG_MAJOR, default 15); when it is missing and this
# runs as root with apt-get, installs postgresql-<major> first. Starts a private server in a
# temporary directory on a free loopback port, with a random password (never printed), runs the
# tests with TEST_DATABASE_URL pointing at it, and stops and removes it again, whatever happens.
#
# Exit status: the tests' own. When the server cannot be had at all (no apt-get, not root, or the
# package mirror unreachable) it says so on stderr and exits 0 with OTHER_PG=auto (the default:
# CI machines without Debian's packages still run the embedded suite), or 1 with OTHER_PG=require.
set -euo pipefail
cd "$(dirname "$0")/.."

major="${OTHER_PG_MAJOR:-15}"
mode="${OTHER_PG:-auto}"
bin="/usr/lib/postgresql/${major}/bin"

unavailable() {
  echo "other PostgreSQL: $1" >&2
  if [ "$mode" = require ]; then exit 1; fi
  echo "other PostgreSQL: skipped (OTHER_PG=require makes this an error)" >&2
  exit 0
}

if [ ! -x "$bin/postgres" ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    unavailable "$bin/postgres is not installed, and installing it needs root and apt-get"
  fi
  echo "other PostgreSQL: installing postgresql-${major} from Debian's packages…" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "postgresql-${major}"; } >/tmp/store-apt-$$.log 2>&1; then
    tail -5 /tmp/store-apt-$$.log >&2
    unavailable "apt-get could not install postgresql-${major}"
  fi
fi

work="$(mktemp -d /tmp/store-pg${major}-XXXXXX)"
password="$(node -e "process.stdout.write(require('node:crypto').randomBytes(18).toString('base64url'))")"
port="$(node -e "const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})")"

# initdb and postgres refuse to run as root: run them as the postgres user the package created.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$work"; fi
printf '%s\n' "$password" >"$work/pwfile"
if [ "$(id -u)" = 0 ]; then chown postgres "$work/pwfile"; fi
chmod 600 "$work/pwfile"

cleanup() {
  as_owner "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

as_owner "$bin/initdb" -D "$work/data" -U postgres --auth=scram-sha-256 --pwfile="$work/pwfile" -E UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1 ||
  { cat "$work/initdb.log" >&2; exit 1; }
rm -f "$work/pwfile"
as_owner "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w -t 60 \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null ||
  { cat "$work/server.log" >&2; exit 1; }

version="$(as_owner "$bin/postgres" --version)"
echo "other PostgreSQL: ${version} on 127.0.0.1:${port}" >&2

# The embedded server's own tests (test/db/embedded.test.ts) say nothing about another server.
if [ "$#" -eq 0 ]; then set -- $(ls test/db/*.test.ts | grep -v embedded) test/models/*.test.ts; fi
TEST_DATABASE_URL="postgres://postgres:${password}@127.0.0.1:${port}/postgres" \
  npx mocha --no-config --require ts-node/register/transpile-only --require test/setup.ts --extension ts --timeout 60000 --exit "$@"
