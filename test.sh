#!/usr/bin/env bash
# Runs every NovaConsole test on a fresh Debian machine: installs the real peers the tests drive
# (Chromium, mosquitto clients and broker, Python paho-mqtt, MQTT.js, curl) when they are missing, then dotnet test.
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_packages=(chromium mosquitto-clients mosquitto python3-paho-mqtt netcat-openbsd curl)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing test peers: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# The Debian mosquitto package starts a broker on :1883; tests start their own on free ports.
if command -v systemctl >/dev/null 2>&1; then as_root systemctl stop mosquitto 2>/dev/null || true; fi

if [ ! -d NovaConsole.Tests/node/node_modules/mqtt ]; then
  echo "Installing MQTT.js for the tests"
  (cd NovaConsole.Tests/node && npm ci --no-audit --no-fund --loglevel=error)
fi

# Measurements (Category=Measurement) write figures, not verdicts, and take minutes: every other test runs by default,
# --measurements adds them, and a caller's own --filter replaces this one.
filter=(--filter "Category!=Measurement")
args=()
for arg in "$@"; do
  case "$arg" in
    --measurements) filter=() ;;
    --filter|--filter=*) filter=(); args+=("$arg") ;;
    *) args+=("$arg") ;;
  esac
done

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
status=0
# A test that hangs is stopped and named after 15 quiet minutes instead of holding CI until its limit.
dotnet test NovaConsole.sln --logger "trx;LogFilePrefix=results" --results-directory "$results" \
  --blame-hang-timeout 15m --blame-hang-dump-type none ${filter[@]+"${filter[@]}"} ${args[@]+"${args[@]}"} || status=$?

# One closing line a CI reader understands, summed over every test assembly's TRX file.
python3 - "$results" <<'PY' || true
import glob, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find(".//{*}ResultSummary/{*}Counters")
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
