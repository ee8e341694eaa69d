#!/usr/bin/env bash
# The benchmark pass: the echo ping-pong matrix and the HTTP pass, Kiwi.NET beside its peers in one run.
#   bench/run.sh [--quick|--full] [--servers "c kiwi1 ..."] [--extra "NAME=COMMAND -p PORT"]... [--only echo|http]
#                [--no-syscalls] [--out FILE] [--http-out FILE]
# --extra adds an echo server of your own to the pass (e.g. an older build of EchoServers, for a same-pass before/after).
# Method (../shared/bench/README.md): server on CPU 0, load generator on CPU 1, a fresh server and
# a 1 s warm-up before each measured run, repetitions with the server order rotated, the median
# reported with its ratio to the C server (1 thread) measured in the same pass; the server's CPU time per message
# from /proc beside the rate; system calls per message from `strace -c -f` attached to the server for a short
# separate run (messages in that window counted from the bytes its sockets received, `ss -i`).
# The HTTP pass: examples/HttpHello (1 loop) and a Kestrel plaintext server under wrk -t1 -c100, one request per
# round trip and 16 pipelined, ratios to Kestrel. A wrong byte (pingpong exit status 2) fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SHARED=$(cd "$ROOT/../shared/bench" 2>/dev/null && pwd) || { echo "run.sh: ../shared/bench not found beside the repo" >&2; exit 1; }

MODE=quick
SERVERS_WANTED=""
OUT=""
HTTP_OUT=""
ONLY=""
SYSCALLS=1
EXTRA=()
usage() {
    echo "usage: bench/run.sh [--quick|--full] [--servers \"c kiwi1 ...\"] [--extra \"NAME=COMMAND -p PORT\"] [--only echo|http] [--no-syscalls] [--out FILE] [--http-out FILE]" >&2
    exit 2
}
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) MODE=quick ;;
        --full) MODE=full ;;
        --servers) SERVERS_WANTED="$2"; shift ;;
        --out) OUT="$2"; shift ;;
        --http-out) HTTP_OUT="$2"; shift ;;
        --extra) EXTRA+=("$2"); shift ;;
        --only) ONLY="$2"; shift; case "$ONLY" in echo|http) ;; *) usage ;; esac ;;
        --no-syscalls) SYSCALLS=0 ;;
        *) usage ;;
    esac
    shift
done

# Quick: 1 run × 1 s per cell and server (about 2.5 s with start-up and warm-up), plus one strace run per cell and
# server (about 4 s): 8 servers × 6 cells and the HTTP pass in about 7 min of measuring, after the builds.
# Full: 3 runs × 5 s, about 20 min of measuring.
if [ "$MODE" = full ]; then REPS=3; SECS=5; else REPS=1; SECS=1; fi
CONNS=(1 100 1000)
SIZES=(64 16384)
STRACE_SECS=1
HTTP_CONNS=100
HTTP_DEPTHS=(1 16)
HTTP_REQUEST_BYTES=35 # the fixed request of bench/http-pipeline.lua

# The tools this pass needs beyond build.sh's (Debian packages), installed only when missing.
missing=()
command -v strace >/dev/null || missing+=(strace)
command -v wrk >/dev/null || missing+=(wrk)
command -v ss >/dev/null || missing+=(iproute2)
[ -f /usr/include/liburing.h ] || missing+=(liburing-dev)
if [ ${#missing[@]} -gt 0 ]; then
    echo "run.sh: installing ${missing[*]} (Debian packages)" >&2
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

BIN="$ROOT/bench/out"
mkdir -p "$BIN" "$ROOT/bench/results"
gcc -O2 -Wall -o "$BIN/pingpong" "$SHARED/pingpong.c"
gcc -O2 -Wall -pthread -o "$BIN/echo_epoll" "$SHARED/echo_epoll.c"
gcc -O2 -Wall -o "$BIN/echo_uring" "$SHARED/echo_uring.c" -luring
dotnet build "$ROOT/bench/EchoServers/EchoServers.csproj" -c Release -o "$BIN/dotnet" -v quiet -nologo >/dev/null
ES="$BIN/dotnet/EchoServers"

# name → command (PORT is substituted); a server the EchoServers binary does not know is left out.
declare -A CMD=(
    [c]="$BIN/echo_epoll PORT 1"
    [curing]="$BIN/echo_uring PORT 3600"
    [kiwi1]="$ES reactor -p PORT -t 1"
    [kiwi2]="$ES reactor -p PORT -t 2"
    [sns]="$ES sns -p PORT"
    [proactor]="$ES proactor -p PORT -t 1"
)
ORDER=(c curing kiwi1 kiwi2 rawepoll proactor sns dotnetty)
KNOWN=$("$ES" --list 2>/dev/null || true)

# build_server NAME PROJECT_FOLDER ARGS...: builds that project in Release and maps NAME to its program; a build
# failure fails the run.
build_server() {
    local name=$1 folder=$2 proj base dir
    shift 2
    proj=$(ls "$ROOT/$folder"/*.csproj 2>/dev/null | head -1 || true)
    if [ -z "$proj" ]; then
        echo "run.sh: $folder has no project" >&2
        exit 1
    fi
    base=$(basename "$proj" .csproj)
    dir="$BIN/$folder"
    dotnet build "$proj" -c Release -o "$dir" -v quiet -nologo >"$BIN/build-$name.log" ||
        { cat "$BIN/build-$name.log" >&2; echo "run.sh: $folder does not build" >&2; exit 1; }
    if [ -x "$dir/$base" ]; then CMD[$name]="$dir/$base $*"; else CMD[$name]="dotnet $dir/$base.dll $*"; fi
}
# wanted NAME: the echo pass runs NAME (every server unless --servers names some).
wanted() { [ "$ONLY" != http ] && { [ -z "$SERVERS_WANTED" ] || [[ " $SERVERS_WANTED " == *" $1 "* ]]; }; }
# Servers that live in examples/, and the peers (other .NET stacks, bench/Peers, not in Kiwi.sln); each is built
# only when this pass runs it, and otherwise still known by name.
for name in rawepoll dotnetty; do CMD[$name]="unbuilt"; done
! wanted rawepoll || build_server rawepoll examples/EpollEcho -p PORT --mode et
! wanted dotnetty || build_server dotnetty bench/Peers/DotNettyEcho -p PORT -t 1
[ "$ONLY" = echo ] || build_server hello examples/HttpHello -p PORT -t 1
[ "$ONLY" = echo ] || build_server kestrel bench/Peers/KestrelHello -p PORT

KNOWN_NAMES=" ${ORDER[*]} "
for x in ${EXTRA[@]+"${EXTRA[@]}"}; do
    CMD[${x%%=*}]=${x#*=}; ORDER+=("${x%%=*}"); KNOWN_NAMES="$KNOWN_NAMES${x%%=*} "
done

SERVERS=()
[ "$ONLY" = http ] && ORDER=() && SERVERS_WANTED=""
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
# in tier-0 code and background JIT work inside the measured seconds. The C servers need no such help.
export DOTNET_TieredCompilation=0

ulimit -n 65536 2>/dev/null || ulimit -n 20000
RAW=$(mktemp)
SC=$(mktemp)
HRAW=$(mktemp)
PORT=24000
server_pid=""
client_pid=""
cleanup() {
    [ -n "$client_pid" ] && kill "$client_pid" 2>/dev/null || true
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    rm -f "$RAW" "$RAW".* "$SC" "$HRAW"
}
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

# start_server NAME: a fresh server on a fresh port on CPU 0; sets PORT and server_pid.
start_server() {
    PORT=$((PORT + 1))
    # Below the ephemeral range (32768+), and skipping ports someone else holds, so the server can bind.
    while ! port_free "$PORT"; do PORT=$((PORT + 1)); done
    local cmd=${CMD[$1]//PORT/$PORT}
    taskset -c 0 $cmd >/dev/null 2>&1 &
    server_pid=$!
    # Callers run in a subshell (the EXIT trap does not apply there): stop the server before failing.
    wait_listening "$PORT" || { kill "$server_pid" 2>/dev/null; exit 1; }
}

stop_server() { kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

# cpu_ticks PID: user + system clock ticks of every thread of the process so far (/proc/PID/stat fields 14 and 15).
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }

# received_bytes PORT: bytes received so far by the server's established connections on PORT.
received_bytes() {
    ss -tinH state established "( sport = :$1 )" | grep -o 'bytes_received:[0-9]*' | awk -F: '{s += $2} END {print s + 0}'
}

# syscall_window PID PORT BYTES_PER_MESSAGE: attaches strace -c -f to the running server for STRACE_SECS while the
# load runs and prints "system calls per message, writes per message" over that window.
syscall_window() {
    local pid=$1 port=$2 per=$3 spid b0 b1
    strace -f -c -o "$RAW.strace" -p "$pid" 2>"$RAW.strace.err" &
    spid=$!
    for _ in $(seq 1 100); do grep -q attached "$RAW.strace.err" 2>/dev/null && break; sleep 0.05; done
    b0=$(received_bytes "$port")
    sleep "$STRACE_SECS"
    b1=$(received_bytes "$port")
    kill -INT "$spid" 2>/dev/null; wait "$spid" 2>/dev/null || true
    # strace -c rows: % time, seconds, µs/call, calls, [errors,] name; "total" is the last row.
    awk -v m="$(((b1 - b0) / per))" '
        $NF == "total" { total = $4 }
        $NF ~ /^(write|writev|send|sendto|sendmsg|sendmmsg|pwrite64|pwritev|pwritev2)$/ { writes += $4 }
        END { if (m > 0) printf "%.3f %.3f\n", total / m, writes / m; else print "- -" }' "$RAW.strace"
}

run_one() { # server conns size → prints "msgs/s server-µs-per-message"
    local s=$1 c=$2 z=$3 line status cpu
    start_server "$s"
    set +e
    # The warm-up is repeated (5 s at most) while a server still starting on a busy core completes no round trip.
    for _ in 1 2 3 4 5; do
        taskset -c 1 "$BIN/pingpong" 127.0.0.1 "$PORT" "$c" "$z" 1 >/dev/null 2>"$RAW.last"
        status=$?
        [ $status -eq 2 ] && grep -q 'no round trip completed' "$RAW.last" || break
    done
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
    stop_server
    if [ $status -eq 2 ]; then echo "run.sh: WRONG BYTES from $s (conns=$c size=$z)" >&2; tail -3 "$RAW.err" >&2; exit 2; fi
    [ $status -eq 0 ] || { echo "run.sh: pingpong failed against $s ($status)" >&2; exit 1; }
    local rate
    rate=$(sed -n 's/.*msgs_per_s=\([0-9.]*\).*/\1/p' <<<"$line")
    # Server CPU time per message (all threads, user + system): less sensitive to other load than msgs/s.
    awk -v r="$rate" -v p="${cpu:-0}" 'BEGIN{printf "%s %.2f\n", r, (r > 0 ? p * 1e4 / r : 0)}'
}

# traced_run SERVER BYTES_PER_MESSAGE LOAD ARGS...: a fresh server under the load of the function LOAD (called with
# the server's port and ARGS, in the background; it execs its client, which runs well past the window and is
# stopped after it); after a 1 s lead-in (connections made, code compiled) the strace window; prints
# "syscalls-per-message writes-per-message".
traced_run() {
    local s=$1 per=$2 load=$3 result
    shift 3
    start_server "$s"
    "$load" "$PORT" "$@" >/dev/null 2>&1 &
    client_pid=$!
    sleep 1
    result=$(syscall_window "$server_pid" "$PORT" "$per")
    kill "$client_pid" 2>/dev/null; wait "$client_pid" 2>/dev/null || true
    client_pid=""
    stop_server
    echo "$result"
}

pingpong_load() { exec taskset -c 1 "$BIN/pingpong" 127.0.0.1 "$1" "$2" "$3" $((STRACE_SECS + 30)); } # port conns size

syscalls_one() { # server conns size → prints "syscalls-per-message writes-per-message" from a short traced run
    traced_run "$1" "$3" pingpong_load "$2" "$3"
}

# --- the echo matrix ---
median() { # file column server conns size → median of that column over the repetitions
    awk -v k="$2" -v s="$3" -v c="$4" -v z="$5" '$1==s && $2==c && $3==z {print $k}' "$1" | sort -g | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]}'
}
# ratio KIND VALUE REFERENCE [SERVER REFERENCE_SERVER]: " (×r)" where above 1 is better than the reference
# (rates: value/ref; costs: ref/value); nothing for the reference server's own row.
ratio() {
    [ $# -ge 5 ] && [ "$4" = "$5" ] && return 0
    awk -v k="$1" -v m="$2" -v r="$3" 'BEGIN {
        if (m == "" || r == "" || m == "-" || r == "-" || m + 0 == 0 || r + 0 == 0) { print ""; exit }
        printf " (×%.2f)", (k == "rate" ? m / r : r / m) }'
}
# cell_table RAW REFERENCE UNIT KEY2 KEY3 SERVER...: one cell's table (rate, server CPU, system calls and writes per
# UNIT) with ratios to the REFERENCE server; KEY2 and KEY3 are the cell's columns 2 and 3 in RAW and in $SC.
cell_table() {
    local raw=$1 ref=$2 unit=$3 k2=$4 k3=$5 s rate cpu sc wr
    shift 5
    echo "| server | ${unit}s/s | server CPU µs/$unit | syscalls/$unit | writes/$unit |"
    echo "|---|---:|---:|---:|---:|"
    for s in "$@"; do
        rate=$(median "$raw" 4 "$s" "$k2" "$k3"); cpu=$(median "$raw" 5 "$s" "$k2" "$k3")
        sc=$(median "$SC" 4 "$s" "$k2" "$k3"); wr=$(median "$SC" 5 "$s" "$k2" "$k3")
        printf '| %s | %s%s | %s%s | %s | %s |\n' "$s" "${rate:-–}" "$(ratio rate "$rate" "$(median "$raw" 4 "$ref" "$k2" "$k3")" "$s" "$ref")" \
            "${cpu:-–}" "$(ratio cost "$cpu" "$(median "$raw" 5 "$ref" "$k2" "$k3")" "$s" "$ref")" "${sc:-–}" "${wr:-–}"
    done
}
echo_tables() { # the per-cell tables, then one row per server of CPU ratios across the cells
    local c z s cpu
    for c in "${CONNS[@]}"; do for z in "${SIZES[@]}"; do
        echo "### $c connection(s) × $z bytes"
        echo
        cell_table "$RAW" c msg "$c" "$z" "${SERVERS[@]}"
        echo
    done; done
    local header="| server |" rule="|---|" row
    for c in "${CONNS[@]}"; do for z in "${SIZES[@]}"; do header="$header ${c}×${z} |"; rule="$rule---:|"; done; done
    echo "Summary: server CPU µs per message (ratio C ÷ server, above 1 = less CPU than C \`echo_epoll\`)."
    echo
    echo "$header"; echo "$rule"
    for s in "${SERVERS[@]}"; do
        row="| $s |"
        for c in "${CONNS[@]}"; do for z in "${SIZES[@]}"; do
            cpu=$(median "$RAW" 5 "$s" "$c" "$z")
            row="$row ${cpu:-–}$(ratio cost "$cpu" "$(median "$RAW" 5 c "$c" "$z")" "$s" c) |"
        done; done
        echo "$row"
    done
}

machine_line() {
    echo "Machine: $(nproc) cores, $(awk -F: '/model name/{print $2; exit}' /proc/cpuinfo | sed 's/^ *//'), $(uname -r), $(dotnet --version) SDK, $(date -u '+%Y-%m-%d %H:%M UTC'), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
}

if [ "$ONLY" != http ]; then
    echo "bench: echo mode=$MODE reps=$REPS seconds=$SECS servers=${SERVERS[*]}" >&2
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
    if [ "$SYSCALLS" = 1 ]; then
        for c in "${CONNS[@]}"; do for z in "${SIZES[@]}"; do for s in "${SERVERS[@]}"; do
            result=$(syscalls_one "$s" "$c" "$z") || exit $?
            echo "$s $c $z $result" >>"$SC"
            printf '  strace %-9s conns=%-4d size=%-5d %s syscalls/msg, writes/msg\n' "$s" "$c" "$z" "$result" >&2
        done; done; done
    fi

    OUT=${OUT:-$ROOT/bench/results/echo-$MODE.md}
    {
        echo "Echo ping-pong, median of $REPS run(s) × ${SECS} s; ratios to C \`echo_epoll\` (1 thread) of the same pass."
        machine_line
        echo
        echo "msgs/s: ratio server ÷ C (above 1 = faster). Server CPU: user + system time of all its threads per echoed"
        echo "message, ratio C ÷ server (above 1 = less CPU than C); it moves less than msgs/s when other work shares the"
        echo "machine. System calls and writes (write, writev, send*) per message: \`strace -c -f\` attached to the server"
        echo "for ${STRACE_SECS} s of a separate run (– when not measured); strace slows the server, so these count work, not time."
        echo
        echo_tables
    } >"$OUT"
    cat "$OUT"
fi

# --- the HTTP pass ---
# http_run SERVER DEPTH → prints "requests/s server-µs-per-request"
http_run() {
    local s=$1 depth=$2 t0 t1 out rate hz
    start_server "$s"
    local url="http://127.0.0.1:$PORT/" script="$ROOT/bench/http-pipeline.lua"
    taskset -c 1 wrk -t1 -c"$HTTP_CONNS" -d1s -s "$script" "$url" -- "$depth" >/dev/null 2>&1 ||
        { stop_server; echo "run.sh: wrk warm-up against $s failed" >&2; exit 1; }
    t0=$(cpu_ticks "$server_pid")
    out=$(taskset -c 1 wrk -t1 -c"$HTTP_CONNS" -d"${SECS}s" -s "$script" "$url" -- "$depth" 2>&1) ||
        { stop_server; echo "run.sh: wrk against $s failed: $out" >&2; exit 1; }
    t1=$(cpu_ticks "$server_pid")
    stop_server
    echo "$out" >>"$HRAW.log"
    if grep -q 'Non-2xx\|Socket errors' <<<"$out"; then echo "run.sh: errors from $s under wrk:" >&2; echo "$out" >&2; exit 1; fi
    rate=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    hz=$(getconf CLK_TCK)
    # Elapsed time is wrk's (requests ÷ rate), so CPU per request = ticks ÷ hz ÷ requests.
    awk -v r="$rate" -v d="$((t1 - t0))" -v hz="$hz" -v n="$(awk '/requests in/ {print $1}' <<<"$out")" \
        'BEGIN {printf "%.0f %.2f\n", r, (n > 0 ? d / hz * 1e6 / n : 0)}'
}

wrk_load() { # port depth
    exec taskset -c 1 wrk -t1 -c"$HTTP_CONNS" -d$((STRACE_SECS + 30))s -s "$ROOT/bench/http-pipeline.lua" "http://127.0.0.1:$1/" -- "$2"
}

http_syscalls() { # server depth → "syscalls-per-request writes-per-request"
    traced_run "$1" "$HTTP_REQUEST_BYTES" wrk_load "$2"
}

if [ "$ONLY" != echo ]; then
    HTTP_SERVERS=(kestrel hello)
    echo "bench: http mode=$MODE reps=$REPS seconds=$SECS servers=${HTTP_SERVERS[*]}" >&2
    for rep in $(seq 1 "$REPS"); do
        for d in "${HTTP_DEPTHS[@]}"; do
            for i in 0 1; do
                s=${HTTP_SERVERS[$(((i + rep - 1) % 2))]}
                result=$(http_run "$s" "$d") || exit $?
                echo "$s $HTTP_CONNS $d $result" >>"$HRAW"
                printf '  rep %d %-8s pipelined=%-2d %10.0f req/s %7.2f µs server CPU/req\n' "$rep" "$s" "$d" $result >&2
            done
        done
    done
    if [ "$SYSCALLS" = 1 ]; then
        for d in "${HTTP_DEPTHS[@]}"; do for s in "${HTTP_SERVERS[@]}"; do
            result=$(http_syscalls "$s" "$d") || exit $?
            echo "$s $HTTP_CONNS $d $result" >>"$SC"
            printf '  strace %-8s pipelined=%-2d %s syscalls/req, writes/req\n' "$s" "$d" "$result" >&2
        done; done
    fi

    HTTP_OUT=${HTTP_OUT:-$ROOT/bench/results/http-$MODE.md}
    {
        echo "HTTP plaintext, \`wrk -t1 -c$HTTP_CONNS\` (bench/http-pipeline.lua), median of $REPS run(s) × ${SECS} s; ratios to Kestrel of the same pass."
        machine_line
        echo
        echo "\`hello\` is examples/HttpHello with 1 loop; \`kestrel\` is bench/Peers/KestrelHello (ASP.NET Core, CreateSlimBuilder,"
        echo "no logging, one RequestDelegate). Server CPU per request: ratio Kestrel ÷ server (above 1 = less CPU). System calls"
        echo "and writes per request: \`strace -c -f\` attached to the server for ${STRACE_SECS} s of a separate run (– when not measured)."
        for d in "${HTTP_DEPTHS[@]}"; do
            echo
            if [ "$d" = 1 ]; then echo "### One request per round trip"; else echo "### $d requests pipelined per round trip"; fi
            echo
            cell_table "$HRAW" kestrel request "$HTTP_CONNS" "$d" "${HTTP_SERVERS[@]}"
        done
    } >"$HTTP_OUT"
    cat "$HTTP_OUT"
fi
