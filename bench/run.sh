#!/usr/bin/env bash
# The echo ping-pong matrix: Kiwi.NET servers side by side with the C reference in one run.
#   bench/run.sh [--quick|--full] [--servers "c kiwi1 ..."] [--extra "NAME=COMMAND -p PORT"]... [--out FILE]
# --extra adds a server of your own to the pass (e.g. an older build of EchoServers, for a same-pass before/after).
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
EXTRA=()
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) MODE=quick ;;
        --full) MODE=full ;;
        --servers) SERVERS_WANTED="$2"; shift ;;
        --out) OUT="$2"; shift ;;
        --extra) EXTRA+=("$2"); shift ;;
        *) echo "usage: bench/run.sh [--quick|--full] [--servers \"c kiwi1 ...\"] [--extra \"NAME=COMMAND -p PORT\"] [--out FILE]" >&2; exit 2 ;;
    esac
    shift
done

# Quick: 1 run × 1 s per cell and server (about 2.5 s with start-up and warm-up: 6 servers × 6 cells < 2 min).
if [ "$MODE" = full ]; then REPS=3; SECS=5; else REPS=1; SECS=1; fi
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
    [sns]="$ES sns -p PORT"
    [proactor]="$ES proactor -p PORT -t 1"
)
ORDER=(c kiwi1 kiwi2 rawepoll sns proactor)
KNOWN=$("$ES" --list 2>/dev/null || true)

# --- servers that live in examples/ ---
# example_server NAME FOLDER ARGS...: builds examples/FOLDER in Release and maps NAME to its program; a build failure fails the run.
example_server() {
    local name=$1 folder=$2 proj base dir
    shift 2
    proj=$(ls "$ROOT/examples/$folder"/*.csproj 2>/dev/null | head -1 || true)
    if [ -z "$proj" ]; then
        echo "run.sh: examples/$folder has no project" >&2
        exit 1
    fi
    base=$(basename "$proj" .csproj)
    dir="$BIN/examples/$folder"
    dotnet build "$proj" -c Release -o "$dir" -v quiet -nologo >"$BIN/build-$folder.log" ||
        { cat "$BIN/build-$folder.log" >&2; echo "run.sh: examples/$folder does not build" >&2; exit 1; }
    if [ -x "$dir/$base" ]; then CMD[$name]="$dir/$base $*"; else CMD[$name]="dotnet $dir/$base.dll $*"; fi
}
example_server rawepoll EpollEcho -p PORT --mode et
# --- end of the examples/ servers ---

KNOWN_NAMES=" ${ORDER[*]} "
for x in ${EXTRA[@]+"${EXTRA[@]}"}; do
    CMD[${x%%=*}]=${x#*=}; ORDER+=("${x%%=*}"); KNOWN_NAMES="$KNOWN_NAMES${x%%=*} "
done

SERVERS=()
for s in ${SERVERS_WANTED:-${ORDER[*]}}; do
    case "$KNOWN_NAMES" in *" $s "*) ;; *) echo "run.sh: unknown server $s" >&2; exit 2 ;; esac
    kind=$(awk '{print $2}' <<<"${CMD[$s]}")
    if [ "${CMD[$s]#"$ES "}" = "${CMD[$s]}" ] || grep -qx "$kind" <<<"$KNOWN"; then
        SERVERS+=("$s")
    else
        echo "run.sh: leaving out $s (EchoServers does not offer it yet)" >&2
    fi
done
# .NET servers run fully optimised from the first call: with tiering, the 1 s warm-up on a shared core still ends
# in tier-0 code and background JIT work inside the measured seconds. The C server needs no such help.
export DOTNET_TieredCompilation=0

ulimit -n 65536 2>/dev/null || ulimit -n 20000
RAW=$(mktemp)
PORT=24000
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; rm -f "$RAW" "$RAW.err" "$RAW.last"; }
trap cleanup EXIT

wait_listening() {
    for _ in $(seq 1 100); do
        ss -ltnH "sport = :$1" | grep -q . && return 0
        sleep 0.05
    done
    echo "run.sh: server on port $1 did not listen within 5 s" >&2
    return 1
}

port_free() { ! ss -tanH "sport = :$1" | grep -q .; }

run_one() { # server conns size → prints "msgs/s server-µs-per-message"
    local s=$1 c=$2 z=$3 line status cpu
    PORT=$((PORT + 1))
    # Below the ephemeral range (32768+), and skipping ports someone else holds, so the server can bind.
    while ! port_free "$PORT"; do PORT=$((PORT + 1)); done
    local cmd=${CMD[$s]//PORT/$PORT}
    taskset -c 0 $cmd >/dev/null 2>&1 &
    server_pid=$!
    # run_one runs in a subshell (the caller's EXIT trap does not apply here): stop the server before failing.
    wait_listening "$PORT" || { kill "$server_pid" 2>/dev/null; exit 1; }
    set +e
    taskset -c 1 "$BIN/pingpong" 127.0.0.1 "$PORT" "$c" "$z" 1 >/dev/null 2>"$RAW.last"
    status=$?
    if [ $status -ne 0 ]; then
        kill "$server_pid" 2>/dev/null
        echo "run.sh: warm-up against $s failed ($status)" >&2; tail -3 "$RAW.last" >&2
        exit $((status == 2 ? 2 : 1))
    fi
    line=$(PP_SERVER_PID=$server_pid taskset -c 1 "$BIN/pingpong" 127.0.0.1 "$PORT" "$c" "$z" "$SECS" 2>"$RAW.last")
    status=$?
    set -e
    cat "$RAW.last" >>"$RAW.err"
    cpu=$(sed -n 's/.*server_cpu=\([0-9.]*\)%.*/\1/p' "$RAW.last" | tail -1)
    kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true
    server_pid=""
    if [ $status -eq 2 ]; then echo "run.sh: WRONG BYTES from $s (conns=$c size=$z)" >&2; tail -3 "$RAW.err" >&2; exit 2; fi
    [ $status -eq 0 ] || { echo "run.sh: pingpong failed against $s ($status)" >&2; exit 1; }
    local rate
    rate=$(sed -n 's/.*msgs_per_s=\([0-9.]*\).*/\1/p' <<<"$line")
    # Server CPU time per message (all threads, user + system): less sensitive to other load than msgs/s.
    awk -v r="$rate" -v p="${cpu:-0}" 'BEGIN{printf "%s %.2f\n", r, (r > 0 ? p * 1e4 / r : 0)}'
}

echo "bench: mode=$MODE reps=$REPS seconds=$SECS servers=${SERVERS[*]}" >&2
for rep in $(seq 1 "$REPS"); do
    for c in "${CONNS[@]}"; do
        for z in "${SIZES[@]}"; do
            n=${#SERVERS[@]}
            for i in $(seq 0 $((n - 1))); do
                s=${SERVERS[$(((i + rep - 1) % n))]}
                result=$(run_one "$s" "$c" "$z") || exit $? # 2: wrong bytes
                read -r v us <<<"$result"
                echo "$s $c $z $v $us" >>"$RAW"
                printf '  rep %d %-9s conns=%-4d size=%-5d %12.0f msgs/s %7.2f µs server CPU/msg\n' "$rep" "$s" "$c" "$z" "$v" "$us" >&2
            done
        done
    done
done

OUT=${OUT:-$ROOT/bench/results/echo-$MODE.md}
median() { # column server conns size → median of that column over the repetitions
    awk -v k="$1" -v s="$2" -v c="$3" -v z="$4" '$1==s && $2==c && $3==z {print $k}' "$RAW" | sort -g | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]}'
}
table() { # column format: one row per server, the C server's cell as the reference
    local k=$1 what=$2 header="| server |" rule="|---|" row med ref
    for c in "${CONNS[@]}"; do for z in "${SIZES[@]}"; do header="$header ${c}×${z} |"; rule="$rule---:|"; done; done
    echo "$header"; echo "$rule"
    for s in "${SERVERS[@]}"; do
        row="| $s |"
        for c in "${CONNS[@]}"; do for z in "${SIZES[@]}"; do
            med=$(median "$k" "$s" "$c" "$z"); ref=$(median "$k" c "$c" "$z")
            if [ -z "$med" ]; then row="$row – |"
            elif [ "$s" = c ] || [ -z "$ref" ]; then row="$row $(printf "$what" "$med") |"
            elif [ "$k" = 4 ]; then row="$row $(awk -v m="$med" -v r="$ref" -v f="$what" 'BEGIN{printf f " (×%.2f)", m, m/r}') |"
            else row="$row $(awk -v m="$med" -v r="$ref" -v f="$what" 'BEGIN{printf f " (×%.2f)", m, (m > 0 ? r/m : 0)}') |"; fi
        done; done
        echo "$row"
    done
}
{
    echo "Echo ping-pong, median msgs/s of $REPS run(s) × ${SECS} s (ratio to C echo_epoll, 1 thread, same pass)."
    echo "Machine: $(nproc) cores, $(awk -F: '/model name/{print $2; exit}' /proc/cpuinfo | sed 's/^ *//'), $(uname -r), $(dotnet --version) SDK, $(date -u '+%Y-%m-%d %H:%M UTC'), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    table 4 "%.0f"
    echo
    echo "Server CPU time per message, µs (user + system, all threads; median). The ratio is C's time divided by the"
    echo "server's, so above 1 means less CPU per message than C. It moves less than msgs/s when other work shares the machine."
    echo
    table 5 "%.2f"
} >"$OUT"
cat "$OUT"
