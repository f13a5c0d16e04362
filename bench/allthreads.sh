#!/usr/bin/env bash
# All-threads credential change and thread create+join: keel beside its peers, as ratios.
#
#   bench/allthreads.sh OUTDIR KEEL_ALLTHREADS KEEL_THREADS
#
# KEEL_ALLTHREADS: keel's program, CLI `MODE N K` (MODE cv|read), median us/call on stdout,
# "# ..." lines on stderr, exit status != 0 when its /proc verification fails.
# KEEL_THREADS: keel's create+join program, CLI `ITERS`, ns per create+join on stdout.
# Either may not exist (yet): its columns then read "n/a" and everything else still runs.
# It can be run, or sourced by bench/run.sh with the same arguments (the body runs in a
# subshell, so it leaves the caller's variables and options alone).
#
# The peers are built into OUTDIR from bench/allthreads_peer.c (glibc, musl, libpsx, floor),
# bench/allthreads_go.go and bench/threads_peer.c; a peer whose toolchain is missing is skipped
# with a note. The method is research/baselines.md's (sections A and C):
#  * N other threads, all blocked (MODE cv: in pthread_cond_wait; read: in a raw read(2) of an
#    empty pipe), for N in 1 8 64 256 1024, with K = 2000 1000 200 50 20 timed
#    setresgid(-1, g, -1) calls after 5 warm-ups; each run prints the median us per call and
#    checks every task's egid in /proc afterwards. The floor (a tgkill broadcast whose handler
#    only acknowledges) changes nothing and is not verified.
#  * "pinned" runs each program under `taskset -c 0`: the stable figure on this 2-vCPU guest,
#    where a wake-up on the other vCPU costs ~50 us; "unpinned" is what a program gets.
#  * REPS repetitions (env, default 3). Within a repetition every peer runs once per
#    configuration, interleaved, in an order rotated by one each repetition. A cell is the median
#    over repetitions; a ratio is the median of the per-repetition ratios (both values from the
#    same repetition), so slow drift of the shared machine cancels out.
#  * A run that exits non-zero (a failed verification, a crash, a 300 s timeout) or prints no
#    number is "FAIL" in its cell and in every ratio built on it, never dropped. Its stderr is in
#    OUTDIR/allthreads.log, every per-run value in OUTDIR/allthreads-raw.tsv.
#  * ALLTHREADS_K_SCALE (env, default 1) scales every K (minimum 3) for a quick run, e.g. 0.1.
#    THREADS_ITERS (env, default 20000) sets the create+join iterations.
# Run time (printed in the report's last line): the full matrix at REPS=3, K_SCALE=1, with the
# 20000-iteration create+join, took 171 s on the 2-vCPU build guest without keel (3 min wall
# with the builds); keel adds one more program per configuration, about 3.5 min in all, so the
# K above were kept. REPS=1 ALLTHREADS_K_SCALE=0.1 takes about 25 s.
# Output: markdown on stdout (also written to OUTDIR/allthreads.md).

allthreads_main() (
  set -eu
  if [ $# -ne 3 ]; then
    echo "usage: bench/allthreads.sh OUTDIR KEEL_ALLTHREADS KEEL_THREADS" >&2
    exit 2
  fi
  local_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  out=$1 keel_at=$2 keel_th=$3
  mkdir -p "$out"
  out=$(cd "$out" && pwd)
  REPS=${REPS:-3}
  scale=${ALLTHREADS_K_SCALE:-1}
  titers=${THREADS_ITERS:-20000}
  log=$out/allthreads.log raw=$out/allthreads-raw.tsv
  : >"$log"
  printf 'rep\tplacement\tmode\tN\tpeer\tvalue\n' >"$raw"
  src=$local_top/bench
  notes=()
  t_start=$SECONDS

  # --- build the peers ---------------------------------------------------------------------
  declare -A bin=()   # peer -> program (absent: not available)
  declare -A tbin=()  # create+join peer -> program
  build() { # name target command...: run the build, record the program or a note
    local name=$1 target=$2
    shift 2
    if "$@" >>"$log" 2>&1; then
      printf '%s' "$target"
    else
      echo "build of $name failed (see $log)" >&2
      return 1
    fi
  }
  have() { command -v "$1" >/dev/null 2>&1; }
  if have gcc; then
    bin[glibc]=$(build glibc "$out/at_glibc" gcc -O2 -pthread -DPEER_GLIBC -o "$out/at_glibc" "$src/allthreads_peer.c") || notes+=("glibc: build failed")
    bin[floor]=$(build floor "$out/at_floor" gcc -O2 -pthread -DPEER_FLOOR -o "$out/at_floor" "$src/allthreads_peer.c") || notes+=("floor: build failed")
    tbin[glibc]=$(build th_glibc "$out/th_glibc" gcc -O2 -pthread -DPEER_GLIBC -o "$out/th_glibc" "$src/threads_peer.c") || notes+=("glibc create+join: build failed")
    if [ -e /usr/include/sys/psx_syscall.h ] || echo '#include <sys/psx_syscall.h>' | gcc -E - >/dev/null 2>&1; then
      bin[psx]=$(build psx "$out/at_psx" gcc -O2 -DPEER_PSX -o "$out/at_psx" "$src/allthreads_peer.c" \
                 -lpsx -lpthread -Wl,-wrap,pthread_create) || notes+=("psx: build failed (libpsx from libcap-dev?)")
    else
      notes+=("psx: skipped, no <sys/psx_syscall.h> (libcap-dev)")
    fi
  else
    notes+=("glibc, psx, floor: skipped, no gcc")
  fi
  if have musl-gcc; then
    bin[musl]=$(build musl "$out/at_musl" musl-gcc -static -O2 -DPEER_MUSL -o "$out/at_musl" "$src/allthreads_peer.c") || notes+=("musl: build failed")
    tbin[musl]=$(build th_musl "$out/th_musl" musl-gcc -static -O2 -DPEER_MUSL -o "$out/th_musl" "$src/threads_peer.c") || notes+=("musl create+join: build failed")
  else
    notes+=("musl: skipped, no musl-gcc")
  fi
  if have go; then
    # Offline and self-contained: a single file needs no go.mod and no module download; the
    # build cache lives in OUTDIR so that no HOME is needed.
    bin[go]=$(build go "$out/at_go" env CGO_ENABLED=0 GOCACHE="$out/gocache" GOPATH="$out/gopath" \
              GOFLAGS= GOPROXY=off go build -o "$out/at_go" "$src/allthreads_go.go") || notes+=("go: build failed")
  else
    notes+=("go: skipped, no go")
  fi
  for p in glibc floor psx musl go; do [ -n "${bin[$p]:-}" ] || unset "bin[$p]"; done
  for p in glibc musl; do [ -n "${tbin[$p]:-}" ] || unset "tbin[$p]"; done
  if [ -x "$keel_at" ] && [ -f "$keel_at" ]; then bin[keel]=$keel_at; else notes+=("keel all-threads program not found: $keel_at"); fi
  if [ -x "$keel_th" ] && [ -f "$keel_th" ]; then tbin[keel]=$keel_th; else notes+=("keel create+join program not found: $keel_th"); fi

  # --- helpers (bench/lib.sh) -------------------------------------------------------------------
  . "$local_top/bench/lib.sh"

  # --- A: all-threads setresgid ----------------------------------------------------------------
  Ns=(1 8 64 256 1024)
  Kbase=(2000 1000 200 50 20)
  Ks=()
  for i in "${!Ns[@]}"; do
    Ks[i]=$(awk -v k="${Kbase[i]}" -v s="$scale" 'BEGIN { k = int(k * s + 0.5); print (k < 3 ? 3 : k) }')
  done
  all_peers=(keel glibc musl psx go floor)
  avail=()
  for p in "${all_peers[@]}"; do if [ -n "${bin[$p]:-}" ]; then avail+=("$p"); fi; done
  declare -A v=()  # "placement mode N peer" -> per-rep values; "r ..." -> per-rep ratios
  for ((r = 1; r <= REPS; r++)); do
    echo "allthreads: repetition $r/$REPS ($((SECONDS - t_start)) s)" >&2
    order=$(rotate $((r - 1)) "${avail[@]}")
    for pl in pinned unpinned; do
      for mode in cv read; do
        for i in "${!Ns[@]}"; do
          n=${Ns[i]} k=${Ks[i]}
          declare -A cur=()
          for p in $order; do
            cur[$p]=$(run_one "$pl" "$p" "${bin[$p]}" "$mode" "$n" "$k")
            v["$pl $mode $n $p"]+="${cur[$p]} "
            printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$pl" "$mode" "$n" "$p" "${cur[$p]}" >>"$raw"
          done
          for p in keel musl psx go; do
            if [ -n "${cur[$p]:-}" ]; then v["r $pl $mode $n $p/glibc"]+="$(ratio "${cur[$p]}" "${cur[glibc]:-}") "; fi
          done
          if [ -n "${cur[keel]:-}" ]; then v["r $pl $mode $n keel/floor"]+="$(ratio "${cur[keel]}" "${cur[floor]:-}") "; fi
          unset cur
        done
      done
    done
  done
  t_matrix=$((SECONDS - t_start))

  # --- C: thread create + join ---------------------------------------------------------------
  tavail=()
  for p in keel glibc musl; do if [ -n "${tbin[$p]:-}" ]; then tavail+=("$p"); fi; done
  for ((r = 1; r <= REPS; r++)); do
    order=$(rotate $((r - 1)) "${tavail[@]}")
    for pl in pinned unpinned; do
      declare -A cur=()
      for p in $order; do
        cur[$p]=$(run_one "$pl" "threads-$p" "${tbin[$p]}" "$titers")
        v["t $pl $p"]+="${cur[$p]} "
        printf '%s\t%s\tthreads\t%s\t%s\t%s\n' "$r" "$pl" "$titers" "$p" "${cur[$p]}" >>"$raw"
      done
      for p in keel musl; do
        if [ -n "${cur[$p]:-}" ]; then v["tr $pl $p"]+="$(ratio "${cur[$p]}" "${cur[glibc]:-}") "; fi
      done
      unset cur
    done
  done
  t_total=$((SECONDS - t_start))

  # --- report --------------------------------------------------------------------------------
  {
    echo "Produced by: \`bench/allthreads.sh $*\` (REPS=$REPS, ALLTHREADS_K_SCALE=$scale," \
         "THREADS_ITERS=$titers), $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -m), $(nproc) CPUs."
    echo
    for note in ${notes[@]+"${notes[@]}"}; do echo "* note: $note"; done
    [ ${#notes[@]} -eq 0 ] || echo
    echo "## All-threads setresgid(-1, g, -1): median us per call"
    echo
    echo "N other threads, all blocked; K = ${Ks[*]} timed calls for N = ${Ns[*]}. Cells: median over"
    echo "$REPS repetitions; ratios: median of per-repetition ratios. floor = tgkill broadcast whose"
    echo "handler only acknowledges (no credential change, not verified). FAIL = a run exited non-zero."
    for pl in pinned unpinned; do
      for mode in cv read; do
        echo
        if [ $pl = pinned ]; then where="pinned to CPU 0 (taskset -c 0)"; else where="unpinned"; fi
        if [ $mode = cv ]; then how="blocked in pthread_cond_wait"; else how="blocked in a raw read(2) of a pipe"; fi
        echo "### $where, threads $how"
        echo
        echo "| N | keel | glibc | musl | psx | go | floor | keel/glibc | musl/glibc | psx/glibc | go/glibc | keel/floor |"
        echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
        for n in "${Ns[@]}"; do
          row="| $n |"
          for p in "${all_peers[@]}"; do row+=" $(fmt_v "$(med "${v["$pl $mode $n $p"]:-}")") |"; done
          for q in keel/glibc musl/glibc psx/glibc go/glibc keel/floor; do
            row+=" $(fmt_r "$(med "${v["r $pl $mode $n $q"]:-}")") |"
          done
          echo "$row"
        done
      done
    done
    echo
    echo "## Thread create + join (pthread_create, default attributes, empty body; $titers iterations)"
    for pl in pinned unpinned; do
      echo
      if [ $pl = pinned ]; then echo "### pinned to CPU 0 (taskset -c 0)"; else echo "### unpinned"; fi
      echo
      echo "| peer | ns | vs glibc |"
      echo "|---|---|---|"
      for p in keel glibc musl; do
        if [ $p = glibc ]; then
          rr=$(med "${v["t $pl glibc"]:-}")
          case $rr in FAIL | n/a) ;; *) rr=1 ;; esac
        else
          rr=$(med "${v["tr $pl $p"]:-}")
        fi
        echo "| $p | $(fmt_v "$(med "${v["t $pl $p"]:-}")") | $(fmt_r "$rr") |"
      done
    done
    echo
    echo "Run time: $t_total s (all-threads matrix $t_matrix s). Per-run stderr: $log; per-run values: $raw."
  } | tee "$out/allthreads.md"
)

allthreads_main "$@"
