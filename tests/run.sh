#!/usr/bin/env bash
# Runs every test: the fast ones (in-memory bus, SQLite) and the integration tests, which start their own
# RabbitMQ node and PostgreSQL cluster from this machine's binaries on free loopback ports. Installs the
# Debian packages that are missing first. Extra arguments go to `dotnet test`.
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
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing ${missing[*]} (Debian packages)..."
  # The tests run private instances; keep the packaged services from starting on install.
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  [ -z "$policy" ] || $sudo rm -f "$policy"
fi

rm -rf TestResults
status=0
dotnet build Jobs.sln || exit $?
# The SDK at the version package-lock.json pins.
npm ci --prefix tests/js-sdk --no-audit --no-fund --loglevel=error || exit $?
# Every test project in the solution, each with a results folder of its own (result files of projects run
# together can collide), the fast ones first.
for project in $(dotnet sln Jobs.sln list | grep -E '^tests/.*\.csproj$' | xargs grep -l 'xunit.v3' | sort -r); do
  name=$(basename "$project" .csproj)
  dotnet test --project "$project" --no-build --report-xunit-trx --results-directory "TestResults/$name" "$@" || status=$?
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
