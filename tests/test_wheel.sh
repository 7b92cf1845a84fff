#!/usr/bin/env bash
# Build the wheel, install it into a fresh virtualenv and run the CLI from a folder outside the repository.
#
# usage: tests/test_wheel.sh [--demo]      (--demo also runs a tiny `amsrc demo` from the installed wheel)
#
# Why a fresh venv plus a .pth file: the point is to test the *wheel* (its files, its package data, its
# console script), not to re-download torch (~5 GB) into a throwaway environment. So the wheel is installed
# with `--no-deps` into a brand-new venv (which knows nothing of the source tree: no editable install, no
# `/work/...` on sys.path), and a one-line `.pth` file appends the site-packages of the current interpreter
# (the dev/CI environment) so the *dependencies* (torch, fastai, opencv, ...) resolve. A plain path line in a
# .pth file does not process the .pth files found in that folder, so the dev environment's editable install of
# amsrc_nb is not picked up; the script checks that `amsrc_nb` really imports from the fresh venv.
# (`python -m venv --system-site-packages` would not do: the dev interpreter is itself a venv, so "system"
# would be the base Python without torch.)
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-$(command -v python)}"
RUN_DEMO=0; [[ "${1:-}" == "--demo" ]] && RUN_DEMO=1
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT

echo "== building the wheel from $REPO"
# --no-isolation builds with the setuptools already installed (offline, seconds); fall back to an isolated build
( cd "$REPO" && "$PY" -m build --wheel --no-isolation --outdir "$TMP/dist" >"$TMP/build.log" 2>&1 ) \
  || ( cd "$REPO" && "$PY" -m build --wheel --outdir "$TMP/dist" >>"$TMP/build.log" 2>&1 ) \
  || { cat "$TMP/build.log"; exit 1; }
rm -rf "$REPO/build"   # setuptools' scratch folder
WHL="$(ls "$TMP"/dist/*.whl)"; echo "   $(basename "$WHL")"
"$PY" - "$WHL" <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
need = ['amsrc_nb/__init__.py', 'amsrc_nb/cli.py', 'amsrc_nb/detect.py', 'amsrc_nb/_modidx.py']
missing = [n for n in need if n not in names]
assert not missing, f"wheel lacks {missing}"
assert any(n.endswith('entry_points.txt') for n in names), "wheel has no entry_points.txt"
ep = [n for n in names if n.endswith('entry_points.txt')][0]
assert 'amsrc = amsrc_nb.cli:main' in zipfile.ZipFile(sys.argv[1]).read(ep).decode(), "console script `amsrc` missing"
print(f"   {len(names)} files, modules: {sorted(n.split('/')[1] for n in names if n.startswith('amsrc_nb/') and n.endswith('.py'))}")
PY

echo "== fresh venv"
"$PY" -m venv --without-pip "$TMP/venv" 2>/dev/null || "$PY" -m venv "$TMP/venv"
VPY="$TMP/venv/bin/python"
SITE="$("$VPY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
DEV_SITE="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
# install the wheel (no deps) with the dev pip targeting the fresh venv's interpreter
"$PY" -m pip --python "$VPY" install --quiet --no-deps --no-index --no-compile "$WHL" 2>/dev/null \
  || "$PY" -m pip install --quiet --no-deps --no-index --prefix "$TMP/venv" "$WHL"
echo "$DEV_SITE" > "$SITE/_dev_deps.pth"

echo "== running from outside the repository"
WORK="$TMP/elsewhere"; mkdir -p "$WORK"; cd "$WORK"
export AMSRC_HOME="$TMP/home"   # the installed package must not write into the repository
unset PYTHONPATH
"$VPY" - <<PY
import amsrc_nb, amsrc_nb.cli, pathlib
f = pathlib.Path(amsrc_nb.__file__).resolve()
assert str(f).startswith("$TMP"), f"amsrc_nb imported from {f}, not from the fresh venv"
print("   amsrc_nb", amsrc_nb.__version__, "from", f.parent)
PY
test -x "$TMP/venv/bin/amsrc" || { echo "console script amsrc not installed"; exit 1; }
"$TMP/venv/bin/amsrc" --help
for sub in download prepare train score detect demo; do
  "$TMP/venv/bin/amsrc" $sub --help >/dev/null || { echo "amsrc $sub --help failed"; exit 1; }
done
echo "   amsrc <sub> --help works for all subcommands"
if [[ $RUN_DEMO == 1 ]]; then
  echo "== amsrc demo --tiny (from the installed wheel)"
  "$TMP/venv/bin/amsrc" demo --out "$WORK/demo" --tiny
  test -f "$WORK/demo/metrics.json" || { echo "demo wrote no metrics.json"; exit 1; }
fi
echo "test_wheel.sh: OK (wheel builds, installs into a fresh venv, amsrc CLI runs outside the repo)"
