#!/bin/sh
# Runs once, when the postgres container initialises an empty data volume
# (/docker-entrypoint-initdb.d). Creates one role and one database per service: a service owns
# its data, and with CONNECT revoked from PUBLIC no service can even open another's database.
#
# Passwords come from <SERVICE>_DB_PASSWORD in the postgres container's environment (compose
# passes them). Changing them later does NOT change existing roles: this script only runs on an
# empty volume; use ALTER ROLE ... PASSWORD for that.
# -e only (no -u): the official entrypoint sources a non-executable .sh, and -u would leak into it
set -e

create_service_db() {
    name="$1"
    password="$2"
    if [ -z "$password" ]; then
        echo "init-databases: empty password for $name" >&2
        exit 1
    fi
    # psql variables (:"name" identifier, :'password' literal) quote the values, so a password
    # with quotes or spaces cannot break or inject SQL. CREATE DATABASE cannot run inside a
    # transaction, so the statements are sent one by one (no --single-transaction).
    psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "${POSTGRES_DB:-$POSTGRES_USER}" \
        -v name="$name" -v password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"name" TO :"name";
SQL
    echo "init-databases: created role and database $name"
}

create_service_db office    "${OFFICE_DB_PASSWORD:-office}"
create_service_db liaison   "${LIAISON_DB_PASSWORD:-liaison}"
create_service_db rights    "${RIGHTS_DB_PASSWORD:-rights}"
create_service_db personnel "${PERSONNEL_DB_PASSWORD:-personnel}"
create_service_db console   "${CONSOLE_DB_PASSWORD:-console}"
