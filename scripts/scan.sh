#!/usr/bin/env bash
# External scanners (issue 7, part 7): sqlmap and wapiti against a fresh Pathways with the demo
# data, signed in as each role, time-bounded. A script, not part of CI:
#
#   npm run scan                  # at most about 10 minutes (SCAN_MINUTES, default 10)
#   SCAN_MINUTES=20 npm run scan  # longer, deeper wapiti runs
#
# Raw reports, logs and a summary go to test-results/scan/<UTC time>/. Exits 1 if anything is
# found that is not on the list of accepted findings in scripts/scan-summary.ts.
set -euo pipefail
cd "$(dirname "$0")/.."

MINUTES=${SCAN_MINUTES:-10}
if ! [[ $MINUTES =~ ^[0-9]+$ ]] || ((MINUTES < 4)); then
  echo "SCAN_MINUTES must be a whole number of minutes, 4 or more" >&2
  exit 2
fi
BUDGET=$((MINUTES * 60))
OUT=test-results/scan/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT/sqlmap" "$OUT/wapiti" "$OUT/cookies"
WORK=$(mktemp -d)
SERVER_PID=
log() { printf '[scan %4ds] %s\n' "$SECONDS" "$*"; }

# Runs a scanner under `timeout`, which puts it in a process group of its own (out of reach of
# Ctrl-C), so its id is kept for the clean-up.
bounded() {
  timeout -k 10 "$@" &
  echo "$!" >>"$WORK/scanner-pids"
  wait "$!"
}

cleanup() {
  local jobs_left
  # Only what this script started: the scanners, their jobs, then the server.
  [[ -f $WORK/scanner-pids ]] && kill -TERM $(cat "$WORK/scanner-pids") 2>/dev/null || true
  jobs_left=$(jobs -pr)
  [[ -n $jobs_left ]] && kill $jobs_left 2>/dev/null || true
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. The scanners (Debian bookworm packages) ---------------------------------------------------
missing=()
command -v sqlmap >/dev/null || missing+=(sqlmap)
command -v wapiti >/dev/null || missing+=(wapiti)
if ((${#missing[@]} > 0)); then
  log "installing ${missing[*]}"
  SUDO=; ((EUID == 0)) || SUDO=sudo
  $SUDO apt-get install -y "${missing[@]}" >"$OUT/apt-get.log" 2>&1 ||
    { $SUDO apt-get update >>"$OUT/apt-get.log" 2>&1 && $SUDO apt-get install -y "${missing[@]}" >>"$OUT/apt-get.log" 2>&1; } ||
    { echo "Could not install ${missing[*]}: see $OUT/apt-get.log" >&2; exit 1; }
fi
{ sqlmap --version 2>/dev/null | head -1; wapiti --version 2>/dev/null | tail -1; } >"$OUT/versions.txt" || true

# --- 2. The app: compiled, embedded database in a temporary folder, demo data ------------
log "building"
npm run build --silent >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log" >&2; exit 1; }
PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
BASE=http://127.0.0.1:$PORT
log "starting Pathways on $BASE (data in $WORK/data)"
# Never a shared database, real mail or production settings: a fresh embedded database seeds the demo data.
env -u DATABASE_URL -u SMTP_URL -u SEED_DEMO -u TRUST_PROXY NODE_ENV=development LOG_LEVEL=warn \
  DATA_DIR="$WORK/data" PORT="$PORT" PUBLIC_URL="$BASE" node dist/src/server.js >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -fs -o /dev/null "$BASE/readyz" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUT/server.log" >&2; echo "Pathways stopped before it was ready" >&2; exit 1; }
  sleep 1
done
curl -fs -o /dev/null "$BASE/readyz" || { echo "Pathways was not ready within 2 minutes: see $OUT/server.log" >&2; exit 1; }

# --- 3. A signed-in session per role ---------------------------------------------------------------
log "signing in as each role"
npx --no-install tsx scripts/scan-sessions.ts "$BASE" "$OUT/cookies" >"$OUT/cookies/sessions.txt"
ROLES=(learner author caseworker police admin)
cookie() { cat "$OUT/cookies/$1.cookie"; }
declare -A HOME_OF=([learner]=/learn [author]=/authoring [caseworker]=/referrals [police]=/referrals [admin]=/admin/users)

# --- 4. sqlmap: every GET with parameters, as a role that may use it --------------------------------
YEAR=$(date +%Y)
API_KEY=demo-api-key-not-for-production
# name|role (or api)|path and query ("*" marks a place in the path to inject)
SQLMAP_TARGETS=(
  "referrals-caseworker|caseworker|/referrals?q=Morgan&status=in_progress&force=1&due=7&support=1&dueBefore=$YEAR-12-31"
  "referrals-police|police|/referrals?q=Morgan&status=referred"
  "period-report-police|police|/reports/period?period=custom&from=$YEAR-01-01&to=$YEAR-12-31"
  "evaluation-report-caseworker|caseworker|/reports/evaluation?from=$YEAR-01-01&to=$YEAR-12-31&force=all"
  "deliveries-caseworker|caseworker|/admin/deliveries?status=held"
  "audit-admin|admin|/admin/audit?action=sign-in&subject=user&from=$YEAR-01-01&to=$YEAR-12-31"
  "course-diff-author|author|/authoring/courses/alcohol-awareness/diff?from=1&to=1"
  "course-step-learner|learner|/learn/courses/alcohol-awareness*/steps/1*?answered=1"
  "api-referrals|api|/api/v1/referrals?status=referred&updatedSince=$YEAR-01-01T00:00:00Z"
  "api-period-report|api|/api/v1/reports/period?from=$YEAR-01-01&to=$YEAR-12-31"
)
SQLMAP_SECONDS=$((BUDGET * 22 / 100))

run_sqlmap() {
  local name=$1 role=$2 target=$3 auth
  local url=$BASE$target
  if [[ $role == api ]]; then auth=(--headers="Authorization: Bearer $API_KEY"); else auth=(--cookie="$(cookie "$role")"); fi
  # The page must answer 200 as this role, or the scan would only test a redirect to a sign-in form.
  local check=${url//\*/}
  if [[ $role == api ]]; then
    curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $API_KEY" "$check" >"$OUT/sqlmap/$name.before"
  else
    curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $(cookie "$role")" "$check" >"$OUT/sqlmap/$name.before"
  fi
  local rc=0
  bounded "$SQLMAP_SECONDS" sqlmap -u "$url" "${auth[@]}" --batch --level 2 --risk 1 --dbms=PostgreSQL \
    --timeout 20 --retries 1 --flush-session --disable-coloring --output-dir="$OUT/sqlmap/$name" \
    </dev/null >"$OUT/sqlmap/$name.log" 2>&1 || rc=$?
  echo "$rc" >"$OUT/sqlmap/$name.rc"
  printf '%s|%s|%s\n' "$role" "$target" "$rc" >"$OUT/sqlmap/$name.target"
}

log "sqlmap: ${#SQLMAP_TARGETS[@]} targets, at most ${SQLMAP_SECONDS}s"
api_targets=() scanners=()
for entry in "${SQLMAP_TARGETS[@]}"; do
  IFS='|' read -r name role target <<<"$entry"
  if [[ $role == api ]]; then api_targets+=("$entry"); else run_sqlmap "$name" "$role" "$target" & scanners+=($!); fi
done
# The API allows 600 requests a minute per key: its targets go one after another.
(for entry in "${api_targets[@]}"; do IFS='|' read -r name role target <<<"$entry"; run_sqlmap "$name" "$role" "$target"; done) &
scanners+=($!)
wait "${scanners[@]}"

# --- 5. wapiti: crawl and attack as each role (and signed out), side by side ----------------------
# wapiti 3.0.4 on Python 3.11 cannot compile its own -x patterns ("global flags not at the start"):
# run it with that one function corrected.
WAPITI_PYTHON=$(head -1 "$(command -v wapiti)" | sed 's/^#! *//')
read -r -d '' WAPITI_MAIN <<'PY' || true
import re, sys
import wapitiCore.net.crawler as crawler
def wildcard_translate(pattern):
    return re.compile("(?ms)" + "".join(".*" if c == "*" else re.escape(c) for c in pattern) + r"\Z")
crawler.wildcard_translate = wildcard_translate
from wapitiCore.main.wapiti import wapiti_main
sys.argv[0] = "wapiti"
sys.exit(wapiti_main())
PY
# Not the SSRF and XXE modules (they need wapiti's servers on the internet), nor the brute-force ones.
MODULES=sql,blindsql,xss,permanentxss,exec,file,redirect,crlf,methods,csrf,http_headers,cookieflags,csp
ACTIVE_MODULES=9
WAPITI_SECONDS=$((BUDGET - SECONDS - 40))
((WAPITI_SECONDS >= 90)) || WAPITI_SECONDS=90
CRAWL_SECONDS=$((WAPITI_SECONDS * 25 / 100))
ATTACK_SECONDS=$((WAPITI_SECONDS * 65 / 100 / ACTIVE_MODULES))
# Forms that would end the scanning session or another role's (the learner's access reset, an
# account disabled, two-factor reset, a password set through a link) are not submitted.
EXCLUDE=(/sign-out /account/sign-out-everywhere '/referrals/*/reset-access' '/admin/users/*/disable' '/admin/users/*/reset-two-factor' '/password/*')
declare -A STARTS=(
  [anonymous]="/ /learn/sign-in /learn/first-sign-in /sign-in /sign-in/forgotten-password /privacy /accessibility"
  [learner]="/learn /learn/contact"
  [author]="/authoring /authoring/new /account"
  [caseworker]="/referrals /casework/contact-requests /admin/deliveries /reports"
  [police]="/referrals /referrals/new /reports"
  [admin]="/admin/users /admin/forces /admin/audit /referrals /reports /authoring"
)

run_wapiti() {
  local role=$1 args=()
  for start in ${STARTS[$role]}; do args+=(-s "$BASE$start"); done
  for path in "${EXCLUDE[@]}"; do args+=(-x "$BASE$path"); done
  [[ $role == anonymous ]] || args+=(-c "$OUT/cookies/$role.wapiti.json")
  local rc=0
  # brotli answers defeat wapiti's page parser, so ask for gzip.
  bounded "$WAPITI_SECONDS" "$WAPITI_PYTHON" -c "$WAPITI_MAIN" -u "$BASE/" --scope folder "${args[@]}" \
    -H 'Accept-Encoding: gzip, deflate' -m "$MODULES" --max-scan-time "$CRAWL_SECONDS" --max-attack-time "$ATTACK_SECONDS" \
    -t 20 --flush-session --store-session "$WORK/wapiti-$role" --store-config "$WORK/wapiti-config-$role" --no-bugreport \
    -f json -o "$OUT/wapiti/$role.json" -v 1 </dev/null >"$OUT/wapiti/$role.log" 2>&1 || rc=$?
  echo "$rc" >"$OUT/wapiti/$role.rc"
}

log "wapiti: anonymous ${ROLES[*]}, at most ${WAPITI_SECONDS}s (crawl ${CRAWL_SECONDS}s, ${ATTACK_SECONDS}s per attack module)"
scanners=()
for role in anonymous "${ROLES[@]}"; do run_wapiti "$role" & scanners+=($!); done
wait "${scanners[@]}"

# --- 6. A check of what wapiti cannot judge, and whether each role stayed signed in ----------------
# wapiti sends every field of a multipart form as a file part, so the CSRF token of the course import
# never arrives as a field and wapiti cannot tell a checked token from an unchecked one. The token is
# a plain field in a browser's form: wrong must be refused (403), right must reach the route (400 for
# a file that is not an archive).
printf 'GIF89a' >"$WORK/not-an-archive.gif"
token=$(curl -s -H "Cookie: $(cookie author)" "$BASE/authoring" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
for case in wrong right; do
  value=wapiti; [[ $case == right ]] && value=$token
  printf 'multipart-csrf %s-token %s\n' "$case" \
    "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $(cookie author)" -F "_csrf=$value" -F "archive=@$WORK/not-an-archive.gif" "$BASE/authoring/import")"
done >"$OUT/checks.txt"
# A role that lost its session would have had part of its scan run against the sign-in pages.
for role in "${ROLES[@]}"; do
  printf '%s %s\n' "$role" "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $(cookie "$role")" "$BASE${HOME_OF[$role]}")"
done >"$OUT/cookies/at-end.txt"
curl -fs -o /dev/null "$BASE/readyz" && echo up >"$OUT/server-at-end.txt" || echo down >"$OUT/server-at-end.txt"

cleanup_rc=0
kill -TERM "$SERVER_PID" 2>/dev/null || true
wait "$SERVER_PID" 2>/dev/null || cleanup_rc=$?
echo "$cleanup_rc" >"$OUT/server.rc"
SERVER_PID=

# --- 7. Summary -------------------------------------------------------------------------------------
log "done; summary in $OUT/summary.txt"
npx --no-install tsx scripts/scan-summary.ts "$OUT" | tee "$OUT/summary.txt"
