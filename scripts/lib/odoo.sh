# Odoo helpers for scripts/run and scripts/test (sourced after common.sh).

# shellcheck shell=bash

# ODOO_GIT_URL: a mirror of https://github.com/odoo/odoo, if you need one.
ODOO_CLONE_URL="${ODOO_GIT_URL:-https://github.com/odoo/odoo}"
ODOO_BRANCH="18.0"

# Debian packages needed to build Odoo's requirements and run it.
# shellcheck disable=SC2034  # used by scripts/run and scripts/test
ODOO_APT_PACKAGES=(
    build-essential python3-dev python3-venv git curl
    libldap2-dev libsasl2-dev libpq-dev libxml2-dev libxslt1-dev
    libjpeg-dev zlib1g-dev libffi-dev libssl-dev
    postgresql postgresql-client
)

# odoo_series <src>: print "18.0" for an Odoo source tree, fail otherwise.
odoo_series() {
    local release="$1/odoo/release.py" line
    [[ -f "$release" && -f "$1/odoo-bin" ]] || return 1
    line="$(grep -E '^version_info *= *\(' "$release" | head -n 1)" || return 1
    sed -E 's/^version_info *= *\( *([0-9]+) *, *([0-9]+).*/\1.\2/' <<<"$line"
}

odoo_is_18() {
    [[ "$(odoo_series "$1" 2>/dev/null)" == "18.0" ]]
}

# odoo_source_for_run: ODOO_SRC, else a shallow clone in .local/odoo.
odoo_source_for_run() {
    local src
    if [[ -n "${ODOO_SRC:-}" ]]; then
        src="$(cd "$ODOO_SRC" 2>/dev/null && pwd)" || die "ODOO_SRC=$ODOO_SRC does not exist"
    else
        src="$LOCAL_DIR/odoo"
        if [[ ! -f "$src/odoo-bin" ]]; then
            command -v git >/dev/null 2>&1 || die "git is needed to clone Odoo (apt-get install git)"
            info "cloning Odoo $ODOO_BRANCH into $src (set ODOO_SRC to use an existing checkout)"
            rm -rf "$src"
            git clone --depth 1 -b "$ODOO_BRANCH" "$ODOO_CLONE_URL" "$src" ||
                die "git clone of $ODOO_CLONE_URL failed"
        fi
    fi
    odoo_is_18 "$src" ||
        die "$src is not an Odoo 18.0 source tree (odoo/release.py says $(odoo_series "$src" || echo '?'))"
    printf '%s\n' "$src"
}

# odoo_python: the interpreter of ODOO_VENV, or of the project .venv.
odoo_python() {
    if [[ -n "${ODOO_VENV:-}" ]]; then
        [[ -x "$ODOO_VENV/bin/python" ]] || die "ODOO_VENV=$ODOO_VENV has no bin/python"
        printf '%s\n' "$ODOO_VENV/bin/python"
    else
        ensure_venv "$REPO_ROOT/.venv"
    fi
}

# odoo_install_requirements <python> <odoo-src>: Odoo's own requirements,
# skipped for ODOO_VENV (which must already have them).
odoo_install_requirements() {
    local python="$1" src="$2" pins
    if [[ -n "${ODOO_VENV:-}" ]]; then
        info "ODOO_VENV set: not installing Odoo's requirements into $ODOO_VENV"
        return 0
    fi
    pins="$(setuptools_pin_file)"
    info "installing Odoo's requirements ($src/requirements.txt; first time: several minutes)"
    PIP_CONSTRAINT="$pins" PIP_BUILD_CONSTRAINT="$pins" \
        pip_install "$python" odoo-requirements -r "$src/requirements.txt" ||
        die "installing Odoo's requirements failed (log: $LOG_DIR/pip-odoo-requirements.log)"
}

# odoo_install_suite <python>: requirements.txt (OCA addons from PyPI, with
# --no-deps because they depend on an `odoo` distribution that is not on
# PyPI; queue_job pinned exactly) and our core package, editable.
odoo_install_suite() {
    local python="$1" pins="$LOCAL_DIR/constraints-addons.txt"
    ensure_local_dirs
    printf '%s\n' "$QUEUE_JOB_PIN" >"$pins"
    info "installing requirements.txt ($QUEUE_JOB_PIN) and integration_core"
    pip_install "$python" addons --no-deps -r "$REPO_ROOT/requirements.txt" -c "$pins" ||
        die "installing requirements.txt failed (log: $LOG_DIR/pip-addons.log)"
    pip_install "$python" core -e "$REPO_ROOT" -c "$REPO_ROOT/constraints-odoo18.txt" ||
        die "installing integration_core failed (log: $LOG_DIR/pip-core.log)"
}

# ensure_vault_key: print the vault key kept in .local/vault.key (created once).
ensure_vault_key() {
    local file="$LOCAL_DIR/vault.key"
    ensure_local_dirs
    if [[ ! -s "$file" ]]; then
        (umask 077 && python3 -c \
            'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())' \
            >"$file") || die "could not generate the vault key"
        info "generated a new vault key in $file"
    fi
    head -n 1 "$file"
}

# write_odoo_conf <python> <output> <odoo-src> <http-port> <gevent-port> <data-dir>
# Needs pg_setup to have run (PG_DB_*).
write_odoo_conf() {
    local python="$1" output="$2" src="$3" http_port="$4" gevent_port="$5" data_dir="$6"
    local addons_path="$src/addons" dir key
    while IFS= read -r dir; do
        addons_path+=",$dir"
    done < <(addon_dirs)
    key="$(ensure_vault_key)"
    mkdir -p "$data_dir"
    "$python" "$REPO_ROOT/scripts/lib/render_odoo_conf.py" \
        "$REPO_ROOT/odoo.conf.example" "$output" \
        "options.db_host=$PG_DB_HOST" \
        "options.db_port=$PG_DB_PORT" \
        "options.db_user=$PG_DB_USER" \
        "options.db_password=${PG_DB_PASSWORD:-False}" \
        "options.addons_path=$addons_path" \
        "options.data_dir=$data_dir" \
        "options.http_interface=127.0.0.1" \
        "options.http_port=$http_port" \
        "options.gevent_port=$gevent_port" \
        "options.server_wide_modules=base,web,queue_job" \
        "options.without_demo=False" \
        "options.workers=0" \
        "options.integration_vault_key=$key" ||
        die "could not write $output"
    info "wrote $output"
}

# odoo_check_queue_job <python> <odoo-src> <conf>: queue_job must be found
# through the odoo.addons namespace (site-packages/odoo/addons).
odoo_check_queue_job() {
    local python="$1" src="$2" conf="$3" path
    path="$(cd "$src" && "$python" - "$conf" <<'PY'
import sys

import odoo
from odoo.modules.module import get_module_path
from odoo.tools import config

config.parse_config(["-c", sys.argv[1]])
print(get_module_path("queue_job", display_warning=False) or "")
PY
)" || die "could not import Odoo from $src with $python"
    [[ -n "$path" ]] || die "queue_job is not visible to Odoo (pip install --no-deps $QUEUE_JOB_PIN)"
    info "queue_job found at $path"
}

# odoo_bin <python> <odoo-src> <args...>
odoo_bin() {
    local python="$1" src="$2"
    shift 2
    "$python" "$src/odoo-bin" "$@"
}
