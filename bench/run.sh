#!/usr/bin/env bash
# keel's benchmarks beside their peers, in one run, as ratios. Run by `make bench`.
# Every timed figure is the median of REPS repetitions; within a repetition the peers run
# interleaved, and ratios are taken within a repetition (then the median of those), as
# research/baselines.md does. "pinned" runs the whole process tree with taskset -c 0, the
# stable figure on a 2-vCPU guest where cross-CPU wake-ups cost ~50 us.
# Output: a markdown report on stdout and in build/bench/results.md.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/bench
mkdir -p "$out"
REPS=${REPS:-5}
pin="taskset -c 0"

cc -O2 -o "$out/nullsys_glibc" "$top/bench/nullsys_glibc.c"
cc -O2 -o "$out/spawnloop" "$top/bench/spawnloop.c"
musl-gcc -static -Os -s -o "$out/hello_musl" "$top/bench/hello_musl.c"
keel_null=$top/build/amd64/bench/nullsys_keel

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

report=$out/results.md
{
echo "# keel benchmarks ($(date -u +%Y-%m-%d), $(uname -m), $(nproc) CPUs, REPS=$REPS)"
echo

# --- 1. Null syscall ---------------------------------------------------------------------
N=3000000
declare -A v
for r in $(seq "$REPS"); do
  k=$($pin "$keel_null" wrapper $N | awk '{print $2}')
  a=$($pin "$keel_null" rawasm $N | awk '{print $2}')
  g=$($pin "$out/nullsys_glibc" syscall $N | awk '{print $2}')
  w=$($pin "$out/nullsys_glibc" getppid $N | awk '{print $2}')
  v[k]+="$k "; v[a]+="$a "; v[g]+="$g "; v[w]+="$w "
  v[rk]+="$(ratio "$k" "$a") "; v[rg]+="$(ratio "$g" "$a") "; v[rw]+="$(ratio "$w" "$a") "
done
med() { tr ' ' '\n' <<<"${v[$1]}" | grep . | median; }
echo "## Null system call (getppid, $N calls, pinned to CPU 0)"
echo
echo "| variant | ns/call (median) | vs inline asm (median of per-rep ratios) |"
echo "|---|---|---|"
echo "| inline-asm getppid loop (floor) | $(med a) | 1.000 |"
echo "| keel typed wrapper \`sys::getppid()\` | $(med k) | $(med rk) |"
echo "| glibc \`syscall(SYS_getppid)\` | $(med g) | $(med rg) |"
echo "| glibc \`getppid()\` | $(med w) | $(med rw) |"
echo
if command -v valgrind >/dev/null; then
  cg=$out/callgrind.out
  valgrind --tool=callgrind --callgrind-out-file="$cg" "$keel_null" wrapper 100000 >/dev/null 2>&1
  # Whole-program counts: the two programs differ only in the loop, and start-up adds a
  # few hundred instructions to each.
  iw=$(callgrind_annotate "$cg" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }')
  valgrind --tool=callgrind --callgrind-out-file="$cg" "$keel_null" rawasm 100000 >/dev/null 2>&1
  ia=$(callgrind_annotate "$cg" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }')
  echo "User-mode instructions per call (callgrind, 100000 calls): keel wrapper" \
       "$(awk -v i="$iw" 'BEGIN { printf "%.2f", i / 100000 }'), inline asm" \
       "$(awk -v i="$ia" 'BEGIN { printf "%.2f", i / 100000 }')."
  echo
fi

# --- 2. hello: size and exec-to-exit --------------------------------------------------------
echo "## hello: stripped size per architecture"
echo
echo "| arch | bytes (strip -s -R .comment) |"
echo "|---|---|"
for a in $(awk '!/^#/ && NF { print $1 }' "$top/tools/cross/arches.tsv"); do
  triple=$(awk -v a="$a" '$1 == a { print $2 }' "$top/tools/cross/arches.tsv")
  "$triple-strip" -s -R .comment -o "$out/hello-$a" "$top/build/$a/examples/hello"
  echo "| $a | $(stat -c %s "$out/hello-$a") |"
done
echo "| (static musl hello, amd64, -Os -s) | $(stat -c %s "$out/hello_musl") |"
echo
SP=2000
for r in $(seq "$REPS"); do
  k=$($pin "$out/spawnloop" $SP "$out/hello-amd64" 2>&1 >/dev/null)
  m=$($pin "$out/spawnloop" $SP "$out/hello_musl" 2>&1 >/dev/null)
  v[hk]+="$k "; v[hm]+="$m "; v[rh]+="$(ratio "$k" "$m") "
done
echo "## hello: exec-to-exit (vfork+execve+waitpid, $SP runs, pinned to CPU 0)"
echo
echo "| program | us per run (median) | vs musl (median of per-rep ratios) |"
echo "|---|---|---|"
echo "| static musl hello | $(med hm) | 1.000 |"
echo "| keel hello | $(med hk) | $(med rh) |"
echo

# --- 3. all-threads credential change and thread create+join (bench/allthreads.sh) ---------
"$top/bench/allthreads.sh" "$out" "$top/build/amd64/bench/allthreads_keel" "$top/build/amd64/bench/threads_keel"
echo

# --- 4. spawn+wait of a tiny static program (bench/spawn.sh) -------------------------------
"$top/bench/spawn.sh" "$out" "$top/build/amd64/bench/spawn_keel" "$top/build/amd64/examples/hello"
echo

# --- 5. why two-step status pipes serialize spawns (a demonstration, not a pass/fail) -------
echo "## ForkLock: children holding a descriptor they were not given"
echo
echo "\`build/amd64/bench/forklock_demo MODE 30 4\` (4 threads, each spawning a 0.3 s child and a"
echo "short one 30 times; see bench/forklock_demo.cpp):"
echo
for mode in two-step-shared two-step atomic; do
  echo "- $("$top/build/amd64/bench/forklock_demo" "$mode" 30 4)"
done
echo
} | tee "$report"
