#!/usr/bin/env bash
# Console load on 127.0.0.1 only: 16 signed-in producer managers (accounts made by the office
# on the accounts page, passwords set through their setup links, sessions made through the
# sign-in form) fetch console pages of the demo store (`serve --demo`, release build): their
# home, a batch page, its print page and the accounts page. Each page is loaded on its own
# for a few seconds (16 connections, each request taking the next user's session and batch),
# then all four mixed; prints p99 per page against the 50 ms ceiling.
# Usage: bash benches/console_load.sh [seconds]
# With STORE=postgres://…?issuer=… the server runs on that (empty) database instead of sled.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
USERS=16
CEILING_MS=50
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

cargo build --release --bin ocop-trace
BIN="${CARGO_TARGET_DIR:-target}/release/ocop-trace"
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
[ -n "${STORE:-}" ] && export OCOP_TRACE_STORE="$STORE"
PORT=18091
BASE="http://127.0.0.1:$PORT"
TOKEN=console-load-admin-token-0001
OCOP_TRACE_ADMIN_PASSWORD="Văn phòng OCOP tải thử" "$BIN" accounts create-admin \
  --login van.phong --name "Văn phòng OCOP" --data-dir "$WORK/data" > /dev/null
OCOP_TRACE_ADMIN_TOKEN=$TOKEN "$BIN" serve --demo \
  --listen 127.0.0.1:$PORT --data-dir "$WORK/data" --keys-dir "$WORK/keys" \
  > "$WORK/serve.out" 2> "$WORK/serve.err" &
for _ in $(seq 300); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.2; done

# The office makes the accounts through the console, each person signs in through the form;
# one line per user: the session cookie and the batch it looks at.
python3 - "$BASE" "$TOKEN" "$USERS" > "$WORK/users.txt" <<'PY'
import http.cookiejar, json, re, sys, urllib.parse, urllib.request
base, token, users = sys.argv[1], sys.argv[2], int(sys.argv[3])

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None

def browser():
    jar = http.cookiejar.CookieJar()
    return jar, urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

def csrf(html):
    return re.search(r'name="csrf" value="([^"]*)"', html).group(1)

def get(op, path):
    return op.open(path if path.startswith("http") else base + path).read().decode()

def post(op, path, form):
    data = urllib.parse.urlencode(form).encode()
    return op.open(path if path.startswith("http") else base + path, data).read().decode()

def sign_in(login, password):
    jar, op = browser()
    form = get(op, "/console/sign-in")
    post(op, "/console/sign-in", {"login": login, "password": password, "csrf": csrf(form)})
    return next(c.value for c in jar if c.name == "ocop_session")

def api(path):
    req = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token})
    return json.load(urllib.request.urlopen(req))

batches, after = [], None
while True:
    page = api("/api/v1/batches?limit=100" + (f"&after={after}" if after else ""))
    if not page:
        break
    batches += page
    after = page[-1]["id"]
by_subject = {}
for b in batches:
    by_subject.setdefault(b["subject_id"], b["id"])
subjects = list(by_subject)[:users]

_, office = browser()
form = get(office, "/console/sign-in")
post(office, "/console/sign-in", {"login": "van.phong", "password": "Văn phòng OCOP tải thử", "csrf": csrf(form)})
password = "mật khẩu tải thử 2026"
for i in range(users):
    subject = subjects[i % len(subjects)]
    page = get(office, "/console/accounts")
    done = post(office, "/console/accounts", {"display_name": f"Người dùng {i}", "login": f"nsx{i:02d}",
        "role": "producer_manager", "subject_id": subject, "csrf": csrf(page)})
    link = re.search(r"data-setup-link>([^<]*)<", done).group(1)
    _, person = browser()
    setup = get(person, link)
    post(person, link, {"password": password, "password_again": password, "csrf": csrf(setup)})
    print(sign_in(f"nsx{i:02d}", password), by_subject[subject])
PY
[ "$(wc -l < "$WORK/users.txt")" -eq "$USERS" ] || { echo "could not sign $USERS users in" >&2; exit 1; }

# wrk: each request takes the next user (session cookie) and that user's page.
cat > "$WORK/pages.lua" <<LUA
local users = {}
for line in io.lines("$WORK/users.txt") do
  local cookie, batch = line:match("(%S+) (%S+)")
  users[#users + 1] = {cookie = cookie, batch = batch}
end
local kinds = {}
for k in string.gmatch(os.getenv("PAGES"), "[^,]+") do kinds[#kinds + 1] = k end
local n = 0
request = function()
  n = n + 1
  local u = users[(n - 1) % #users + 1]
  local kind = kinds[(n - 1) % #kinds + 1]
  local path = "/console"
  if kind == "batch" then path = "/console/batches/" .. u.batch
  elseif kind == "print" then path = "/console/batches/" .. u.batch .. "/print"
  elseif kind == "accounts" then path = "/console/accounts" end
  return wrk.format("GET", path .. "?lang=vi", {["Cookie"] = "ocop_session=" .. u.cookie})
end
-- A lost session is a fast 303 to the sign-in page: count every answer that is not a page.
local threads = {}
function setup(thread) threads[#threads + 1] = thread end
bad = 0
response = function(status) if status ~= 200 then bad = bad + 1 end end
function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("bad") end
  io.write("NOT200 " .. n .. "\n")
end
LUA

run() { # name pages
  PAGES=$2 wrk -t2 -c"$USERS" -d"${SECS}s" --latency -s "$WORK/pages.lua" "$BASE" > "$WORK/$1.txt"
  local rps p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$1.txt")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/$1.txt")
  errors=$(awk '/^NOT200/ {print $2}' "$WORK/$1.txt")
  echo "$1 $rps $p99 ${errors:-0}"
}
RESULTS=()
for page in home batch print accounts; do RESULTS+=("$(run "$page" "$page")"); done
RESULTS+=("$(run mixed home,batch,print,accounts)")
# Every session still opens its pages (a lost one would have been 303s, fast and wrong).
read -r COOKIE BATCH < "$WORK/users.txt"
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: ocop_session=$COOKIE" "$BASE/console/batches/$BATCH?lang=vi")
[ "$STATUS" = 200 ] || { echo "sessions were lost during the run (status $STATUS)" >&2; exit 1; }
python3 - "$CEILING_MS" "${RESULTS[@]}" <<'PY'
import sys
ceiling = float(sys.argv[1])
def ms(s):
    for unit, f in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if s.endswith(unit):
            return float(s[: -len(unit)]) * f
    return float(s)
print(f"{'page':<10}{'req/s':>10}{'p99':>10}  vs {ceiling:.0f} ms")
worst = 0.0
for line in sys.argv[2:]:
    name, rps, p99, errors = line.split()
    p = ms(p99)
    worst = max(worst, p)
    flag = "ok" if p < ceiling and errors == "0" else "OVER"
    worst = worst if errors == "0" else float("inf")
    note = f", {errors} answers were not 200" if errors != "0" else ""
    print(f"{name:<10}{float(rps):>10.0f}{p:>8.2f} ms  {p / ceiling:.2f}x {flag}{note}")
sys.exit(0 if worst < ceiling else 1)
PY
