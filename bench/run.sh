#!/usr/bin/env bash
# The echo ping-pong matrix: Kiwi.NET servers side by side with the C reference in one run.
#   bench/run.sh [--quick|--full] [--servers "c kiwi1 ..."] [--out FILE]
# Method (../shared/bench/README.md): server on CPU 0, load generator on CPU 1, a fresh server and
# a 1 s warm-up before each measured run, repetitions with the server order rotated, the median
# reported with its ratio to the C server (1 thread) measured in the same pass.
# A wrong byte (pingpong exit status 2) fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SHARED=$(cd "$ROOT/../shared/bench" 2>/dev/null && pwd) || { echo "run.sh: ../shared/bench not found beside the repo" >&2; exit 1; }

MODE=quick
SERVERS_WANTED=""
OUT=""
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) MODE=quick ;;
        --full) MODE=full ;;
        --servers) SERVERS_WANTED="$2"; shift ;;
        --out) OUT="$2"; shift ;;
        *) echo "usage: bench/run.sh [--quick|--full] [--servers \"c kiwi1 ...\"] [--out FILE]" >&2; exit 2 ;;
    esac
    shift
done

if [ "$MODE" = full ]; then REPS=3; SECS=5; else REPS=1; SECS=2; fi
CONNS=(1 100 1000)
SIZES=(64 16384)

BIN="$ROOT/bench/out"
mkdir -p "$BIN" "$ROOT/bench/results"
gcc -O2 -Wall -o "$BIN/pingpong" "$SHARED/pingpong.c"
gcc -O2 -Wall -pthread -o "$BIN/echo_epoll" "$SHARED/echo_epoll.c"
dotnet build "$ROOT/bench/EchoServers/EchoServers.csproj" -c Release -o "$BIN/dotnet" -v quiet -nologo >/dev/null
ES="$BIN/dotnet/EchoServers"

# name → command (PORT is substituted); a server the EchoServers binary does not know is left out.
declare -A CMD=(
    [c]="$BIN/echo_epoll PORT 1"
    [kiwi1]="$ES reactor -p PORT -t 1"
    [kiwi2]="$ES reactor -p PORT -t 2"
    [rawepoll]="$ES rawepoll -p PORT"
    [sns]="$ES sns -p PORT"
    [proactor]="$ES proactor -p PORT -t 1"
)
ORDER=(c kiwi1 kiwi2 rawepoll sns proactor)
KNOWN=$("$ES" --list 2>/dev/null || true)
SERVERS=()
for s in ${SERVERS_WANTED:-${ORDER[*]}}; do
    [ -n "${CMD[$s]:-}" ] || { echo "run.sh: unknown server $s" >&2; exit 2; }
    kind=$(awk '{print $2}' <<<"${CMD[$s]}")
    if [ "$s" = c ] || grep -qx "$kind" <<<"$KNOWN"; then
        SERVERS+=("$s")
    else
        echo "run.sh: leaving out $s (EchoServers does not offer it yet)" >&2
    fi
done

ulimit -n 65536 2>/dev/null || ulimit -n 20000
RAW=$(mktemp)
PORT=24000
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; rm -f "$RAW"; }
trap cleanup EXIT

wait_listening() {
    for _ in $(seq 1 100); do
        ss -ltnH "sport = :$1" | grep -q . && return 0
        sleep 0.05
    done
    echo "run.sh: server on port $1 did not listen within 5 s" >&2
    return 1
}

run_one() { # server conns size → prints msgs/s
    local s=$1 c=$2 z=$3 line status
    PORT=$((PORT + 1))
    local cmd=${CMD[$s]//PORT/$PORT}
    taskset -c 0 $cmd >/dev/null 2>&1 &
    server_pid=$!
    wait_listening "$PORT"
    taskset -c 1 "$BIN/pingpong" 127.0.0.1 "$PORT" "$c" "$z" 1 >/dev/null 2>&1 || { status=$?; echo "run.sh: warm-up against $s failed ($status)" >&2; exit 1; }
    set +e
    line=$(PP_SERVER_PID=$server_pid taskset -c 1 "$BIN/pingpong" 127.0.0.1 "$PORT" "$c" "$z" "$SECS" 2>>"$RAW.err")
    status=$?
    set -e
    kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true
    server_pid=""
    if [ $status -eq 2 ]; then echo "run.sh: WRONG BYTES from $s (conns=$c size=$z)" >&2; tail -3 "$RAW.err" >&2; exit 2; fi
    [ $status -eq 0 ] || { echo "run.sh: pingpong failed against $s ($status)" >&2; exit 1; }
    sed -n 's/.*msgs_per_s=\([0-9.]*\).*/\1/p' <<<"$line"
}

echo "bench: mode=$MODE reps=$REPS seconds=$SECS servers=${SERVERS[*]}" >&2
for rep in $(seq 1 "$REPS"); do
    for c in "${CONNS[@]}"; do
        for z in "${SIZES[@]}"; do
            n=${#SERVERS[@]}
            for i in $(seq 0 $((n - 1))); do
                s=${SERVERS[$(((i + rep - 1) % n))]}
                v=$(run_one "$s" "$c" "$z")
                echo "$s $c $z $v" >>"$RAW"
                printf '  rep %d %-9s conns=%-4d size=%-5d %12.0f msgs/s\n' "$rep" "$s" "$c" "$z" "$v" >&2
            done
        done
    done
done

OUT=${OUT:-$ROOT/bench/results/echo-$MODE.md}
{
    echo "Echo ping-pong, median msgs/s of $REPS run(s) × ${SECS} s (ratio to C echo_epoll, 1 thread, same pass)."
    echo "Machine: $(nproc) cores, $(awk -F: '/model name/{print $2; exit}' /proc/cpuinfo | sed 's/^ *//'), $(uname -r), $(dotnet --version) SDK, $(date -u +%Y-%m-%d)."
    echo
    header="| server |"; rule="|---|"
    for c in "${CONNS[@]}"; do for z in "${SIZES[@]}"; do header="$header ${c}×${z} |"; rule="$rule---:|"; done; done
    echo "$header"; echo "$rule"
    for s in "${SERVERS[@]}"; do
        row="| $s |"
        for c in "${CONNS[@]}"; do for z in "${SIZES[@]}"; do
            med=$(awk -v s="$s" -v c="$c" -v z="$z" '$1==s && $2==c && $3==z {print $4}' "$RAW" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
            ref=$(awk -v c="$c" -v z="$z" '$1=="c" && $2==c && $3==z {print $4}' "$RAW" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
            if [ "$s" = c ] || [ -z "$ref" ]; then row="$row $(printf '%.0f' "$med") |"
            else row="$row $(awk -v m="$med" -v r="$ref" 'BEGIN{printf "%.0f (×%.2f)", m, m/r}') |"; fi
        done; done
        echo "$row"
    done
} >"$OUT"
cat "$OUT"
