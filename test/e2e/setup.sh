#!/usr/bin/env bash
# Installs what the UI and extension-host tests need on a fresh Debian machine: Chromium (driven by
# playwright-core, never downloaded by Playwright), ripgrep and libkrb5-dev (code-server's native build),
# and code-server 4.100.3 in its own folder from its committed lockfile (recipe: shared/e2e README).
# Idempotent: a second run with everything present returns at once.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
CS_DIR="$HERE/code-server"
export DEBIAN_FRONTEND=noninteractive

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "e2e setup: apt-get install ${need[*]}"
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ -x "$CS_DIR/node_modules/.bin/code-server" ] &&
  "$CS_DIR/node_modules/.bin/code-server" --version 2>/dev/null | grep -q '^4\.100\.3 '; then
  echo "e2e setup: code-server 4.100.3 already installed"
  exit 0
fi

# @vscode/ripgrep's postinstall would download rg from GitHub; seed its cache with Debian's rg instead.
# The folder carries @vscode/ripgrep's version, the asset name its VERSION constant and target.
RG_CACHE="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
mkdir -p "$RG_CACHE"
tar czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg

cd "$CS_DIR"
# postinstall.sh exits 1 as root without unsafe_perm; node-pty's postinstall runs `npx node-gyp`.
export npm_config_unsafe_perm=true
export npm_config_yes=true
echo "e2e setup: installing code-server 4.100.3 (native builds, about a minute on 2 cores)"
npm ci --no-audit --no-fund --loglevel=error
"$CS_DIR/node_modules/.bin/code-server" --version
