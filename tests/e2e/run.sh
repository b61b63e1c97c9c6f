#!/usr/bin/env bash
# End-to-end checks of the site dossier builds: HTML validity (vnu), the
# site served under a sub-path in headless Chromium (every page, link,
# anchor, request, CSP), opened from disk, accessibility (axe-core), the
# graph, and `dossier serve` (search, live reload, error overlay). Installs what it needs (Debian's chromium, a JRE if missing, the
# npm packages pinned in package-lock.json), builds the bundled dossier,
# runs the checks. Last line: "N passed, M failed"; non-zero exit on any
# failure, including a failed install or build.
#
# Environment: E2E_PORT (default: a free port), E2E_KEEP=1 keeps the built
# site, E2E_TIME_LIMIT seconds for the checks (default 280).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
logs="$(mktemp -d)"
work=""
cleanup() {
  rm -rf "$logs"
  if [ -n "$work" ] && [ "${E2E_KEEP:-0}" != 1 ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

# A setup step that fails still ends the output with the summary line.
fail_setup() {
  echo "FAIL $1"
  if [ -s "$logs/step.log" ]; then tail -n 40 "$logs/step.log" | sed 's/^/     /'; fi
  echo
  echo "0 passed, 1 failed"
  exit 1
}
# Runs a command quietly, its output kept for fail_setup.
quiet() { "$@" >"$logs/step.log" 2>&1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    quiet as_root apt-get update -qq || fail_setup "apt-get update"
    apt_updated=1
  fi
  quiet as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" \
    || fail_setup "apt-get install $*"
}

# Debian's Chromium (never a browser download), a JRE only if java is missing,
# and Node.js only if it is missing (the machine normally has Node >= 20).
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v node >/dev/null 2>&1 || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]}"
  apt_install "${need[@]}"
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || fail_setup "Node.js >= 20 is needed (playwright-core), found $(node --version)"

# npm ci once per package-lock.json: a stamp in node_modules records which.
# --ignore-scripts: vnu-jar's postinstall would try to download a JDK; the
# system java is used instead, and no other package needs a script.
lock_sum="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1) node-$node_major"
stamp="$here/node_modules/.e2e-installed"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  echo "== npm ci"
  (cd "$here" && quiet npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) || fail_setup "npm ci"
  echo "$lock_sum" >"$stamp"
fi

# A free port on 127.0.0.1, unless one is given: the site's base URL needs it.
port="${E2E_PORT:-$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}"
case "$port" in
  '' | *[!0-9]*) fail_setup "E2E_PORT must be a port number, not '$port'" ;;
esac
[ "$port" -ge 1 ] && [ "$port" -le 65535 ] || fail_setup "E2E_PORT must be between 1 and 65535, not $port"
work="$(mktemp -d)"
echo "== building the bundled dossier for http://127.0.0.1:$port/sub/"
(cd "$repo" && quiet cargo run --release --quiet -- build --output "$work/site" --base-url "http://127.0.0.1:$port/sub/") \
  || fail_setup "cargo run --release -- build"
tail -n 1 "$logs/step.log"
[ "${E2E_KEEP:-0}" = 1 ] && echo "the built site is kept in $work/site"

limit="${E2E_TIME_LIMIT:-280}"
status=0
timeout --kill-after=15 "$((limit + 60))" \
  node "$here/e2e.mjs" --site "$work/site" --port "$port" --prefix /sub/ --out "$here/out" --time-limit "$limit" \
    --dossier "${CARGO_TARGET_DIR:-$repo/target}/release/dossier" --repo "$repo" \
  || status=$?
if [ "$status" -ge 124 ]; then
  # killed from outside: node could not print its summary
  echo "FAIL the checks did not finish (exit $status)"
  echo
  echo "0 passed, 1 failed"
fi
exit "$status"
