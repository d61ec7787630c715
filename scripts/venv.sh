# Sourced by run.sh and test.sh: make sure .venv exists and has this project installed.
# Reinstalls only when pyproject.toml changed since the last install.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python_bin=""
for candidate in python3.13 python3.12 python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    python_bin="$candidate"; break
  fi
done
if [ -z "$python_bin" ]; then
  echo "Alur needs Python 3.11 or newer (python3.11+ not found on PATH)" >&2; exit 1
fi
if [ ! -x "$root/.venv/bin/python" ]; then
  echo "Membuat virtualenv / creating virtualenv in $root/.venv" >&2
  "$python_bin" -m venv "$root/.venv"
fi
stamp="$root/.venv/.alur-installed"
want="$(sha256sum "$root/pyproject.toml" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Memasang dependensi / installing dependencies" >&2
  "$root/.venv/bin/python" -m pip install --quiet --upgrade pip
  "$root/.venv/bin/python" -m pip install --quiet -e "$root[test]"
  echo "$want" > "$stamp"
fi
