#!/bin/sh
# The container's entrypoint (deploy/Dockerfile): seeds an empty data folder, then runs the dashboard.
#
# - $IOM_DATA_DIR (default /data), shared by every replica: if it holds nothing (dot files and
#   lost+found aside), the image's copy of data/ ($IOM_SEED_DIR, default /app/data) is copied in.
#   Replicas starting together seed it once: under the app's own import lock (lib/dataset/store.py's
#   .import.lock, flock(2) as filelock takes it), datapackage.json last, so that a folder with
#   datapackage.json is whole; a seed cut short (the .seeding marker left) is redone. A folder
#   that holds anything else is never touched.
# - $IOM_COOKIE_SECRET_FILE, if set, is read into STREAMLIT_SERVER_COOKIE_SECRET (compose secrets
#   are files; all replicas behind one proxy need the same secret).
# - Arguments starting with "-" are added to `streamlit run` (e.g. --secrets.files PATH); any other
#   command is run instead of the dashboard, after the seeding.
set -eu

DATA_DIR=${IOM_DATA_DIR:-/data}
SEED_DIR=${IOM_SEED_DIR:-/app/data}
LOCK=.import.lock
MARKER=.seeding

fail() { echo "docker-entrypoint: $*" >&2; exit 1; }

is_empty() {  # nothing in the folder but dot files and lost+found
    for entry in "$1"/*; do
        [ -e "$entry" ] || continue  # the unexpanded pattern of an empty folder
        [ "${entry##*/}" = lost+found ] && continue
        return 1
    done
    return 0
}

copy_in() {  # one file under a temporary name, then renamed: never seen half written
    cp "$SEED_DIR/$1" "$DATA_DIR/.$1.seed" && mv -f "$DATA_DIR/.$1.seed" "$DATA_DIR/$1"
}

seed() {
    : >"$DATA_DIR/$MARKER"
    for file in "$SEED_DIR"/*; do
        [ -f "$file" ] || continue
        name=${file##*/}
        [ "$name" = datapackage.json ] || copy_in "$name"
    done
    copy_in datapackage.json
    rm -f "$DATA_DIR/$MARKER"
    echo "docker-entrypoint: seeded $DATA_DIR from $SEED_DIR"
}

needs_seed() { is_empty "$DATA_DIR" || [ -e "$DATA_DIR/$MARKER" ]; }

[ -d "$DATA_DIR" ] || fail "no data folder at $DATA_DIR (mount a volume there)"
if needs_seed; then
    [ -f "$SEED_DIR/datapackage.json" ] || fail "no seed data at $SEED_DIR"
    [ -w "$DATA_DIR" ] || fail "$DATA_DIR is empty and not writable by uid $(id -u)"
    if command -v flock >/dev/null 2>&1; then
        exec 9>>"$DATA_DIR/$LOCK"
        if ! flock -n 9; then
            echo "docker-entrypoint: waiting for the lock $DATA_DIR/$LOCK (another replica seeding?)" >&2
            flock -w 120 9 || fail "the lock $DATA_DIR/$LOCK was held for 120 s"
        fi
        if needs_seed; then seed; fi  # another replica may have seeded it while this one waited
        exec 9>&-
    else
        seed
    fi
fi

if [ -n "${IOM_COOKIE_SECRET_FILE:-}" ]; then
    [ -r "$IOM_COOKIE_SECRET_FILE" ] || fail "cannot read IOM_COOKIE_SECRET_FILE ($IOM_COOKIE_SECRET_FILE)"
    STREAMLIT_SERVER_COOKIE_SECRET=$(cat "$IOM_COOKIE_SECRET_FILE")
    [ -n "$STREAMLIT_SERVER_COOKIE_SECRET" ] || fail "IOM_COOKIE_SECRET_FILE ($IOM_COOKIE_SECRET_FILE) is empty"
    export STREAMLIT_SERVER_COOKIE_SECRET
fi
if [ -z "${STREAMLIT_SERVER_COOKIE_SECRET:-}" ]; then
    echo "docker-entrypoint: no cookie secret given: this process makes its own, shared with no other" >&2
fi

case "${1:-}" in
    "" | -*)
        exec python -m streamlit run serve.py --server.address 0.0.0.0 --server.port 8501 \
            --server.headless true --server.fileWatcherType none --browser.gatherUsageStats false "$@"
        ;;
    *)
        exec "$@"
        ;;
esac
