#!/usr/bin/env bash
# Installs the Debian packages Leak Hunter's tests and "run it for real" need.
# Idempotent: only runs apt-get when a package is missing (a no-op takes well under a second).
#   python3-debugpy   the debug adapter + pydevd for /usr/bin/python3
#   python3-objgraph  reference results for the agent's counts (tests, benchmarks)
#   chromium          headless browser for code-server UI and extension-host tests
#   libkrb5-dev, pkg-config, g++, make, python3
#                     build code-server's native modules (kerberos, node-pty, ...)
#   ripgrep           code-server's search; also fed to @vscode/ripgrep's installer
#   graphviz          .dot rendering for comparisons with objgraph's show_backrefs
set -euo pipefail

PACKAGES=(python3 python3-debugpy python3-objgraph chromium libkrb5-dev pkg-config g++ make ripgrep graphviz)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-system-deps: all present (${PACKAGES[*]})"
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
    echo "install-system-deps: missing ${missing[*]} and not root (no sudo)" >&2; exit 1
  fi
fi

echo "install-system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-system-deps: done"
