#!/bin/sh
# docker-compose: create the Maillage roles and database in the postgres container's first start.
set -e
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres -f /docker-entrypoint-initdb.d/roles.sql
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres -c "CREATE DATABASE maillage OWNER maillage_owner"
