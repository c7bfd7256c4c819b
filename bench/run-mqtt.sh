#!/usr/bin/env bash
# MQTT broker benchmark: Debian's mosquitto, (when a start command is given) NovaConsole's broker and (with
# --mqttnet) MQTTnet 5.2's server, the same scenarios against each, on loopback, then a side-by-side table.
#
#   bench/run-mqtt.sh [--quick] [--only fanin-qos1,paced-qos1] [--nova-default | --nova 'CMD'] [--mqttnet] [--out DIR]
#                     [--idle-connections N] [--processes K] [--bench-args '...'] [--no-build]
#
# Every broker is started fresh for every scenario (so RSS figures are not left over from the previous
# one), on a free 127.0.0.1 port, and killed afterwards; a trap kills whatever is left on exit.
set -euo pipefail

usage() {
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    cat <<'EOF'

  --quick               ~3 s per scenario instead of ~15 s (idle-connections: 2,000 instead of 19,000)
  --only LIST           comma-separated scenarios (default: all)
                        fanin-qos0 fanin-qos1 fanout-qos0 paced-qos1 idle-connections
  --nova CMD            shell command that starts our broker in the foreground; "{port}" in it is replaced
                        by the MQTT port to listen on, also exported as NOVA_MQTT_PORT. Default: $NOVA_CMD.
  --nova-default        our broker from a Release publish of NovaConsole ($NOVA_PUBLISH_DIR, default /tmp/nova-bench-rel;
                        published unless --no-build), configured like the mosquitto run: anonymous access, session
                        queue 1,000,000 (mosquitto: max_queued_messages 0 = unlimited), fresh data folder, no TLS/TCP
  --mqttnet             also MQTTnet 5.2's server (bench/MqttNetBroker: its defaults, anonymous, 127.0.0.1 only;
                        built in Release unless --no-build), a third column in the table
  --out DIR             where results go (mosquitto.jsonl, nova.jsonl, mqttnet.jsonl, table.md, logs); default a new /tmp dir
  --idle-connections N  connections for idle-connections (at most 19,000: a broker holds at most ~19,900 sockets)
  --processes K         load processes for idle-connections (each holds N/K connections)
  --nova-only           skip mosquitto (development runs; the table then needs a mosquitto.jsonl from another run)
  --bench-args '...'    extra options for every scenario (e.g. '--duration 5')
EOF
}

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROJECT="$ROOT/bench/NovaConsole.Bench/NovaConsole.Bench.csproj"
BENCH="$ROOT/bench/NovaConsole.Bench/bin/Release/net10.0/linux-x64/NovaConsole.Bench"
MQTTNET_PROJECT="$ROOT/bench/MqttNetBroker/MqttNetBroker.csproj"
MQTTNET_BROKER="$ROOT/bench/MqttNetBroker/bin/Release/net10.0/linux-x64/MqttNetBroker"
ALL_SCENARIOS="fanin-qos0 fanin-qos1 fanout-qos0 paced-qos1 idle-connections"

QUICK=0
ONLY=""
NOVA="${NOVA_CMD:-}"
OUT=""
IDLE_N=""
PROCESSES=2
BENCH_ARGS=""
BUILD=1
NOVA_DEFAULT=0
NOVA_ONLY=0
MQTTNET=0
NOVA_PUBLISH_DIR="${NOVA_PUBLISH_DIR:-/tmp/nova-bench-rel}"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --only) ONLY="${2//,/ }"; shift ;;
        --nova) NOVA="$2"; shift ;;
        --nova-default) NOVA_DEFAULT=1 ;;
        --out) OUT="$2"; shift ;;
        --idle-connections) IDLE_N="$2"; shift ;;
        --processes) PROCESSES="$2"; shift ;;
        --bench-args) BENCH_ARGS="$2"; shift ;;
        --no-build) BUILD=0 ;;
        --nova-only) NOVA_ONLY=1 ;;
        --mqttnet) MQTTNET=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
SCENARIOS="${ONLY:-$ALL_SCENARIOS}"
for s in $SCENARIOS; do
    [[ " $ALL_SCENARIOS " == *" $s "* ]] || { echo "unknown scenario: $s" >&2; exit 2; }
done
if [[ -z "$IDLE_N" ]]; then IDLE_N=$([[ $QUICK == 1 ]] && echo 2000 || echo 19000); fi
if (( IDLE_N > 19000 )); then echo "--idle-connections $IDLE_N: a broker process holds at most ~19,900 sockets (20,000 open files); use 19000 or fewer" >&2; exit 2; fi
OUT="${OUT:-$(mktemp -d /tmp/nova-bench.XXXXXX)}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

if [[ $NOVA_DEFAULT == 1 ]]; then
    # Like mosquitto's configuration above: anonymous clients, a session queue that does not drop under a
    # 10,000 msg/s backlog (mosquitto: max_queued_messages 0), listeners on 127.0.0.1 only, no TLS, no device
    # TCP listener, the console on a free port, a fresh data folder per scenario, warnings only in the log.
    # In flight per client stays at our default (32); mosquitto's max_inflight_messages 0 is unlimited.
    NOVA="exec '$NOVA_PUBLISH_DIR/NovaConsole' --urls http://127.0.0.1:0 --Storage:DataPath='$OUT/nova-data-{port}' \
--Mqtt:Port={port} --Mqtt:BindAddress=127.0.0.1 --Mqtt:TlsPort=-1 --DeviceTcp:Port=-1 \
--Mqtt:AllowAnonymous=true --Mqtt:MaxQueuedMessagesPerSession=1000000 --Logging:LogLevel:Default=Warning"
fi

# The one thing that needs raising: open files, up to the hard limit (20,000 here; no root needed).
ulimit -n "$(ulimit -Hn)"

BROKER_GROUP=""   # process group of the running broker (started with setsid)
BROKER_PID=""     # the process that listens (for /proc/PID/status)
cleanup() {
    stop_broker
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop_broker() {
    if [[ -n "$BROKER_GROUP" ]]; then
        kill -TERM -- "-$BROKER_GROUP" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 -- "-$BROKER_GROUP" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL -- "-$BROKER_GROUP" 2>/dev/null || true
        wait "$BROKER_GROUP" 2>/dev/null || true
    fi
    BROKER_GROUP=""
    BROKER_PID=""
}

# The PID listening on 127.0.0.1:PORT, or nothing yet.
listener_pid() {
    ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2
}

# Waits (bounded) until something listens on the port; sets BROKER_PID.
wait_listening() {
    local port="$1" seconds="$2" i
    for i in $(seq 1 $((seconds * 10))); do
        BROKER_PID="$(listener_pid "$port")"
        if [[ -n "$BROKER_PID" ]]; then return 0; fi
        if ! kill -0 "$BROKER_GROUP" 2>/dev/null; then echo "broker exited before listening; see its log" >&2; return 1; fi
        sleep 0.1
    done
    echo "nothing listens on 127.0.0.1:$port after ${seconds}s" >&2
    return 1
}

start_mosquitto() {
    local port="$1" log="$2" conf="$OUT/mosquitto-$1.conf"
    # mosquitto.conf(5): unlimited QoS 1 in-flight and queue, so a busy subscriber is slowed, never dropped;
    # TCP_NODELAY like our clients; no connection cap (the fd limit is the cap).
    cat >"$conf" <<EOF
listener $port 127.0.0.1
allow_anonymous true
max_queued_messages 0
max_inflight_messages 0
set_tcp_nodelay true
max_connections -1
persistence false
log_dest stdout
log_type error
log_type warning
EOF
    setsid /usr/sbin/mosquitto -c "$conf" >"$log" 2>&1 &
    BROKER_GROUP=$!
    wait_listening "$port" 10
}

start_nova() {
    local port="$1" log="$2"
    # NOVA_CMD / --nova runs our broker in the foreground with its MQTT listener on 127.0.0.1:{port};
    # --nova-default builds such a command (above).
    local cmd="${NOVA//\{port\}/$port}"
    (cd "$ROOT" && NOVA_MQTT_PORT="$port" exec setsid bash -c "$cmd") >"$log" 2>&1 &
    BROKER_GROUP=$!
    wait_listening "$port" 60
}

start_mqttnet() {
    local port="$1" log="$2"
    # MQTTnet's server with its defaults (as measured for issue 9): its per-client queue keeps 1,000 messages and
    # drops the oldest beyond that (its log says so at start), where ours runs with 1,000,000 and mosquitto unlimited;
    # losses under a backlog are that default, reported as such in the table.
    setsid "$MQTTNET_BROKER" --port "$port" >"$log" 2>&1 &
    BROKER_GROUP=$!
    wait_listening "$port" 30
}

scenario_timeout() {
    [[ $QUICK == 1 ]] && echo 120 || echo 240
}

# run_one BROKER SCENARIO: fresh broker, one scenario, results appended to $OUT/BROKER.jsonl.
run_one() {
    local broker="$1" scenario="$2" port log rc=0
    port="$("$BENCH" free-port)"
    log="$OUT/$broker-$scenario.log"
    # (set -e does not apply inside a function called from `||`: check explicitly.)
    case "$broker" in
        mosquitto) start_mosquitto "$port" "$log" || rc=1 ;;
        mqttnet) start_mqttnet "$port" "$log" || rc=1 ;;
        *) start_nova "$port" "$log" || rc=1 ;;
    esac
    if [[ $rc != 0 || -z "$BROKER_PID" ]]; then
        echo "!! $broker did not start; log: $log" >&2
        tail -5 "$log" >&2 || true
        stop_broker
        return 1
    fi
    local args=("$scenario" --port "$port" --broker-pid "$BROKER_PID" --broker-name "$broker" --json-out "$OUT/$broker.jsonl")
    [[ $QUICK == 1 ]] && args+=(--quick)
    [[ $scenario == idle-connections ]] && args+=(--connections "$IDLE_N" --processes "$PROCESSES")
    # shellcheck disable=SC2206 # word splitting of the extra arguments is intended
    args+=($BENCH_ARGS)
    echo "== $broker $scenario (127.0.0.1:$port, pid $BROKER_PID)"
    timeout --kill-after=10 "$(scenario_timeout)" "$BENCH" "${args[@]}" | tee -a "$OUT/$broker.out" | grep -v '^{' || rc=$?
    stop_broker
    return "$rc"
}

if [[ $BUILD == 1 ]]; then
    echo "== building the bench (Release)"
    dotnet build -c Release "$PROJECT" -nologo -v q -clp:ErrorsOnly
    if [[ $MQTTNET == 1 ]]; then
        echo "== building MQTTnet's server host (Release)"
        dotnet build -c Release "$MQTTNET_PROJECT" -nologo -v q -clp:ErrorsOnly
    fi
    if [[ $NOVA_DEFAULT == 1 ]]; then
        echo "== publishing NovaConsole (Release) to $NOVA_PUBLISH_DIR"
        dotnet publish -c Release "$ROOT/NovaConsole/NovaConsole.csproj" -o "$NOVA_PUBLISH_DIR" -nologo -v q -clp:ErrorsOnly
    fi
fi
if [[ $NOVA_DEFAULT == 1 && ! -x "$NOVA_PUBLISH_DIR/NovaConsole" ]]; then echo "no $NOVA_PUBLISH_DIR/NovaConsole: run without --no-build" >&2; exit 2; fi
if [[ $MQTTNET == 1 && ! -x "$MQTTNET_BROKER" ]]; then echo "no $MQTTNET_BROKER: run without --no-build" >&2; exit 2; fi

BROKERS="mosquitto"
if [[ -n "$NOVA" && $NOVA_ONLY == 1 ]]; then BROKERS="nova"; elif [[ -n "$NOVA" ]]; then BROKERS="mosquitto nova"; else echo "== our broker: no --nova/NOVA_CMD given, its column stays 'pending'"; fi
if [[ $MQTTNET == 1 ]]; then BROKERS="$BROKERS mqttnet"; fi

failures=0
for broker in $BROKERS; do
    for scenario in $SCENARIOS; do
        run_one "$broker" "$scenario" || { echo "!! $broker $scenario failed" >&2; failures=$((failures + 1)); }
    done
done

echo
echo "== results ($OUT)"
if [[ -f "$OUT/mosquitto.jsonl" ]]; then
    others=()
    [[ $MQTTNET == 1 ]] && others=(--others "mqttnet=$OUT/mqttnet.jsonl")
    "$BENCH" table --reference "$OUT/mosquitto.jsonl" --ours "$OUT/nova.jsonl" --reference-name mosquitto --ours-name nova "${others[@]}" | tee "$OUT/table.md"
fi
if (( failures > 0 )); then echo "$failures scenario run(s) failed" >&2; exit 1; fi
