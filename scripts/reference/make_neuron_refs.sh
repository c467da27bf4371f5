#!/usr/bin/env bash
# Regenerate the NEURON reference traces tests/reference/neuron/<model>.csv from the model
# files tests/reference/models/<model>.json, with NEURON 8.2 (Debian: apt-get install
# python3-neuron; it runs under /usr/bin/python3) and scripts/reference/neuron_run.py.
#
# usage: scripts/reference/make_neuron_refs.sh [MODEL_NAME ...]   (default: every model)
# Prints NEURON's own simulation wall time and compartment count per model.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
py="${NEURON_PYTHON:-/usr/bin/python3}"
models="$root/tests/reference/models"
out="$root/tests/reference/neuron"
mkdir -p "$out"
if [ "$#" -gt 0 ]; then names=("$@"); else
  names=(); for f in "$models"/*.json; do names+=("$(basename "$f" .json)"); done
fi
for name in "${names[@]}"; do
  info=$("$py" "$here/neuron_run.py" "$models/$name.json" "$out/$name.csv" --time 2>&1 \
         | grep -v -e 'no DISPLAY' -e 'No graphics' || true)
  [ -s "$out/$name.csv" ] || { echo "$name: FAILED: $info" >&2; exit 1; }
  printf '%-40s %s\n' "$name" "$info"
done
