#!/usr/bin/env bash
# The shim under AddressSanitizer + UndefinedBehaviorSanitizer (./build.sh asan): builds the tests, puts an
# instrumented libkiwi_shim.so next to them, runs the interop and socket tests with the sanitizer runtimes
# preloaded (the managed host is not instrumented, so they must come first), and fails on any report.
# The normal shim is put back afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

projects=(tests/Kiwi.Interop.Tests/Kiwi.Interop.Tests.csproj tests/Kiwi.Net.Tests/Kiwi.Net.Tests.csproj)
out=artifacts/asan
rm -rf "$out" && mkdir -p "$out"

for project in "${projects[@]}"; do
    dotnet build "$project" -c Release
done

cc -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined \
    -fPIC -Wall -Wextra -Werror -shared -o "$out/libkiwi_shim.so" native/kiwi_shim.c

case "$(uname -m)" in
    aarch64) rid=linux-arm64 ;;
    *) rid=linux-x64 ;;
esac
restore() {
    for project in "${projects[@]}"; do
        cp "artifacts/native/$rid/libkiwi_shim.so" "$(dirname "$project")/bin/Release/net10.0/libkiwi_shim.so"
    done
}
trap restore EXIT
for project in "${projects[@]}"; do
    cp "$out/libkiwi_shim.so" "$(dirname "$project")/bin/Release/net10.0/libkiwi_shim.so"
done

# Leak detection is off: the runtime's own allocations are not the shim's. Reports go to files, one per process.
export ASAN_OPTIONS="detect_leaks=0:log_path=$PWD/$out/report:handle_segv=0:allow_user_segv_handler=1:use_sigaltstack=0"
export UBSAN_OPTIONS="print_stacktrace=1:log_path=$PWD/$out/report"
preload="$(cc -print-file-name=libasan.so) $(cc -print-file-name=libubsan.so)"
status=0
for project in "${projects[@]}"; do
    # The generator tests run libclang and the C compiler as children, which need no sanitizer: only the shim's users run.
    LD_PRELOAD="$preload" dotnet test "$project" -c Release --no-build \
        --filter "FullyQualifiedName!~Regeneration&FullyQualifiedName!~Golden&FullyQualifiedName!~GeneratorFailure&FullyQualifiedName!~Example" || status=$?
done

if compgen -G "$out/report*" > /dev/null; then
    echo "sanitizer reports:" >&2
    cat "$out"/report* >&2
    exit 1
fi
echo "asan+ubsan: no reports (shim: $out/libkiwi_shim.so)"
exit "$status"
