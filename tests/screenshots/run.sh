#!/usr/bin/env bash
# Screenshots of an English dossier made the way a new user would: `dossier
# init`, `dossier add` on the saved pages in tests/pages/, a few entities,
# `dossier build`; then headless Chromium (Debian's) takes the home, an
# article, a person and the graph page at 390 px (a phone) and 1280 px.
# The images are for looking at, not for committing.
#
# Usage: tests/screenshots/run.sh [OUT_DIR]   (default: /tmp/dossier-shots)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="${1:-/tmp/dossier-shots}"
[ -x /usr/bin/chromium ] || { echo "needs Debian's chromium: apt-get install chromium" >&2; exit 1; }

cargo build --quiet --manifest-path "$repo/Cargo.toml"
dossier="$repo/target/debug/dossier"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/ports"

"$dossier" init "$root" --language en --title "Europe's port strike" >/dev/null
cat >>"$root/content/entities/people.yaml" <<'YAML'
- name: Marieke de Vries
  aliases: [de Vries]
  summary: Leads the dockers' section of the FNV union in Rotterdam.
- name: Paulo Mendes
  aliases: [Mendes]
  summary: Health minister until November 2023.
YAML
cat >>"$root/content/entities/organizations.yaml" <<'YAML'
- name: FNV
  summary: The largest Dutch trade union federation.
- name: International Transport Workers' Federation
  aliases: [ITF]
- name: European Shippers' Council
- name: British Retail Consortium
- name: European Commission
YAML
cat >>"$root/content/entities/countries.yaml" <<'YAML'
- name: Netherlands
  aliases: [Rotterdam]
- name: Belgium
  aliases: [Antwerp, Zeebrugge]
- name: Germany
  aliases: [Hamburg]
YAML
"$dossier" add --root "$root" "$repo"/tests/pages/wire-og.html "$repo"/tests/pages/jsonld.html >/dev/null
"$dossier" add --root "$root" --date 2024-03-19 --source "Hearing notes" "$repo"/tests/pages/bare.html >/dev/null
"$dossier" build --root "$root"

mkdir -p "$out"
site="$root/public"
article="$(ls "$site/articles" | grep port-strike | head -n1)"
shoot() { # name path width height
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --force-device-scale-factor=1 --window-size="$3,$4" \
    --screenshot="$out/$1-$3.png" "file://$site/$2" >/dev/null 2>&1
  echo "$out/$1-$3.png"
}
for w in 390 1280; do
  h=$([ "$w" = 390 ] && echo 2400 || echo 1600)
  shoot home index.html "$w" "$h"
  shoot article "articles/$article/index.html" "$w" "$h"
  shoot person people/marieke-de-vries/index.html "$w" "$h"
  shoot graph graph/index.html "$w" "$h"
done
