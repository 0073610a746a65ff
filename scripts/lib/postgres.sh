# PostgreSQL for scripts/run and scripts/test (sourced after common.sh).
#
# pg_setup <cluster-name> <port> either uses the server named by PGHOST
# (PGPORT, PGUSER, PGPASSWORD) or starts a private cluster on 127.0.0.1 with
# its data under .local/<cluster-name>, and sets:
#   PG_DB_HOST PG_DB_PORT PG_DB_USER PG_DB_PASSWORD   for odoo.conf
#   PG_STARTED_BY_US=1                                 when we started it
#
# PostgreSQL refuses to run as root: when root, initdb/pg_ctl run as the
# `postgres` system user (created by the Debian package) through runuser.
# Odoo refuses to connect as `postgres`, so a login role `odoo` is created;
# its password (and the cluster superuser's) is kept in .local/<name>.secret.

# shellcheck shell=bash

PG_DB_HOST="" PG_DB_PORT="" PG_DB_USER="" PG_DB_PASSWORD=""
PG_STARTED_BY_US=0 PG_DATA="" PG_BINDIR="" PG_SUPER_PASSWORD=""
PG_RUNAS=()

# _pg_as_owner <command...>: run as the cluster owner, from / (the postgres
# user may not be allowed into the current directory).
_pg_as_owner() {
    (cd / && "${PG_RUNAS[@]}" "$@")
}

# pg_find_bindir: PostgreSQL 15 binaries if installed, else the newest ones.
pg_find_bindir() {
    if [[ -n "${PG_BIN:-}" ]]; then
        [[ -x "$PG_BIN/pg_ctl" ]] || die "PG_BIN=$PG_BIN has no pg_ctl"
        printf '%s\n' "$PG_BIN"
        return 0
    fi
    if [[ -x /usr/lib/postgresql/15/bin/pg_ctl ]]; then
        printf '%s\n' /usr/lib/postgresql/15/bin
        return 0
    fi
    local newest
    newest="$(find /usr/lib/postgresql -maxdepth 3 -path '*/bin/pg_ctl' 2>/dev/null | sort -V | tail -n 1)"
    if [[ -n "$newest" ]]; then
        warn "PostgreSQL 15 not found, using $(dirname "$newest")"
        dirname "$newest"
        return 0
    fi
    if command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"
        return 0
    fi
    return 1
}

pg_psql_bin() {
    if [[ -n "$PG_BINDIR" && -x "$PG_BINDIR/psql" ]]; then
        printf '%s\n' "$PG_BINDIR/psql"
    elif command -v psql >/dev/null 2>&1; then
        command -v psql
    else
        die "psql not found (apt-get install postgresql-client)"
    fi
}

# pg_query <database> <sql>: run SQL as the Odoo role, print unaligned rows.
pg_query() {
    local psql
    psql="$(pg_psql_bin)"
    PGPASSWORD="$PG_DB_PASSWORD" "$psql" -X -q -v ON_ERROR_STOP=1 -tA \
        -h "$PG_DB_HOST" -p "$PG_DB_PORT" -U "$PG_DB_USER" -d "$1" -c "$2"
}

# _pg_super <sql>: run SQL as the private cluster's superuser.
_pg_super() {
    PGPASSWORD="$PG_SUPER_PASSWORD" "$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -tA \
        -h 127.0.0.1 -p "$PG_DB_PORT" -U postgres -d postgres -c "$1"
}

pg_database_exists() {
    [[ "$(pg_query postgres "SELECT 1 FROM pg_database WHERE datname = '$1'")" == 1 ]]
}

pg_drop_database() {
    pg_query postgres "DROP DATABASE IF EXISTS \"$1\"" >/dev/null
}

# _pg_data_dir <name>: .local/<name>, or a folder under /var/lib/postgresql
# when the postgres user cannot reach the checkout (e.g. a repo under /root).
_pg_data_dir() {
    local name="$1" dir="$LOCAL_DIR/$1"
    if ! is_root; then
        printf '%s\n' "$dir"
        return 0
    fi
    mkdir -p "$dir"
    chown postgres:postgres "$dir"
    chmod 700 "$dir"
    if runuser -u postgres -- test -w "$dir"; then
        printf '%s\n' "$dir"
        return 0
    fi
    rmdir "$dir" 2>/dev/null || true
    local sum
    sum="$(printf '%s' "$REPO_ROOT" | cksum | cut -d' ' -f1)"
    dir="/var/lib/postgresql/integration-suite/$name-$sum"
    warn "user postgres cannot reach $LOCAL_DIR; cluster data goes to $dir"
    mkdir -p "$dir"
    chown postgres:postgres "$(dirname "$dir")" "$dir"
    chmod 700 "$dir"
    printf '%s\n' "$dir"
}

_pg_initdb() {
    local secret_file="$1" pwfile
    info "initialising PostgreSQL cluster in $PG_DATA"
    PG_SUPER_PASSWORD="$(random_secret)"
    (umask 077 && printf '%s\n' "$PG_SUPER_PASSWORD" >"$secret_file")
    pwfile="$(mktemp)"
    printf '%s\n' "$PG_SUPER_PASSWORD" >"$pwfile"
    is_root && chown postgres "$pwfile"
    if ! run_logged "pg-initdb" _pg_as_owner "$PG_BINDIR/initdb" -D "$PG_DATA" \
        -U postgres --pwfile="$pwfile" -E UTF8 --locale=C \
        --auth-local=peer --auth-host=scram-sha-256; then
        rm -f "$pwfile" "$secret_file"
        die "initdb failed (see $LOG_DIR/pg-initdb.log)"
    fi
    rm -f "$pwfile"
}

_pg_running_port() {
    _pg_as_owner sed -n 4p "$PG_DATA/postmaster.pid" 2>/dev/null
}

_pg_start() {
    local port="$1" running_port
    if _pg_as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
        running_port="$(_pg_running_port)"
        if [[ -n "$running_port" && "$running_port" != "$port" ]]; then
            warn "cluster $PG_DATA already runs on port $running_port (not $port): using it"
            port="$running_port"
        fi
        info "PostgreSQL already running on 127.0.0.1:$port ($PG_DATA)"
        PG_DB_PORT="$port"
        return 0
    fi
    if port_in_use "$port"; then
        die "port $port is used by another program; choose another one with PGPORT=<port>"
    fi
    info "starting PostgreSQL on 127.0.0.1:$port ($PG_DATA)"
    if ! run_logged "pg-start-$(basename "$PG_DATA")" _pg_as_owner \
        "$PG_BINDIR/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 \
        -o "-c port=$port -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start; then
        _pg_as_owner tail -n 20 "$PG_DATA/server.log" >&2 || true
        die "PostgreSQL did not start"
    fi
    PG_DB_PORT="$port"
    PG_STARTED_BY_US=1
}

_pg_ensure_odoo_role() {
    local exists
    exists="$(_pg_super "SELECT 1 FROM pg_roles WHERE rolname = 'odoo'")" ||
        die "cannot connect to the cluster as postgres (is $1 the right secret?)"
    if [[ "$exists" != 1 ]]; then
        info "creating PostgreSQL role odoo"
        _pg_super "CREATE ROLE odoo LOGIN CREATEDB PASSWORD '$PG_SUPER_PASSWORD'" >/dev/null
    fi
}

# pg_own_cluster <name> <port>: start (or reuse) the private cluster.
pg_own_cluster() {
    local name="$1" port="$2" secret_file="$LOCAL_DIR/$1.secret"
    ensure_local_dirs
    PG_BINDIR="$(pg_find_bindir)" ||
        die "PostgreSQL server binaries not found (apt-get install postgresql)"
    PG_RUNAS=()
    if is_root; then
        id postgres >/dev/null 2>&1 ||
            die "running as root needs the 'postgres' system user (apt-get install postgresql)"
        PG_RUNAS=(runuser -u postgres --)
    fi
    PG_DATA="$(_pg_data_dir "$name")"
    if ! _pg_as_owner test -f "$PG_DATA/PG_VERSION"; then
        _pg_initdb "$secret_file"
    elif [[ -s "$secret_file" ]]; then
        PG_SUPER_PASSWORD="$(cat "$secret_file")"
    else
        die "$secret_file is missing: stop the cluster and delete $PG_DATA to recreate it"
    fi
    _pg_start "$port"
    _pg_ensure_odoo_role "$secret_file"
    PG_DB_HOST=127.0.0.1
    PG_DB_USER=odoo
    PG_DB_PASSWORD="$PG_SUPER_PASSWORD"
}

pg_stop_own_cluster() {
    if [[ "$PG_STARTED_BY_US" -eq 1 ]]; then
        info "stopping PostgreSQL ($PG_DATA)"
        _pg_as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null ||
            warn "could not stop PostgreSQL in $PG_DATA"
        PG_STARTED_BY_US=0
    fi
}

# pg_setup <name> <default-port>: external server when PGHOST is set, else
# our own cluster on PGPORT (or the default port).
pg_setup() {
    local name="$1" port="$2"
    if [[ -n "${PGHOST:-}" ]]; then
        PG_DB_HOST="$PGHOST"
        PG_DB_PORT="${PGPORT:-5432}"
        PG_DB_USER="${PGUSER:-odoo}"
        PG_DB_PASSWORD="${PGPASSWORD:-}"
        [[ "$PG_DB_USER" == postgres ]] &&
            die "Odoo refuses to connect as 'postgres': set PGUSER to another role"
        PG_BINDIR="$(pg_find_bindir || true)"
        info "using PostgreSQL at $PG_DB_HOST:$PG_DB_PORT as $PG_DB_USER (PGHOST)"
        pg_query postgres "SELECT 1" >/dev/null ||
            die "cannot connect to $PG_DB_HOST:$PG_DB_PORT as $PG_DB_USER"
        return 0
    fi
    pg_own_cluster "$name" "$port"
}
