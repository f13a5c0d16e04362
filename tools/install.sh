#!/usr/bin/env bash
# tools/install.sh PREFIX ARCH BUILD TOP LIBGCC  (run by `make install`)
# Installs keel for one architecture:
#   PREFIX/include/keel/{rt,sys}/    the public headers
#   PREFIX/include/keel/arch/        this architecture's arch.h and generated tables
#   PREFIX/lib/libkeel.a, PREFIX/lib/keel/start.o
#   PREFIX/lib/pkgconfig/keel.pc     the flags a program needs
set -eu
prefix=$1 arch=$2 build=$3 top=$4 libgcc=$5
xflags=$(awk -v a="$arch" '$1 == a { print ($5 == "-" ? "" : $5) }' "$top/tools/cross/arches.tsv")
inc=$prefix/include/keel
mkdir -p "$inc/rt" "$inc/sys" "$inc/arch" "$prefix/lib/keel" "$prefix/lib/pkgconfig"
cp "$top"/rt/*.h "$inc/rt/"
cp "$top"/sys/*.h "$inc/sys/"
[ -d "$top/rt/threads" ] && mkdir -p "$inc/rt/threads" && cp "$top"/rt/threads/*.h "$inc/rt/threads/" 2>/dev/null || true
[ -d "$top/rt/syscall" ] && mkdir -p "$inc/rt/syscall" && cp "$top"/rt/syscall/*.h "$inc/rt/syscall/" 2>/dev/null || true
cp "$top"/arch/"$arch"/*.h "$top"/sys/"$arch"/*.h "$inc/arch/"
cp "$build/libkeel.a" "$prefix/lib/"
cp "$build/start.o" "$prefix/lib/keel/start.o"
cat > "$prefix/lib/pkgconfig/keel.pc" <<PC
prefix=$prefix
includedir=\${prefix}/include
libdir=\${prefix}/lib

Name: keel
Description: freestanding C++ runtime for Linux ($arch)
Version: 0.1
Cflags: -std=c++20 -ffreestanding -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-stack-protector -fno-pic $xflags -I\${includedir}/keel -I\${includedir}/keel/arch
Libs: -static -nostdlib -no-pie -Wl,--gc-sections \${libdir}/keel/start.o -L\${libdir} -lkeel $libgcc
PC
echo "installed keel ($arch) into $prefix"
