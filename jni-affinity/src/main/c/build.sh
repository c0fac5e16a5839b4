#!/bin/sh
# Compiles the JNI shim into <out-root>/linux-<arch>/libmultilane-affinity.so. The Maven build runs
# it in process-classes, after javac -h wrote the header, so the library lands in target/classes
# and is packaged inside the jar.
#
# Where it cannot build (skip requested, not Linux, no C compiler, no JDK headers) it removes any
# stale library, prints one warning and exits 0: the rest of the project builds, and at run time
# io.multilane.affinity.Affinity falls back to no-op pinning. A compile error on Linux with a
# compiler present fails the build: that is a bug to fix, not a platform to tolerate.
#
# usage: build.sh <skip:true|false> <java.home> <header-dir> <c-source-dir> <out-root>
set -eu
skip="$1"
java_home="$2"
headers="$3"
sources="$4"
out_root="$5"
lib=libmultilane-affinity.so

warn() {
    echo "[WARNING] jni-affinity: $1; the jar carries no native library and thread pinning will be a no-op" >&2
}

rm -f "$out_root"/*/"$lib"

if [ "$skip" = "true" ]; then
    warn "native build skipped (-Dmultilane.native.skip=true)"
    exit 0
fi
if [ "$(uname -s)" != "Linux" ]; then
    warn "native build is Linux only (this is $(uname -s))"
    exit 0
fi
cc="${CC:-gcc}"
if ! command -v "$cc" >/dev/null 2>&1; then
    warn "no C compiler '$cc' on PATH"
    exit 0
fi
if [ ! -f "$java_home/include/jni.h" ]; then
    warn "no JNI headers under $java_home/include (a JRE instead of a JDK?)"
    exit 0
fi

case "$(uname -m)" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) arch="$(uname -m)" ;;
esac
out_dir="$out_root/linux-$arch"
mkdir -p "$out_dir"
"$cc" -std=c11 -O2 -fPIC -shared -fvisibility=hidden -Wall -Wextra -Werror -D_GNU_SOURCE \
    -Wl,-z,noexecstack \
    -I"$headers" -I"$java_home/include" -I"$java_home/include/linux" \
    -o "$out_dir/$lib" "$sources"/*.c
