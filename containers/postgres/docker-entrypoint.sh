#!/usr/bin/env bash
# The start-up contract of the official postgres image, which @testcontainers/postgresql relies on:
# - lives at /usr/local/bin/docker-entrypoint.sh (the module's SSL mode execs it by that path);
# - `postgres [-c name=value]...` as the command, run as user postgres;
# - on an empty $PGDATA: initdb with POSTGRES_USER / POSTGRES_PASSWORD, create POSTGRES_DB, run
#   /docker-entrypoint-initdb.d/*.{sh,sql,sql.gz} against a socket-only temporary server (so nothing
#   answers on TCP before the real server: the module waits for `pg_isready --host localhost`);
#   "database system is ready to accept connections" is logged twice, as the official image does;
# - listens on every address, password auth (scram-sha-256) from outside, trust on the socket.
set -Eeo pipefail

if [ "${1:0:1}" = '-' ]; then
  set -- postgres "$@"
fi

if [ "$1" = 'postgres' ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  if [ "$(id -u)" = '0' ]; then
    find "$PGDATA" \! -user postgres -exec chown postgres:postgres '{}' +
    chmod 00700 "$PGDATA"
    chmod 03775 /var/run/postgresql
    export HOME=/var/lib/postgresql
    exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
  fi

  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    : "${POSTGRES_USER:=postgres}"
    : "${POSTGRES_DB:=$POSTGRES_USER}"
    : "${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"
    if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != 'trust' ]; then
      echo 'Error: Database is uninitialized and superuser password is not specified.' >&2
      echo '       Set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust to allow every connection).' >&2
      exit 1
    fi
    # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of options, as in the official image
    initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "${POSTGRES_PASSWORD:-}") ${POSTGRES_INITDB_ARGS:-}
    printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
    printf '\nhost all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD" >>"$PGDATA/pg_hba.conf"

    export PGUSER="$POSTGRES_USER" PGPASSWORD="${POSTGRES_PASSWORD:-}"
    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start
    psql=(psql -v ON_ERROR_STOP=1 --no-psqlrc --no-password --dbname postgres)
    if [ "$POSTGRES_DB" != 'postgres' ]; then
      "${psql[@]}" --set db="$POSTGRES_DB" <<-'SQL'
	CREATE DATABASE :"db";
	SQL
    fi
    for f in /docker-entrypoint-initdb.d/*; do
      case "$f" in
      *.sh)
        echo "running $f"
        if [ -x "$f" ]; then "$f"; else . "$f"; fi
        ;;
      *.sql)
        echo "running $f"
        "${psql[@]}" --dbname "$POSTGRES_DB" -f "$f"
        ;;
      *.sql.gz)
        echo "running $f"
        gunzip -c "$f" | "${psql[@]}" --dbname "$POSTGRES_DB"
        ;;
      *) [ -e "$f" ] && echo "ignoring $f" ;;
      esac
    done
    pg_ctl -D "$PGDATA" -m fast -w stop
    unset PGUSER PGPASSWORD
    echo 'PostgreSQL init process complete; ready for start up.'
  fi
fi

exec "$@"
