# shellcheck shell=bash
# A local PostgreSQL server on loopback for the test suite (sourced by .ci/run).
#
# ci_postgres_start sets CI_PG_URL to a server URL whose role may create databases (each storage
# test makes and drops its own), or returns 1 with the reason in CI_PG_SKIPPED. It never stops
# the run: without PostgreSQL the suite still runs on SQLite.
#
# - CIRCLE_FACILITATOR_TEST_PG_URL already set: used as it is.
# - As root (Debian/Ubuntu): installs the distribution's `postgresql` package when missing, then
#   uses the first cluster (pg_lsclusters), starting or creating one (pg_ctlcluster,
#   pg_createcluster), and makes a dedicated role and database `circle_ci` with a random password
#   kept in ~/.local/state/circle-facilitator (idempotent; other roles and databases are left
#   alone).
# - Not root but the server binaries are installed: a private throw-away cluster (initdb) in a
#   temporary folder on a free port, stopped by ci_postgres_stop.

CI_PG_URL=""
CI_PG_SKIPPED=""
CI_PG_PRIVATE_DIR=""
CI_PG_ROLE="circle_ci"

_ci_pg_bindir() {
    # The newest installed server version's binaries.
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] && echo "$dir"
}

_ci_pg_password() {
    python3 -c 'import secrets; print(secrets.token_hex(16))'
}

_ci_pg_as_root() {
    if [ -z "$(_ci_pg_bindir)" ]; then
        command -v apt-get >/dev/null 2>&1 || { CI_PG_SKIPPED="no PostgreSQL and no apt-get"; return 1; }
        echo "Installing PostgreSQL from the distribution's packages..."
        export DEBIAN_FRONTEND=noninteractive
        if ! { apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; }; then
            CI_PG_SKIPPED="apt-get install postgresql failed (no network?)"
            return 1
        fi
    fi
    command -v pg_lsclusters >/dev/null 2>&1 || { CI_PG_SKIPPED="no pg_lsclusters (postgresql-common)"; return 1; }
    local version name port status
    read -r version name port status _ < <(pg_lsclusters --no-header | sort -k4,4r | head -n 1) || true
    if [ -z "${version:-}" ]; then
        version=$(basename "$(dirname "$(_ci_pg_bindir)")")
        name="main"
        pg_createcluster "$version" "$name" --start >/dev/null || { CI_PG_SKIPPED="pg_createcluster failed"; return 1; }
        read -r version name port status _ < <(pg_lsclusters --no-header "$version" "$name")
    elif [ "$status" != "online" ]; then
        pg_ctlcluster "$version" "$name" start || { CI_PG_SKIPPED="pg_ctlcluster start failed"; return 1; }
    fi
    # The random password is kept (owner-only) and reused, so that runs at the same time on one
    # machine do not change it under each other; role and database are made if missing.
    local password pwfile
    pwfile="${XDG_STATE_HOME:-$HOME/.local/state}/circle-facilitator/ci-postgres-password"
    if [ ! -s "$pwfile" ]; then
        mkdir -p "$(dirname "$pwfile")"
        (umask 077 && _ci_pg_password >"$pwfile")
    fi
    password=$(cat "$pwfile")
    # From /: the postgres user may not be able to enter the checkout.
    if ! (cd / && runuser -u postgres -- psql -q -p "$port" -d postgres -v ON_ERROR_STOP=1 \
        -v role="$CI_PG_ROLE" -v pw="$password" >/dev/null <<'SQL'
SET client_min_messages = warning;
SELECT format('CREATE ROLE %I LOGIN CREATEDB', :'role')
    WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'role', :'pw') \gexec
-- Each test drops its database WITH (FORCE), which must end whatever is still connected to it.
SELECT format('GRANT pg_signal_backend TO %I', :'role') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'role', :'role')
    WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'role') \gexec
SQL
    ); then
        CI_PG_SKIPPED="could not create the role $CI_PG_ROLE"
        return 1
    fi
    CI_PG_URL="postgresql+psycopg://$CI_PG_ROLE:$password@127.0.0.1:$port/$CI_PG_ROLE"
}

_ci_pg_private() {
    local bindir port password
    bindir=$(_ci_pg_bindir) || { CI_PG_SKIPPED="not root, and no PostgreSQL installed"; return 1; }
    CI_PG_PRIVATE_DIR=$(mktemp -d)
    password=$(_ci_pg_password)
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    printf '%s\n' "$password" >"$CI_PG_PRIVATE_DIR/pw"
    if ! "$bindir/initdb" -D "$CI_PG_PRIVATE_DIR/data" -U "$CI_PG_ROLE" -A scram-sha-256 \
        --pwfile="$CI_PG_PRIVATE_DIR/pw" >/dev/null; then
        CI_PG_SKIPPED="initdb failed"
        return 1
    fi
    if ! "$bindir/pg_ctl" -D "$CI_PG_PRIVATE_DIR/data" -l "$CI_PG_PRIVATE_DIR/log" -w \
        -o "-p $port -k $CI_PG_PRIVATE_DIR -c listen_addresses=127.0.0.1" start >/dev/null; then
        CI_PG_SKIPPED="the private PostgreSQL server did not start (see $CI_PG_PRIVATE_DIR/log)"
        return 1
    fi
    CI_PG_URL="postgresql+psycopg://$CI_PG_ROLE:$password@127.0.0.1:$port/postgres"
}

ci_postgres_start() {
    if [ -n "${CIRCLE_FACILITATOR_TEST_PG_URL:-}" ]; then
        CI_PG_URL="$CIRCLE_FACILITATOR_TEST_PG_URL"
        return 0
    fi
    if [ "$(id -u)" = 0 ]; then
        _ci_pg_as_root
    else
        _ci_pg_private
    fi
}

ci_postgres_stop() {
    if [ -n "$CI_PG_PRIVATE_DIR" ]; then
        "$(_ci_pg_bindir)/pg_ctl" -D "$CI_PG_PRIVATE_DIR/data" -m fast stop >/dev/null 2>&1 || true
        rm -rf "$CI_PG_PRIVATE_DIR"
    fi
}
