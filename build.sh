#!/usr/bin/env bash
# Kiwi.NET build entry point.
#   ./build.sh          build everything (the C shim is compiled by the build itself)
#   ./build.sh test     build and run every test
#   ./build.sh demo     build and run the demo: an echo server and a client talking to it
#   ./build.sh regen    regenerate src/Kiwi.Interop/Generated from the system headers
#   ./build.sh bench    run the benchmarks (bench/run.sh; pass --quick or --full)
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

need_tools() {
    # gcc builds the shim; curl drives the HTTP example's test. Installed only when missing.
    local missing=()
    command -v cc >/dev/null || missing+=(gcc)
    command -v curl >/dev/null || missing+=(curl)
    if [ ${#missing[@]} -gt 0 ]; then
        echo "installing ${missing[*]} (Debian packages)" >&2
        apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

cmd="${1:-build}"
shift || true
case "$cmd" in
    build)
        need_tools
        dotnet build Kiwi.sln -c Release "$@"
        ;;
    test)
        need_tools
        dotnet build Kiwi.sln -c Release
        dotnet test Kiwi.sln -c Release --no-build "$@"
        ;;
    demo)
        need_tools
        dotnet run --project examples/Demo/Demo.csproj -c Release -- "$@"
        ;;
    regen)
        dotnet run --project generator/Kiwi.Generator.csproj -c Release -- \
            --manifest generator/manifest.json --out src/Kiwi.Interop/Generated "$@"
        ;;
    bench)
        need_tools
        exec bench/run.sh "$@"
        ;;
    *)
        echo "usage: ./build.sh [build|test|demo|regen|bench]" >&2
        exit 2
        ;;
esac
