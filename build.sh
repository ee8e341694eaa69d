#!/usr/bin/env bash
# Kiwi.NET build entry point.
#   ./build.sh          build everything (the C shim is compiled by the build itself)
#   ./build.sh test     build and run every test (not the soak runs)
#   ./build.sh soak     the long reliability runs (10,000 connections, 1 GiB echoed, 20M buffer ops, 10 min at 100 connections)
#   ./build.sh asan     the shim built with -fsanitize=address,undefined, and its tests run against it
#   ./build.sh demo     build and run the demo: an echo server and a client talking to it
#   ./build.sh pack     make the Kiwi.Interop and Kiwi.Net NuGet packages (both RIDs) in artifacts/packages
#   ./build.sh regen    regenerate src/Kiwi.Interop/Generated from the system headers, for linux-x64 and linux-arm64
#   ./build.sh bench    run the benchmarks (bench/run.sh; pass --quick or --full)
#   ./build.sh cross-test linux-arm64
#                       the arm64 layout probe under qemu, then Demo (echo) and PlatformCheck (epoll tokens) published
#                       self-contained for the RID and run under qemu-user, and a foreign Kiwi.Interop refused there
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The RID this machine runs, and the other one Kiwi.Interop is generated for (docs/INTEROP.md "Platforms").
case "$(uname -m)" in
    x86_64) host_rid=linux-x64 other_rid=linux-arm64 other_triple=aarch64-linux-gnu other_deb=arm64 other_qemu=qemu-aarch64 ;;
    aarch64) host_rid=linux-arm64 other_rid=linux-x64 other_triple=x86_64-linux-gnu other_deb=amd64 other_qemu=qemu-x86_64 ;;
    *) echo "build.sh: no Kiwi.Interop bindings for $(uname -m)" >&2; exit 1 ;;
esac

need_tools() {
    # gcc builds the shim; the other architecture's cross compiler, libc and kernel headers build its shim and read its
    # headers (the interop tests build both); qemu-user runs its probe; curl drives the HTTP example's test.
    # Installed only when missing.
    local missing=()
    command -v cc >/dev/null || missing+=(gcc)
    command -v curl >/dev/null || missing+=(curl)
    command -v "$other_triple-gcc" >/dev/null || missing+=("gcc-${other_triple//_/-}")
    [ -f "/usr/$other_triple/include/stdio.h" ] || missing+=("libc6-dev-$other_deb-cross")
    [ -f "/usr/$other_triple/include/linux/version.h" ] || missing+=("linux-libc-dev-$other_deb-cross")
    command -v "$other_qemu" >/dev/null || missing+=(qemu-user)
    if [ ${#missing[@]} -gt 0 ]; then
        echo "installing ${missing[*]} (Debian packages)" >&2
        apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

# Runs a program published for $rid: under qemu-user for the other architecture (QEMU_LD_PREFIX finds its loader and
# libc), bounded in time; prints its output and returns its exit code.
run_for() {
    local rid="$1"; shift
    if [ "$rid" = "$host_rid" ]; then
        timeout 120 "$@"
    else
        QEMU_LD_PREFIX="/usr/$other_triple" timeout 120 "$other_qemu" "$@"
    fi
}

check_rid() {
    if [ "$1" != linux-x64 ] && [ "$1" != linux-arm64 ]; then
        echo "usage: ./build.sh cross-test linux-x64|linux-arm64" >&2
        exit 2
    fi
}

# The layout probe of one RID: every struct, field and constant of its Kiwi.Interop against its C compiler's answer
# (run under qemu for the other architecture). A filter that matched nothing must not pass, so the result is read back.
cross_probe() {
    local rid="$1" log="artifacts/cross/probe-$1.log"
    echo "== $rid: layout probe (every struct, field and constant of the $rid build against its C compiler)"
    mkdir -p artifacts/cross
    dotnet build tests/Kiwi.Interop.Tests/Kiwi.Interop.Tests.csproj -c Release
    dotnet test tests/Kiwi.Interop.Tests/Kiwi.Interop.Tests.csproj -c Release --no-build \
        --filter "FullyQualifiedName~CLayoutProbeTests.EveryGenerated&DisplayName~$rid" --logger "console;verbosity=detailed" | tee "$log"
    if ! grep -q "Passed Kiwi.Interop.Tests.CLayoutProbeTests.EveryGeneratedStructFieldAndConstantMatchesTheCCompiler(rid: \"$rid\")" "$log" \
        || ! grep -q "^ *$rid: checked against .* 0 mismatches" "$log"; then
        echo "FAILED: the $rid layout probe did not pass" >&2
        exit 1
    fi
}

# Demo (echo) and PlatformCheck (epoll tokens) published self-contained for one RID and run there (under qemu-user for
# the other architecture), then PlatformCheck again with the other RID's Kiwi.Interop, which must refuse.
cross_run() {
    local rid="$1" out="artifacts/cross/$1" started=$SECONDS
    echo "== $rid: publishing Demo and PlatformCheck self-contained"
    rm -rf "$out"
    dotnet publish examples/Demo/Demo.csproj -c Release -r "$rid" --self-contained -o "$out/Demo"
    dotnet publish tests/PlatformCheck/PlatformCheck.csproj -c Release -r "$rid" --self-contained -o "$out/PlatformCheck"

    echo "== $rid: Demo (TcpServer echo on loopback, every byte checked)"
    run_for "$rid" "$out/Demo/Demo"
    echo "== $rid: PlatformCheck (epoll_wait returns the registered tokens)"
    run_for "$rid" "$out/PlatformCheck/PlatformCheck"

    # The other RID's Kiwi.Interop (AnyCPU, built without -r) in place of this one's must refuse at its first import.
    local foreign=linux-x64
    [ "$rid" = linux-x64 ] && foreign=linux-arm64
    echo "== $rid: PlatformCheck with the $foreign Kiwi.Interop must refuse with PlatformNotSupportedException"
    dotnet build src/Kiwi.Interop/Kiwi.Interop.csproj -c Release -p:KiwiRid="$foreign" \
        -p:OutDir="$PWD/$out/interop-$foreign/" -p:IntermediateOutputPath="obj/Release/anycpu-$foreign/"
    cp -r "$out/PlatformCheck" "$out/refusal"
    cp "$out/interop-$foreign/Kiwi.Interop.dll" "$out/refusal/Kiwi.Interop.dll"
    local refusal status=0
    refusal="$(run_for "$rid" "$out/refusal/PlatformCheck" 2>&1)" || status=$?
    head -n 3 <<<"$refusal"
    if [ $status -eq 0 ] || ! grep -q "PlatformNotSupportedException: Kiwi.Interop was generated for $foreign, but this process runs on $rid" <<<"$refusal"; then
        echo "FAILED: the $foreign Kiwi.Interop was not refused on $rid (exit $status)" >&2
        exit 1
    fi
    echo "== $rid: Demo, PlatformCheck and the refusal passed in $((SECONDS - started)) s"
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
        dotnet test Kiwi.sln -c Release --no-build --filter "Category!=Soak" "$@"
        # The other architecture's probe ran above (Kiwi.Interop.Tests); its programs run under qemu-user here,
        # unless the run was narrowed with dotnet test options (a focused run).
        if [ $# -eq 0 ]; then
            cross_run "$other_rid"
        fi
        ;;
    soak)
        need_tools
        dotnet build tests/Kiwi.Reliability.Tests/Kiwi.Reliability.Tests.csproj -c Release
        dotnet test tests/Kiwi.Reliability.Tests/Kiwi.Reliability.Tests.csproj -c Release --no-build \
            --filter "Category=Soak" --logger "console;verbosity=detailed" "$@"
        ;;
    asan)
        need_tools
        exec native/asan.sh "$@"
        ;;
    demo)
        need_tools
        dotnet run --project examples/Demo/Demo.csproj -c Release -- "$@"
        ;;
    pack)
        # .nupkg + .snupkg of both libraries: the host build in lib/, each RID's build and shim under runtimes/<rid>/
        # (src/Directory.Build.props has the version and the metadata, src/Directory.Build.targets the RID builds).
        # Extra arguments go to dotnet pack, e.g. -p:PackageOutputPath=DIR/.
        need_tools
        dotnet pack src/Kiwi.Packages.slnf -c Release "$@"
        ;;
    regen)
        need_tools
        dotnet run --project generator/Kiwi.Generator.csproj -c Release -- \
            --manifest generator/manifest.json --out src/Kiwi.Interop/Generated --rid linux-x64 --rid linux-arm64 "$@"
        ;;
    cross-test)
        need_tools
        check_rid "${1:-}"
        cross_probe "$1"
        cross_run "$1"
        ;;
    bench)
        need_tools
        exec bench/run.sh "$@"
        ;;
    *)
        echo "usage: ./build.sh [build|test|soak|asan|demo|pack|regen|bench|cross-test <rid>]" >&2
        exit 2
        ;;
esac
