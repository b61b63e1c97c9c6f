#!/usr/bin/env bash
# End-to-end checks of the site dossier builds: HTML validity (vnu), the
# site served under a sub-path in headless Chromium (every page, link,
# anchor, request, CSP), opened from disk, accessibility (axe-core), the
# graph. Installs what it needs (Debian's chromium, a JRE if missing, the
# npm packages pinned in package-lock.json), builds the bundled dossier,
# runs the checks. Last line: "N passed, M failed".
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/vnu-jar" ] || [ ! -d "$here/node_modules/axe-core" ]; then
  echo "== npm ci"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

port="${E2E_PORT:-8765}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "== building the bundled dossier for http://127.0.0.1:$port/sub/"
(cd "$repo" && cargo run --release --quiet -- build --output "$work/site" --base-url "http://127.0.0.1:$port/sub/")

node "$here/e2e.mjs" --site "$work/site" --port "$port" --prefix /sub/ --out "$here/out"
