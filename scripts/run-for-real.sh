#!/usr/bin/env bash
# Run Leak Hunter for real, on a fresh machine: a local VS Code (code-server, in your browser)
# with Leak Hunter installed from its .vsix, a Python debugger, and the sample leaky programs.
#
#   bash scripts/run-for-real.sh          (or: npm start)
#   PORT=9000 bash scripts/run-for-real.sh
#   WORKSPACE=/path/to/your/project bash scripts/run-for-real.sh
#
# Then open the printed URL, pick a launch configuration in Run and Debug, start it, and run
# "Leak Hunter: Take Snapshot" / "Leak Hunter: Show Growth" from the command palette (F1).
# Ctrl-C stops code-server and everything it started.
#
# Steps: apt packages (scripts/install-system-deps.sh), npm ci when node_modules is missing or
# stale, build + package dist/leak-hunter.vsix, code-server into .tools/ (scripts/install-code-server.sh),
# then start code-server with Leak Hunter and a test-only extension that provides the `debugpy`
# debug type with Debian's debugpy (Microsoft's Python extension is not reachable here; on a
# machine with the Marketplace you would use it instead).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PORT="${PORT:-8080}"
HOST="${HOST:-127.0.0.1}"
WORKSPACE="$(cd "${WORKSPACE:-$ROOT/sample}" && pwd)"
STATE="$ROOT/.test-work/run-for-real"
VSIX="$ROOT/dist/leak-hunter.vsix"

step() { echo; echo "==> $*"; }

step "system packages"
bash "$ROOT/scripts/install-system-deps.sh"

step "npm dependencies"
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci
else
  echo "node_modules up to date"
fi

step "build and package Leak Hunter"
MODE=none
rm -f "$VSIX"
if node scripts/build.mjs --production; then
  if npx --no-install vsce package --no-dependencies --allow-missing-repository --skip-license \
      --out "$VSIX" </dev/null; then
    MODE=vsix
  elif [ -f dist/extension.js ]; then
    echo "WARNING: packaging failed; loading Leak Hunter from the repo as an extension in development"
    MODE=dev
  fi
else
  echo "WARNING: the build failed; starting VS Code WITHOUT Leak Hunter"
fi

step "code-server"
CODE_SERVER="$(bash "$ROOT/scripts/install-code-server.sh" | tail -n 1)"

# A fresh profile each run: settings, the fixture extension and Leak Hunter's vsix.
rm -rf "$STATE"
mkdir -p "$STATE"/{user-data/User,extensions,xdg-config,xdg-data,xdg-cache}
export XDG_CONFIG_HOME="$STATE/xdg-config" XDG_DATA_HOME="$STATE/xdg-data" XDG_CACHE_HOME="$STATE/xdg-cache"
export EXTENSIONS_GALLERY='{"serviceUrl":""}'
cat >"$STATE/user-data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "extensions.ignoreRecommendations": true,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "telemetry.telemetryLevel": "off",
  "security.workspace.trust.enabled": false,
  "git.openRepositoryInParentFolders": "never"
}
JSON
FIXTURE="$ROOT/test/fixtures/debugpy-adapter-extension"
FIXTURE_ID="$(node -p 'const p=require(process.argv[1]); `${p.publisher}.${p.name}-${p.version}`' "$FIXTURE/package.json")"
cp -r "$FIXTURE" "$STATE/extensions/$FIXTURE_ID"
if [ "$MODE" = vsix ]; then
  "$CODE_SERVER" --user-data-dir "$STATE/user-data" --extensions-dir "$STATE/extensions" \
    --install-extension "$VSIX" --force
fi

URL="http://$HOST:$PORT/?folder=$(node -p 'encodeURIComponent(process.argv[1])' "$WORKSPACE")"
if [ "$MODE" = dev ]; then
  PAYLOAD="$(node -p 'encodeURIComponent(JSON.stringify([["extensionDevelopmentPath", `vscode-remote://${process.argv[1]}${process.argv[2]}`]]))' "$HOST:$PORT" "$ROOT")"
  URL="$URL&payload=$PAYLOAD"
fi

step "starting VS Code"
echo "Leak Hunter: $MODE ($( [ "$MODE" = vsix ] && echo "$VSIX" || echo "dist/" ))"
echo "Workspace:   $WORKSPACE"
echo
echo "    Open  $URL"
echo
echo "Ctrl-C to stop."
# exec: Ctrl-C reaches code-server and everything it started (extension host, debug adapters,
# debuggees) as one foreground process group.
exec "$CODE_SERVER" --auth none --bind-addr "$HOST:$PORT" \
  --user-data-dir "$STATE/user-data" --extensions-dir "$STATE/extensions" \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override "$WORKSPACE"
