#!/usr/bin/env bash
# Unpacks the vendored debugpy 1.8.21 source (a test input, see ../shared/vendor/README.md) into
# <repo>/.tools/debugpy-1.8.21/, whose `src` put first on PYTHONPATH serves both the adapter and
# the debuggee. Pure Python: pydevd's compiled speed-ups are not in the tarball and are not built,
# so pydevd runs its pure-Python tracer (3.8-3.11) or its pure-Python sys.monitoring tracer (3.12+).
# Idempotent: does nothing when the same tarball (by sha256) is already unpacked; safe to run
# from several checkouts at once (unpacks beside the target, then renames).
#
# Finds the tarball at $LEAK_HUNTER_VENDOR_DIR, else <repo>/../shared/vendor, else beside the main
# checkout of a git worktree (<main>/../shared/vendor). Prints the `src` directory as its last line.
# Without the tarball: prints `skipped: ...` and exits 3 (the test runner says so in its summary).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION=1.8.21
NAME="debugpy-$VERSION-src.tar.gz"
DEST="$ROOT/.tools/debugpy-$VERSION"
MARKER="$DEST/.unpacked-sha256"

log() { echo "install-vendored-debugpy: $*" >&2; }

find_tarball() {
  local dir candidates=()
  [ -n "${LEAK_HUNTER_VENDOR_DIR:-}" ] && candidates+=("$LEAK_HUNTER_VENDOR_DIR")
  candidates+=("$ROOT/../shared/vendor")
  # A git worktree lives elsewhere; `../shared` is beside the main checkout.
  local common
  if common="$(git -C "$ROOT" rev-parse --path-format=absolute --git-common-dir 2>/dev/null)"; then
    candidates+=("$(dirname "$common")/../shared/vendor")
  fi
  for dir in "${candidates[@]}"; do
    if [ -f "$dir/$NAME" ]; then
      echo "$(cd "$dir" && pwd)/$NAME"
      return 0
    fi
  done
  return 1
}

if ! TARBALL="$(find_tarball)"; then
  echo "skipped: no $NAME in \$LEAK_HUNTER_VENDOR_DIR or ../shared/vendor"
  exit 3
fi
SUM="$(sha256sum "$TARBALL" | cut -d' ' -f1)"

if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$SUM" ] && [ -f "$DEST/src/debugpy/__init__.py" ]; then
  echo "$DEST/src"
  exit 0
fi

log "unpacking $TARBALL into $DEST"
mkdir -p "$ROOT/.tools"
STAGE="$(mktemp -d "$ROOT/.tools/.debugpy-$VERSION.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT
chmod 755 "$STAGE"
tar -xzf "$TARBALL" -C "$STAGE"
if [ ! -f "$STAGE/src/debugpy/__init__.py" ]; then
  log "$TARBALL has no src/debugpy/__init__.py"
  exit 1
fi
# The test runner labels runs with the version debugpy reports; the tag must agree.
if ! grep -q "tag: v$VERSION)" "$STAGE/src/debugpy/_version.py"; then
  log "$TARBALL is not debugpy $VERSION (src/debugpy/_version.py has no tag v$VERSION)"
  exit 1
fi
echo "$SUM" >"$STAGE/.unpacked-sha256"
OLD="$DEST.old.$$"
[ -e "$DEST" ] && mv "$DEST" "$OLD"
mv "$STAGE" "$DEST"
rm -rf "$OLD"
trap - EXIT
log "debugpy $VERSION ready: $DEST/src"
echo "$DEST/src"
