#!/usr/bin/env bash
# A private PostgreSQL 15 + PostGIS cluster built the way Supabase builds its databases (bootstrap
# superuser supabase_admin, a non-superuser `postgres`, Supabase's default privileges, the auth
# functions, PostGIS in schema `extensions`; see tests/fixtures/supabase-init.sql), for the tests'
# `supabase` engine. Its own cluster because the role `postgres` must not be a superuser here.
#
#   scripts/supabase-test-cluster.sh start [port] [dir]   start it; prints the SUPABASE_TEST_URL line
#   scripts/supabase-test-cluster.sh stop [dir]           stop it and delete its folder
#
# Then: SUPABASE_TEST_URL=postgres://postgres@127.0.0.1:54330/supabase npm test
set -euo pipefail
cd "$(dirname "$0")/.."

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
cmd=${1:-}
if [ "$cmd" = stop ]; then
	dir=${2:-/tmp/anninh-supabase-pg-54330}
else
	port=${2:-54330}
	dir=${3:-/tmp/anninh-supabase-pg-$port}
fi

# The server refuses to run as root: run it as the system user postgres, as .ci/run does.
as_owner() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

case "$cmd" in
start)
	if [ -e "$dir" ]; then
		echo "$dir exists: stop that cluster first ($0 stop $dir)" >&2
		exit 1
	fi
	mkdir -p "$dir"
	[ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
	as_owner "$PGBIN/initdb -D $dir/data -A trust -U supabase_admin --encoding=UTF8 --locale=C.UTF-8" >/dev/null
	as_owner "$PGBIN/pg_ctl -D $dir/data -l $dir/server.log -w -o \"-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off\" start" >/dev/null || {
		cat "$dir/server.log" >&2
		exit 1
	}
	psql -X -q -h 127.0.0.1 -p "$port" -U supabase_admin -d postgres -f tests/fixtures/supabase-init.sql >/dev/null
	echo "export SUPABASE_TEST_URL=postgres://postgres@127.0.0.1:$port/supabase"
	;;
stop)
	as_owner "$PGBIN/pg_ctl -D $dir/data -m fast stop" >/dev/null 2>&1 || true
	rm -rf "$dir"
	;;
*)
	echo "usage: $0 start [port] [dir] | stop [dir]" >&2
	exit 2
	;;
esac
