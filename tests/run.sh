#!/usr/bin/env bash
# Runs every test: the fast ones (in-memory bus, SQLite), the browser tests (headless chromium) and the integration
# tests, which start their own RabbitMQ node and PostgreSQL cluster from this machine's binaries on free loopback
# ports. Installs the Debian packages that are missing first. Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || [ -n "${JOBS_TEST_RABBITMQ:-}" ] || missing+=(rabbitmq-server)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || [ -n "${JOBS_TEST_POSTGRES:-}" ] || missing+=(postgresql)
# Node runs Elastic Path's JavaScript SDK against the API (tests/js-sdk).
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
# Headless chromium and its driver run the dashboard's browser tests (tests/Jobs.BrowserTests).
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
# Installs the missing packages; run in the background while the solution builds, which needs none of them.
install_missing() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing ${missing[*]} (Debian packages)..."
  # The tests run private instances; keep the packaged services from starting on install.
  local policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  [ -z "$policy" ] || $sudo rm -f "$policy"
}

# Prints each line of a command's output with the name of the test project it comes from: projects run side by side.
label() {
  sed -u "s/^/[$1] /"
}

rm -rf TestResults
installing=""
if [ ${#missing[@]} -gt 0 ]; then
  install_missing &
  installing=$!
fi
built=0
dotnet build Jobs.sln || built=$?
installed=0
[ -z "$installing" ] || wait "$installing" || installed=$?
[ "$built" -eq 0 ] || exit "$built"
[ "$installed" -eq 0 ] || exit "$installed"
# The SDK at the version package-lock.json pins.
npm ci --prefix tests/js-sdk --no-audit --no-fund --loglevel=error || exit $?

# Every test project in the solution, each with a results folder of its own (result files of projects run together
# can collide). The projects on the private servers (the integration tests, the longest by far: they mostly wait for
# their servers, processes, leases and timeouts) run in the background; the others, in-process, run one after
# another meanwhile, the fast ones first.
status=0
run_project() {
  local project=$1 name
  name=$(basename "$project" .csproj)
  dotnet test --project "$project" --no-build --report-xunit-trx --results-directory "TestResults/$name" "${@:2}" 2>&1 | label "$name"
}
projects=$(dotnet sln Jobs.sln list | grep -E '^tests/.*\.csproj$' | xargs grep -l 'xunit.v3' | sort -r)
background=()
for project in $(grep -l 'LocalServers' $projects); do
  run_project "$project" "$@" &
  background+=($!)
done
for project in $(grep -L 'LocalServers' $projects); do
  run_project "$project" "$@" || status=$?
done
for pid in "${background[@]}"; do
  wait "$pid" || status=$?
done

# The totals come from the result files, so a run in which no test executed shows as such.
passed=0
failed=0
for trx in TestResults/*/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  passed=$((passed + $(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")))
  failed=$((failed + $(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")))
  # Name the failures where a reader of a long log finds them: just above the totals.
  grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | sed 's/.*testName="\([^"]*\)".*/FAILED \1/' || true
done
echo "$passed passed, $failed failed"
if [ "$passed" -eq 0 ] || [ "$failed" -ne 0 ]; then
  exit $((status == 0 ? 1 : status))
fi
exit "$status"
