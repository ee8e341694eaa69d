#!/usr/bin/env bash
# SEND_ZC measured on this machine: the C io_uring server (../shared/bench/echo_uring.c) beside a variant that
# echoes with IORING_OP_SEND_ZC (the buffer returned on the notification completion instead of the send's), in
# one pass of the echo matrix. The variant is derived from the reference by two substitutions at build time.
#   bench/send-zc.sh [--quick|--full]   → bench/results/send-zc-MODE.md
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:---quick}
OUT_DIR=bench/out/send-zc
mkdir -p "$OUT_DIR"
[ -f /usr/include/liburing.h ] || { apt-get update -qq && apt-get install -y -qq liburing-dev >/dev/null; }
sed -e 's/io_uring_prep_send(s, fd, bufs + (size_t)b \* BUFSZ, c->res, MSG_NOSIGNAL);/io_uring_prep_send_zc(s, fd, bufs + (size_t)b * BUFSZ, c->res, MSG_NOSIGNAL, 0);/' \
    -e 's/} else { give_back(bid);/} else { if (!(c->flags \& IORING_CQE_F_MORE)) give_back(bid);/' \
    ../shared/bench/echo_uring.c >"$OUT_DIR/echo_uring_zc.c"
grep -q io_uring_prep_send_zc "$OUT_DIR/echo_uring_zc.c" && grep -q 'IORING_CQE_F_MORE)) give_back' "$OUT_DIR/echo_uring_zc.c" ||
    { echo "send-zc.sh: echo_uring.c changed; the SEND_ZC substitutions no longer apply" >&2; exit 1; }
gcc -O2 -Wall -o "$OUT_DIR/echo_uring_zc" "$OUT_DIR/echo_uring_zc.c" -luring
exec bench/run.sh "$MODE" --only echo --servers "c curing curingzc" \
    --extra "curingzc=$PWD/$OUT_DIR/echo_uring_zc PORT 3600" --out "bench/results/send-zc-${MODE#--}.md"
