#!/usr/bin/env bash
# Device ingest benchmarks against NovaConsole itself (no reference broker applies): devices provisioned through
# the import API, then MQTT QoS 1 telemetry, TCP data lines, 19,000 idle authenticated TCP devices, or the
# publish-to-visible latency of a device page in Chromium under a paced 5,000 msg/s load (live-latency).
#
#   bench/run-devices.sh [--quick] [--only device-ingest-mqtt,device-ingest-tcp,device-ingest-http,tcp-idle-devices,live-latency,ota-campaign] [--out DIR]
#                        [--bench-args '...'] [--no-build]
#
# For every scenario NovaConsole is started fresh from a Release publish ($NOVA_PUBLISH_DIR, default
# /tmp/nova-bench-rel) with a new data folder, HTTP/MQTT/TCP on free 127.0.0.1 ports, and stopped afterwards.
# The bench reads the setup token from the data folder, creates the admin, logs in and imports the devices.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROJECT="$ROOT/bench/NovaConsole.Bench/NovaConsole.Bench.csproj"
BENCH="$ROOT/bench/NovaConsole.Bench/bin/Release/net10.0/linux-x64/NovaConsole.Bench"
ALL_SCENARIOS="device-ingest-mqtt device-ingest-tcp device-ingest-http tcp-idle-devices live-latency ota-campaign"
NOVA_PUBLISH_DIR="${NOVA_PUBLISH_DIR:-/tmp/nova-bench-rel}"
NOVA_ARGS="${NOVA_ARGS:-}"   # extra NovaConsole settings, e.g. --Telemetry:MaxBatchMessages=8000
QUICK=0; ONLY=""; OUT=""; BENCH_ARGS=""; BUILD=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --only) ONLY="${2//,/ }"; shift ;;
        --out) OUT="$2"; shift ;;
        --bench-args) BENCH_ARGS="$2"; shift ;;
        --no-build) BUILD=0 ;;
        -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
    shift
done
SCENARIOS="${ONLY:-$ALL_SCENARIOS}"
for s in $SCENARIOS; do [[ " $ALL_SCENARIOS " == *" $s "* ]] || { echo "unknown scenario: $s" >&2; exit 2; }; done
OUT="${OUT:-$(mktemp -d /tmp/nova-devices.XXXXXX)}"
mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
ulimit -n "$(ulimit -Hn)"

GROUP=""
stop_nova() {
    if [[ -n "$GROUP" ]]; then
        kill -TERM -- "-$GROUP" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 -- "-$GROUP" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$GROUP" 2>/dev/null || true
        wait "$GROUP" 2>/dev/null || true
    fi
    GROUP=""
}
trap stop_nova EXIT
trap 'exit 130' INT TERM

listener_pid() { ss -ltnpH "sport = :$1" 2>/dev/null | grep -o "pid=[0-9]*" | head -1 | cut -d= -f2 || true; }

if [[ $BUILD == 1 ]]; then
    echo "== building the bench and publishing NovaConsole (Release) to $NOVA_PUBLISH_DIR"
    dotnet build -c Release "$PROJECT" -nologo -v q -clp:ErrorsOnly
    dotnet publish -c Release "$ROOT/NovaConsole/NovaConsole.csproj" -o "$NOVA_PUBLISH_DIR" -nologo -v q -clp:ErrorsOnly
fi

# start_nova SCENARIO: NovaConsole on $data with ports $http/$mqtt/$tcp; sets GROUP and pid (empty on failure).
start_nova() {
    local log="$OUT/nova-$1.log"
    # The import takes 10,000 rows by default; the bench imports in chunks of 5,000 anyway.
    # Run from the publish folder: it holds the appsettings.json copied from the repo and the wwwroot/_content files
    # the console's pages need (from the repo root the content root is the repo, and the pages lack Radzen's scripts).
    (cd "$NOVA_PUBLISH_DIR" && exec setsid "$NOVA_PUBLISH_DIR/NovaConsole" --urls "http://127.0.0.1:$http" --Storage:DataPath="$data" \
        --Mqtt:Port="$mqtt" --Mqtt:BindAddress=127.0.0.1 --Mqtt:TlsPort=-1 --DeviceTcp:Port="$tcp" --DeviceTcp:BindAddress=127.0.0.1 \
        --Logging:LogLevel:Default=Warning --Ota:PublicBaseUrl="http://127.0.0.1:$http" $NOVA_ARGS) >>"$log" 2>&1 &
    GROUP=$!
    pid=""
    for _ in $(seq 1 600); do
        pid="$(listener_pid "$http")"; [[ -n "$pid" ]] && break
        kill -0 "$GROUP" 2>/dev/null || break
        sleep 0.1
    done
    if [[ -z "$pid" ]]; then echo "!! NovaConsole did not start; log: $log" >&2; tail -5 "$log" >&2; stop_nova; fi
}

failures=0
for scenario in $SCENARIOS; do
    http="$("$BENCH" free-port)"; mqtt="$("$BENCH" free-port)"; tcp="$("$BENCH" free-port)"
    data="$OUT/data-$scenario"; rm -rf "$data"; mkdir -p "$data"
    start_nova "$scenario"
    if [[ -z "$pid" ]]; then failures=$((failures + 1)); continue; fi
    common=(--port "$mqtt" --tcp-port "$tcp" --http "http://127.0.0.1:$http" --data-path "$data" --broker-name nova)
    [[ $QUICK == 1 ]] && common+=(--quick)
    # shellcheck disable=SC2206
    common+=($BENCH_ARGS)
    extra=()
    if [[ $scenario == tcp-idle-devices ]]; then
        # Provision, then restart NovaConsole on the same data folder, so the idle figure is not flattered by the
        # import's garbage being reused by the connections.
        creds="$OUT/tcp-idle-devices-credentials.csv"
        echo "== $scenario: provisioning (pid $pid)"
        timeout --kill-after=10 600 "$BENCH" "$scenario" "${common[@]}" --provision "$creds" | grep -v '^{' || true
        stop_nova
        start_nova "$scenario"
        if [[ -z "$pid" ]]; then failures=$((failures + 1)); continue; fi
        sleep 2
        extra=(--credentials "$creds")
    fi
    # Per-probe times and the ingest queue over time, to see where a slow probe spent it.
    [[ $scenario == live-latency ]] && extra=(--trace-dir "$OUT")
    echo "== $scenario (http $http, mqtt $mqtt, tcp $tcp, pid $pid)"
    rc=0
    # The OTA campaign moves 10,000 x 4 MiB: it gets its own bound (--limit, 1,500 s by default) plus the set-up.
    bound=600; [[ $scenario == ota-campaign ]] && bound=1900
    timeout --kill-after=10 "$bound" "$BENCH" "$scenario" "${common[@]}" "${extra[@]}" --broker-pid "$pid" --json-out "$OUT/nova.jsonl" \
        | tee -a "$OUT/nova.out" | grep -v '^{' || rc=$?
    stop_nova
    if [[ $rc != 0 ]]; then echo "!! $scenario failed" >&2; failures=$((failures + 1)); fi
done
echo "== results: $OUT/nova.jsonl"
(( failures == 0 )) || { echo "$failures scenario run(s) failed" >&2; exit 1; }
