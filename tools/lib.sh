# Shared set-up of the serve and test commands: source it, do not run it.
# It finds Odoo, prepares the virtual environment, PostgreSQL and the addons path.

set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_PATH="${ODOO_PATH:-/opt/odoo-18.0}"
CACHE_DIR="${PORTAL_CACHE_DIR:-$HOME/.cache/odoo-portal}"
# The folder that shows this repository to Odoo under the name `portal`, next to the demo
# business addon kept in `demo_addons/`.
ADDONS_DIR="$REPO/.addons"
ADDONS_PATH="$ADDONS_DIR,$REPO/demo_addons"

say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 2; }

# The comment block at the top of the calling script, without its `#` marks.
usage() { sed -n '2,/^[^#]/p' "$0" | sed -n 's/^# \{0,1\}//p'; }

# The value following an option (`--db NAME`): call as option_value "$@".
option_value() {
    [ $# -ge 2 ] && [ -n "$2" ] && [ "${2#--}" = "$2" ] || die "option $1 needs a value."
    printf '%s' "$2"
}

# Both spellings of an option with a value, `--db NAME` and `--db=NAME`: the second becomes the
# first for the options listed in VALUE_OPTIONS (anything else, such as pytest's own options,
# is left alone). The result goes to the array ARGS: follow with set -- "${ARGS[@]}".
split_option_values() {
    ARGS=()
    local arg
    for arg in "$@"; do
        if [[ "$arg" == --*=* ]] && [[ " $VALUE_OPTIONS " == *" ${arg%%=*} "* ]]; then
            ARGS+=("${arg%%=*}" "${arg#*=}")
        else
            ARGS+=("$arg")
        fi
    done
}

# Stop unless $2 is a TCP port number that nothing listens on yet ($1 names the option).
check_free_port() {
    [[ "$2" =~ ^[0-9]+$ ]] && [ "$2" -ge 1 ] && [ "$2" -le 65535 ] \
        || die "$1 takes a port number from 1 to 65535, not '$2'."
    python3 - "$2" 2>/dev/null <<'PY' || die "port $2 is already in use: stop what listens there or choose another with $1."
import socket
import sys

with socket.socket() as probe:
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    probe.bind(("", int(sys.argv[1])))
PY
}

# A TCP port that nothing listens on, chosen by the system.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])'
}

check_odoo_tree() {
    [ -f "$ODOO_PATH/odoo-bin" ] && [ -f "$ODOO_PATH/odoo/release.py" ] \
        || die "no Odoo tree at ODOO_PATH=$ODOO_PATH: point ODOO_PATH at the folder holding odoo-bin of Odoo 18.0."
    grep -Eq "^version_info = \(18, 0," "$ODOO_PATH/odoo/release.py" \
        || die "the Odoo tree at $ODOO_PATH is not Odoo 18.0: point ODOO_PATH at an Odoo 18.0 tree."
    local bundled
    for bundled in "$ODOO_PATH/odoo/addons/portal" "$ODOO_PATH/addons/portal"; do
        [ -e "$bundled" ] && die "the Odoo tree bundles its own portal at $bundled, which would win over this repository: delete that folder (rm -rf '$bundled') and run again."
    done
    return 0
}

ensure_venv() {
    local stamp
    stamp="$(cat "$REPO/requirements.txt" | sha1sum | cut -c1-12)"
    VENV="${PORTAL_VENV:-$CACHE_DIR/venv-$stamp}"
    PY="$VENV/bin/python"
    if [ ! -f "$VENV/.complete" ]; then
        say "Installing Python dependencies into $VENV (a few minutes, once)..."
        python3 -m venv "$VENV"
        "$PY" -m pip install --quiet --disable-pip-version-check -r "$REPO/requirements.txt" 2>&1 \
            | grep -v "is ignored: it is neither a file nor a directory" >&2 || true
        "$PY" -c "import psycopg2, lxml, werkzeug, pytest, websocket, ruff, pylint_odoo" \
            || die "the Python dependencies did not install into $VENV; see the messages above."
        touch "$VENV/.complete"
    fi
}

ensure_postgres() {
    if [ -n "${PGHOST:-}" ]; then
        psql -d postgres -Atc "SELECT 1" >/dev/null \
            || die "cannot reach PostgreSQL at PGHOST=$PGHOST PGPORT=${PGPORT:-5432}."
        return 0
    fi
    if ! command -v pg_ctlcluster >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
        say "Installing PostgreSQL (Debian package)..."
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
            || die "could not install PostgreSQL with apt-get; install it or set PGHOST/PGPORT."
    fi
    local version
    version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
    if ! pg_lsclusters -h | awk '{print $1, $2}' | grep -q "^$version main$"; then
        pg_createcluster "$version" main >/dev/null
    fi
    pg_ctlcluster "$version" main status >/dev/null 2>&1 || pg_ctlcluster "$version" main start
    local me
    me="$(whoami)"
    if [ "$me" = root ] || [ "$me" = postgres ]; then
        su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$me'\"" | grep -q 1 \
            || su postgres -c "createuser -s $me"
    fi
}

ensure_chromium() {
    command -v chromium >/dev/null || command -v chromium-browser >/dev/null && return 0
    say "Installing Chromium (Debian package) for the browser tours..."
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
        || die "could not install Chromium with apt-get; browser tours need it."
}

ensure_addons_dir() {
    mkdir -p "$ADDONS_DIR"
    ln -sfn "$REPO" "$ADDONS_DIR/portal"
}

odoo_bin() {
    "$PY" "$ODOO_PATH/odoo-bin" --addons-path="$ADDONS_PATH" "$@"
}

drop_database() {
    local db="$1"
    dropdb --if-exists "$db" 2>/dev/null || true
    rm -rf "$HOME/.local/share/Odoo/filestore/$db"
}

# Print where Odoo finds `portal` and fail unless it is this repository.
check_loaded_portal() {
    local found
    found="$(PYTHONPATH="$ODOO_PATH" "$PY" - "$ADDONS_PATH" <<'PY'
import sys
import odoo
from odoo.modules import module
odoo.tools.config.parse_config(["--addons-path=" + sys.argv[1]])
module.initialize_sys_path()
print(module.get_module_path("portal", display_warning=False) or "")
PY
)"
    say "portal module loaded from: $found"
    say "Python environment: $VENV"
    [ -n "$found" ] && [ "$(realpath "$found")" = "$(realpath "$REPO")" ] \
        || die "Odoo loads portal from '$found', not from this repository ($REPO)."
}

prepare_all() {
    check_odoo_tree
    ensure_venv
    ensure_postgres
    ensure_addons_dir
    check_loaded_portal
}
