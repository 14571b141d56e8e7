#!/usr/bin/env bash
# Create the virtual environment with a Matrix homeserver (matrix-synapse from PyPI) that
# tests/test_chat_matrix.py starts on 127.0.0.1 to test `vconf chat provision`.
#
# Synapse pins many dependencies of its own, so it lives in a venv apart from .venv.
# Idempotent: when the venv already holds the pinned version it does nothing (~0.1 s).
# A fresh install takes 50 s on an idle 2-core machine (about 50 s of CPU; up to 3-4 minutes
# when the machine is busy) and 240 MB: wheels only, nothing is compiled.
# Without the venv the Matrix tests skip, saying why.
#
#   scripts/synapse-venv.sh                              # .venv-synapse in the repository root
#   VCONF_SYNAPSE_VENV=/elsewhere scripts/synapse-venv.sh
set -euo pipefail

SYNAPSE_VERSION="${VCONF_SYNAPSE_VERSION:-1.163.2}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${VCONF_SYNAPSE_VENV:-$root/.venv-synapse}"
python="${PYTHON:-python3}"
stamp="$venv/.vconf-synapse"   # written last: its presence means a complete install

if [[ -f "$stamp" && "$(cat "$stamp")" == "$SYNAPSE_VERSION" && -x "$venv/bin/python" ]]; then
    echo "synapse-venv: $venv has matrix-synapse $SYNAPSE_VERSION"
    exit 0
fi

started=$(date +%s)
echo "synapse-venv: installing matrix-synapse $SYNAPSE_VERSION into $venv"
rm -rf "$venv"
# A failed install leaves nothing behind, so the tests skip instead of meeting half a venv.
trap 'rm -rf "$venv"; echo "synapse-venv: install failed; removed $venv" >&2' ERR
"$python" -m venv "$venv"
# --only-binary: never compile (synapse's Rust extension ships as abi3 wheels).
# (The grep drops pip's notes about index folders that this machine's pip.conf names.)
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --only-binary=:all: \
    "matrix-synapse==$SYNAPSE_VERSION" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
# cwd / so that synapse does not read this repository's git state into its version string.
(cd / && "$venv/bin/python" -c "import synapse.app.homeserver")
echo "$SYNAPSE_VERSION" > "$stamp"
trap - ERR
echo "synapse-venv: matrix-synapse $SYNAPSE_VERSION ready in $(( $(date +%s) - started )) s"
