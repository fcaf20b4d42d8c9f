#!/usr/bin/env bash
# Installs code-server (a real VS Code, served to a browser) into <repo>/.tools/code-server,
# from the npm registry, compiling its native modules with the machine's g++.
# Idempotent: does nothing when the wanted version is already installed and verified.
#
#   scripts/install-code-server.sh            install (or check) and verify with /healthz
#   CODE_SERVER_VERSION=x.y.z scripts/...     another version (4.100.3 is the newest for Node 20)
#   FORCE=1 scripts/install-code-server.sh     reinstall
#
# Prints the path of the code-server binary as its last line.
# Needs: node 20 + npm, apt packages from scripts/install-system-deps.sh (libkrb5-dev,
# pkg-config, g++, make, python3, ripgrep).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="${CODE_SERVER_VERSION:-4.100.3}"
PREFIX="$ROOT/.tools/code-server"
PKG="$PREFIX/node_modules/code-server"
BIN="$PREFIX/node_modules/.bin/code-server"
MARKER="$PREFIX/.verified-$VERSION"

log() { echo "install-code-server: $*" >&2; }

installed_version() {
  node -e 'try{console.log(require(process.argv[1]).version)}catch{}' "$PKG/package.json" 2>/dev/null || true
}

# The native modules VS Code's server needs; npm prints no error when an install script was
# skipped, so check the built artefacts themselves.
check_native() {
  local vs="$PKG/lib/vscode" bad=0 f
  for f in \
    "node_modules/node-pty/build/Release/pty.node" \
    "node_modules/@vscode/spdlog/build/Release/spdlog.node" \
    "node_modules/kerberos/build/Release/kerberos.node" \
    "node_modules/native-watchdog/build/Release/watchdog.node" \
    "node_modules/@vscode/ripgrep/bin/rg"; do
    if [ ! -e "$vs/$f" ]; then log "MISSING native artefact: lib/vscode/$f"; bad=1; fi
  done
  "$vs/node_modules/@vscode/ripgrep/bin/rg" --version >/dev/null 2>&1 || { log "lib/vscode's rg does not run"; bad=1; }
  # Load them in this Node to prove they were built for it (@parcel/watcher comes prebuilt).
  (cd "$vs" && node -e '
    for (const m of ["node-pty", "@vscode/spdlog", "@parcel/watcher", "kerberos", "native-watchdog"]) {
      try { require(m); } catch (e) { console.error("cannot load " + m + ": " + e.message); process.exitCode = 1; }
    }') || bad=1
  return $bad
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# Start it once and ask /healthz.
verify_start() {
  local port tmp pid ok=1 i
  port="$(free_port)"
  tmp="$(mktemp -d)"
  XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache" \
  EXTENSIONS_GALLERY='{"serviceUrl":""}' \
    "$BIN" --auth none --bind-addr "127.0.0.1:$port" --user-data-dir "$tmp/user" \
      --extensions-dir "$tmp/ext" --disable-telemetry --disable-update-check \
      --disable-workspace-trust "$tmp" >"$tmp/log" 2>&1 &
  pid=$!
  for i in $(seq 1 60); do
    if curl -fsS "http://127.0.0.1:$port/healthz" 2>/dev/null | grep -q status; then ok=0; break; fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.5
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ $ok -ne 0 ]; then log "code-server did not answer /healthz; its log:"; cat "$tmp/log" >&2; fi
  rm -rf "$tmp"
  return $ok
}

if [ -z "${FORCE:-}" ] && [ -f "$MARKER" ] && [ "$(installed_version)" = "$VERSION" ] && [ -x "$BIN" ]; then
  log "code-server $VERSION already installed at $PREFIX"
  echo "$BIN"
  exit 0
fi

command -v rg >/dev/null || { log "ripgrep missing: run scripts/install-system-deps.sh"; exit 1; }
pkg-config --exists krb5-gssapi 2>/dev/null || log "warning: pkg-config cannot find krb5 (apt libkrb5-dev); kerberos will not build"

if [ -n "${FORCE:-}" ] || [ "$(installed_version)" != "$VERSION" ]; then
  rm -rf "$PREFIX"
  mkdir -p "$PREFIX"
  WORK_TMP="$(mktemp -d)"
  trap 'rm -rf "$WORK_TMP"' EXIT
  # @vscode/ripgrep@1.15.11 (used by code-server 4.100.x) downloads rg from GitHub unless the
  # release tarball is already in its cache under os.tmpdir(): put Debian's rg there.
  RG_CACHE="$WORK_TMP/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$RG_CACHE/stage"
  cp "$(command -v rg)" "$RG_CACHE/stage/rg"
  tar -C "$RG_CACHE/stage" -czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" rg
  rm -rf "$RG_CACHE/stage"

  log "installing code-server@$VERSION into $PREFIX (compiles native modules, ~1-5 min)"
  # A project of its own: a global install (-g --prefix) does NOT work, because npm passes
  # npm_config_global to code-server's postinstall, whose nested `npm install` in lib/vscode then
  # tries to install lib/vscode as a global package and fails with tar ENOENT errors.
  # npm 11's install-script policy: project installs read package.json "allowScripts"
  # (--allow-scripts on the command line is an error there). npm 11.19 only warns about
  # unreviewed scripts; approving code-server keeps its postinstall running when npm blocks them.
  cat >"$PREFIX/package.json" <<JSON
{
  "name": "leak-hunter-tools-code-server",
  "private": true,
  "description": "code-server for Leak Hunter's tests (scripts/install-code-server.sh)",
  "allowScripts": { "code-server": true, "argon2": true }
}
JSON
  # node-gyp downloads Node's headers from nodejs.org unless told where they are.
  NODE_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
  if [ -z "${npm_config_nodedir:-}" ] && [ -f "$NODE_HOME/include/node/node.h" ]; then
    export npm_config_nodedir="$NODE_HOME"
  fi
  # - npm_config_yes: node-pty's build runs `npx node-gyp` and must not prompt.
  # - --unsafe-perm: code-server's postinstall refuses to run as root without it.
  # - --foreground-scripts: show the native builds' output (and fail visibly).
  (cd "$PREFIX" && TMPDIR="$WORK_TMP" npm_config_yes=true npm_config_update_notifier=false \
    npm_config_fund=false npm_config_audit=false \
    npm install --no-save --unsafe-perm --foreground-scripts "code-server@$VERSION" >&2)
fi

log "checking native modules"
if ! check_native; then
  log "native modules missing or unloadable: code-server's install scripts did not run fully."
  log "If npm now BLOCKS unreviewed install scripts (npm 11.19 only warns): the nested installs in"
  log "lib/vscode have no allowScripts of their own; rerun with FORCE=1 npm_config_dangerously_allow_all_scripts=true"
  exit 1
fi

log "starting it once to check /healthz"
verify_start
touch "$MARKER"
log "code-server $VERSION OK: $BIN"
echo "$BIN"
