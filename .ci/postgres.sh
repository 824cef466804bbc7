#!/usr/bin/env bash
# A local PostgreSQL server for the PostgreSQL test run (ADR 0023): installs Debian's
# `postgresql` when missing, starts its `main` cluster, makes a role that may create
# databases, and prints the TEST_DATABASE_URL on stdout (everything else on stderr).
# Needs root (apt-get, pg_ctlcluster, su postgres). Safe to run again.
set -euo pipefail
role=chainlead_test
password=chainlead_test

if [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ] || ! command -v pg_ctlcluster >/dev/null; then
	echo "Installing Debian postgresql…" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
	pg_createcluster "$version" main >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')
if ! pg_isready -q -h 127.0.0.1 -p "$port"; then
	pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2
	for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 0.5; done
fi
su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -q" >&2 <<SQL
DO \$\$ BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
		CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password';
	END IF;
END \$\$;
SQL
echo "postgresql://$role:$password@127.0.0.1:$port/postgres"
