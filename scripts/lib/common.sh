# Shared helpers for scripts/run and scripts/test (sourced, not executed).
#
# Conventions: every function prints what it does on stderr through `info`,
# fails loudly through `die`, and never hides a failing command: the output of
# long installs goes to a log file under .local/logs/ and its tail is shown
# when the command fails.

# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LOCAL_DIR="$REPO_ROOT/.local"
LOG_DIR="$LOCAL_DIR/logs"

# The queue_job release that works on the early 18.0 source snapshot we test
# with (later releases need `odoo.api.private`, absent from that snapshot).
# requirements.txt carries the range; the scripts install exactly this pin.
# shellcheck disable=SC2034  # used by odoo.sh
QUEUE_JOB_PIN="odoo-addon-queue_job==18.0.1.7.0.1"

# Odoo's requirements.txt still builds a few packages (cbor2, ...) from sdists
# whose setup.py breaks with setuptools>=70.
SETUPTOOLS_BUILD_PIN="setuptools<70"

_APT_UPDATED=0

if [[ -t 2 ]]; then
    _C_INFO=$'\e[1;34m' _C_WARN=$'\e[1;33m' _C_ERR=$'\e[1;31m' _C_OFF=$'\e[0m'
else
    _C_INFO="" _C_WARN="" _C_ERR="" _C_OFF=""
fi

info() { printf '%s==>%s %s\n' "$_C_INFO" "$_C_OFF" "$*" >&2; }
warn() { printf '%sWARNING:%s %s\n' "$_C_WARN" "$_C_OFF" "$*" >&2; }
die() {
    printf '%sERROR:%s %s\n' "$_C_ERR" "$_C_OFF" "$*" >&2
    exit 1
}

is_root() { [[ "$(id -u)" -eq 0 ]]; }

ensure_local_dirs() {
    mkdir -p "$LOCAL_DIR" "$LOG_DIR"
}

# run_logged <logname> <command...>: run a command with its output in
# .local/logs/<logname>.log; on failure show the last lines and return its code.
run_logged() {
    local name="$1"
    shift
    local log="$LOG_DIR/$name.log"
    ensure_local_dirs
    if "$@" >"$log" 2>&1; then
        return 0
    else
        local rc=$?
        warn "command failed (exit $rc): $*"
        warn "last lines of $log:"
        grep -v "^WARNING: Location '.*' is ignored" "$log" | tail -n 40 >&2
        return "$rc"
    fi
}

# --- apt ---------------------------------------------------------------------

# missing_apt_packages <pkg...>: print the packages that are not installed.
missing_apt_packages() {
    local pkg
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
            printf '%s\n' "$pkg"
        fi
    done
}

# ensure_apt_packages <pkg...>: install missing Debian packages when root,
# otherwise tell the user what to install. Never fails on a non-Debian system.
ensure_apt_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        warn "not a Debian/Ubuntu system: make sure these are installed: $*"
        return 0
    fi
    local missing
    missing="$(missing_apt_packages "$@" | tr '\n' ' ')"
    missing="${missing% }"
    [[ -z "$missing" ]] && return 0
    if ! is_root; then
        warn "missing system packages: $missing"
        warn "install them with: sudo apt-get install -y $missing"
        return 0
    fi
    info "apt-get install $missing"
    if [[ "$_APT_UPDATED" -eq 0 ]]; then
        run_logged apt-update apt-get update || die "apt-get update failed"
        _APT_UPDATED=1
    fi
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive run_logged apt-install \
        apt-get install -y --no-install-recommends $missing ||
        die "apt-get install failed for: $missing"
}

# --- python / virtualenv -------------------------------------------------------

# python_minor <python>: print "3.11" for a working interpreter, fail otherwise.
python_minor() {
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null
}

# pick_python: python3.11 if it works, else python3 when it is 3.10-3.12.
pick_python() {
    local candidate version
    for candidate in python3.11 python3 python3.12 python3.10; do
        command -v "$candidate" >/dev/null 2>&1 || continue
        version="$(python_minor "$candidate")" || continue
        case "$version" in
        3.10 | 3.11 | 3.12)
            command -v "$candidate"
            return 0
            ;;
        esac
    done
    return 1
}

# ensure_venv <dir>: create (or reuse) a virtualenv; print its python.
ensure_venv() {
    local venv="$1" python version
    if [[ -x "$venv/bin/python" ]] && version="$(python_minor "$venv/bin/python")"; then
        case "$version" in
        3.10 | 3.11 | 3.12)
            printf '%s\n' "$venv/bin/python"
            return 0
            ;;
        esac
        warn "$venv uses Python $version (need 3.10-3.12): recreating it"
        rm -rf "$venv"
    elif [[ -e "$venv" ]]; then
        warn "$venv is not a working virtualenv: recreating it"
        rm -rf "$venv"
    fi
    python="$(pick_python)" ||
        die "no Python 3.10-3.12 found (install python3.11 and python3.11-venv)"
    info "creating virtualenv $venv with $python ($(python_minor "$python"))"
    run_logged venv-create "$python" -m venv "$venv" ||
        die "could not create $venv (on Debian/Ubuntu: apt-get install python3-venv)"
    run_logged venv-pip "$venv/bin/python" -m pip install --upgrade pip wheel ||
        die "could not upgrade pip in $venv"
    printf '%s\n' "$venv/bin/python"
}

# pip_install <python> <logname> <pip args...>
pip_install() {
    local python="$1" name="$2"
    shift 2
    run_logged "pip-$name" "$python" -m pip install --disable-pip-version-check "$@"
}

# setuptools_pin_file: a constraints file holding only the setuptools cap.
setuptools_pin_file() {
    local file="$LOCAL_DIR/constraints-build.txt"
    ensure_local_dirs
    printf '%s\n' "$SETUPTOOLS_BUILD_PIN" >"$file"
    printf '%s\n' "$file"
}

# --- addons --------------------------------------------------------------------

# addon_dirs: the existing folders that hold addons: addons/ plus
# EXTRA_ADDONS_PATH (comma-separated, e.g. to try the scripts with throwaway
# addons). Odoo rejects an addons_path entry that does not exist.
addon_dirs() {
    [[ -d "$REPO_ROOT/addons" ]] && printf '%s\n' "$REPO_ROOT/addons"
    local extra=() dir
    if [[ -n "${EXTRA_ADDONS_PATH:-}" ]]; then
        IFS=',' read -r -a extra <<<"$EXTRA_ADDONS_PATH"
    fi
    for dir in "${extra[@]}"; do
        [[ -z "$dir" ]] && continue
        (cd "$dir" 2>/dev/null && pwd) || die "EXTRA_ADDONS_PATH: $dir does not exist"
    done
    return 0
}

# list_addons <python> [dir...]: names of installable addons (one per line).
list_addons() {
    local python="$1"
    shift
    "$python" "$REPO_ROOT/scripts/lib/list_addons.py" "$@"
}

# join_by <sep> <items...>
join_by() {
    local sep="$1"
    shift
    local first="${1:-}"
    shift || true
    printf '%s' "$first" "${@/#/$sep}"
}

# port_in_use <port>: true when something listens on 127.0.0.1:<port>.
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# random_secret: 32 hex characters from the OS random source.
random_secret() {
    od -An -N16 -tx1 /dev/urandom | tr -d ' \n'
}
