#!/usr/bin/env bash
# Spawn + wait of a tiny static child: keel beside its peers, as ratios.
#
#   bench/spawn.sh OUTDIR KEEL_SPAWN CHILD
#
# KEEL_SPAWN: keel's program, CLI `ITERS CHILD THREADS RSS_MB`, microseconds per spawn+wait on
# stdout, exit status != 0 if a spawn fails or a child exits non-zero (the CLI of the peers,
# described in bench/spawn_peer.c). It may not exist (yet): its cells then read "n/a" and
# everything else still runs. CHILD: the program spawned, a tiny static one (e.g.
# build/amd64/examples/hello, or a static musl hello); it must exit 0.
# It can be run, or sourced by bench/run.sh with the same arguments (the body runs in a
# subshell, so it leaves the caller's variables and options alone).
#
# The peers are built into OUTDIR from bench/spawn_peer.c (glibc posix_spawn, musl posix_spawn,
# fork+exec, vfork+exec) and bench/spawn_go.go (os/exec); a peer whose toolchain is missing is
# skipped with a note. The method is research/baselines.md's (section B):
#  a. pinned (`taskset -c 0`: the stable figure on this 2-vCPU guest), 1 thread, RSS 0,
#     ITERS=2000 spawns: every peer. vfork+exec is the floor.
#  b. pinned, 1 thread, the parent first touches RSS 1 GiB (4 KiB pages): keel, glibc
#     posix_spawn, vfork with ITERS=2000, fork+exec with ITERS=50 (each fork copies the page
#     tables of the whole GiB: 15-27 ms per spawn measured here, 43-45 ms in baselines B.2). The
#     RSS-0 figure of the ratio is a.'s run of the same repetition. Note: on this guest the first
#     spawn after the touch pays a one-time ~10 ms/GiB (quiet machine; ~20 ms under load) for
#     every method, vfork included, i.e. 5-10 us per spawn at ITERS=2000 (ratios of ~1.05 instead
#     of 1.00 for the flat methods); a warm-up would hide it, the peers have none. Touching the
#     GiB takes ~3 s per run (3-7 s under load: freed guest memory goes back to the host, so
#     every touch faults twice); it is not timed but dominates the script's run time.
#  c. unpinned (it needs both CPUs), RSS 0, ITERS=2000, 1 thread and 2 threads (1000 spawns
#     each): keel and glibc posix_spawn. The 1-thread unpinned figure is noisy on this guest
#     (2-3.5x between runs, baselines B.1); the ratio is taken within a repetition.
#  * REPS repetitions (env, default 3). Within a repetition every peer runs once per
#    configuration, interleaved, in an order rotated by one each repetition. A cell is the median
#    over repetitions; a ratio is the median of the per-repetition ratios (both values from the
#    same repetition), so slow drift of the shared machine cancels out.
#  * A run that exits non-zero (a failed spawn, a child's non-zero status, a crash, a 300 s
#    timeout) or prints no number is "FAIL" in its cell and in every ratio built on it, never
#    dropped. Its stderr is in OUTDIR/spawn.log, every per-run value in OUTDIR/spawn-raw.tsv.
#  * SPAWN_ITERS (env, default 2000), SPAWN_FORK_ITERS (default 50: fork at RSS 1 GiB) and
#    SPAWN_RSS_MB (default 1024) shrink a quick run.
# Run time (printed in the report's last line): the full script at REPS=3 with the defaults and
# a keel stand-in (so keel's runs included) took 157 s on the 2-vCPU build guest while a parallel
# build kept both CPUs busy; on the quiet guest one repetition without keel takes 22 s, i.e.
# ~65 s at REPS=3 (~80 s with keel). Most of it is the 1 GiB touches of b., so the ITERS above
# were kept. REPS=1 SPAWN_ITERS=200 SPAWN_FORK_ITERS=10 SPAWN_RSS_MB=256 takes 6-9 s.
# Output: markdown on stdout (also written to OUTDIR/spawn.md).

spawn_main() (
  set -eu
  if [ $# -ne 3 ]; then
    echo "usage: bench/spawn.sh OUTDIR KEEL_SPAWN CHILD" >&2
    exit 2
  fi
  local_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  out=$1 keel=$2 child=$3
  if ! [ -f "$child" ] || ! [ -x "$child" ]; then
    echo "bench/spawn.sh: CHILD $child is not an executable file" >&2
    exit 2
  fi
  child=$(cd "$(dirname "$child")" && pwd)/$(basename "$child")
  mkdir -p "$out"
  out=$(cd "$out" && pwd)
  REPS=${REPS:-3}
  iters=${SPAWN_ITERS:-2000}
  fiters=${SPAWN_FORK_ITERS:-50}
  rss=${SPAWN_RSS_MB:-1024}
  log=$out/spawn.log raw=$out/spawn-raw.tsv
  : >"$log"
  printf 'rep\tsection\tplacement\tthreads\trss_mb\titers\tpeer\tvalue\n' >"$raw"
  src=$local_top/bench
  notes=()
  t_start=$SECONDS

  # --- build the peers ---------------------------------------------------------------------
  declare -A bin=()   # peer -> program (absent: not available)
  build() { # name target command...: run the build, print the program or fail with a note
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
    bin[glibc]=$(build glibc "$out/sp_glibc" gcc -O2 -pthread -DPEER_POSIX_SPAWN -o "$out/sp_glibc" "$src/spawn_peer.c") || notes+=("glibc posix_spawn: build failed")
    bin[fork]=$(build fork "$out/sp_fork" gcc -O2 -pthread -DPEER_FORK -o "$out/sp_fork" "$src/spawn_peer.c") || notes+=("fork+exec: build failed")
    bin[vfork]=$(build vfork "$out/sp_vfork" gcc -O2 -pthread -DPEER_VFORK -o "$out/sp_vfork" "$src/spawn_peer.c") || notes+=("vfork+exec: build failed")
  else
    notes+=("glibc posix_spawn, fork+exec, vfork+exec: skipped, no gcc")
  fi
  if have musl-gcc; then
    bin[musl]=$(build musl "$out/sp_musl" musl-gcc -static -O2 -DPEER_POSIX_SPAWN -o "$out/sp_musl" "$src/spawn_peer.c") || notes+=("musl posix_spawn: build failed")
  else
    notes+=("musl posix_spawn: skipped, no musl-gcc")
  fi
  if have go; then
    # Offline and self-contained: a single file needs no go.mod and no module download; the
    # build cache lives in OUTDIR so that no HOME is needed.
    bin[go]=$(build go "$out/sp_go" env CGO_ENABLED=0 GOCACHE="$out/gocache" GOPATH="$out/gopath" \
              GOFLAGS= GOPROXY=off go build -o "$out/sp_go" "$src/spawn_go.go") || notes+=("go: build failed")
  else
    notes+=("go: skipped, no go")
  fi
  for p in glibc fork vfork musl go; do [ -n "${bin[$p]:-}" ] || unset "bin[$p]"; done
  if [ -x "$keel" ] && [ -f "$keel" ]; then bin[keel]=$keel; else notes+=("keel spawn program not found: $keel"); fi
  t_build=$((SECONDS - t_start))

  # --- helpers (bench/lib.sh) -------------------------------------------------------------------
  . "$local_top/bench/lib.sh"
  avail_of() { # peers... -> those available, in that order
    local p
    for p in "$@"; do if [ -n "${bin[$p]:-}" ]; then printf '%s ' "$p"; fi; done
  }
  record() { # rep section placement threads rss iters peer value
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$raw"
  }

  # --- the runs ------------------------------------------------------------------------------
  a_peers=(keel glibc musl fork vfork go)
  b_peers=(keel glibc fork vfork)
  c_peers=(keel glibc)
  read -r -a a_avail <<<"$(avail_of "${a_peers[@]}")"
  read -r -a b_avail <<<"$(avail_of "${b_peers[@]}")"
  read -r -a c_avail <<<"$(avail_of "${c_peers[@]}")"
  declare -A v=()  # "section ... peer" -> per-rep values; "r ..." -> per-rep ratios
  for ((r = 1; r <= REPS; r++)); do
    echo "spawn: repetition $r/$REPS ($((SECONDS - t_start)) s)" >&2
    # a. pinned, 1 thread, RSS 0
    declare -A aval=()
    for p in $(rotate $((r - 1)) ${a_avail[@]+"${a_avail[@]}"}); do
      aval[$p]=$(run_one pinned "$p" "${bin[$p]}" "$iters" "$child" 1 0)
      v["a $p"]+="${aval[$p]} "
      record "$r" a pinned 1 0 "$iters" "$p" "${aval[$p]}"
    done
    for p in "${a_peers[@]}"; do
      if [ -n "${aval[$p]:-}" ]; then
        v["ra $p"]+="$(ratio "${aval[$p]}" "${aval[glibc]:-}") "    # peer / glibc (time)
        v["sa $p"]+="$(ratio "${aval[glibc]:-}" "${aval[$p]}") "    # glibc / peer (speed-up)
      fi
    done
    # b. pinned, 1 thread, RSS 1 GiB
    for p in $(rotate $((r - 1)) ${b_avail[@]+"${b_avail[@]}"}); do
      n=$iters
      [ "$p" != fork ] || n=$fiters
      x=$(run_one pinned "$p" "${bin[$p]}" "$n" "$child" 1 "$rss")
      v["b $p"]+="$x "
      v["rb $p"]+="$(ratio "$x" "${aval[$p]:-}") "
      record "$r" b pinned 1 "$rss" "$n" "$p" "$x"
    done
    unset aval
    # c. unpinned, RSS 0, 1 and 2 threads (the two runs of a peer back to back)
    declare -A c1=() c2=()
    for p in $(rotate $((r - 1)) ${c_avail[@]+"${c_avail[@]}"}); do
      x1=$(run_one unpinned "$p" "${bin[$p]}" "$iters" "$child" 1 0)
      x2=$(run_one unpinned "$p" "${bin[$p]}" "$iters" "$child" 2 0)
      v["c1 $p"]+="$x1 "
      v["c2 $p"]+="$x2 "
      v["rc $p"]+="$(ratio "$x1" "$x2") "
      record "$r" c unpinned 1 0 "$iters" "$p" "$x1"
      record "$r" c unpinned 2 0 "$iters" "$p" "$x2"
      c1[$p]=$x1 c2[$p]=$x2
    done
    if [ -n "${bin[keel]:-}" ] && [ -n "${bin[glibc]:-}" ]; then
      v["sc1 keel"]+="$(ratio "${c1[glibc]}" "${c1[keel]}") "
      v["sc2 keel"]+="$(ratio "${c2[glibc]}" "${c2[keel]}") "
    fi
    unset c1 c2
  done
  t_total=$((SECONDS - t_start))

  # --- report --------------------------------------------------------------------------------
  declare -A name=([keel]="keel" [glibc]="glibc posix_spawn" [musl]="musl posix_spawn (static)"
                   [fork]="fork+exec (glibc)" [vfork]="vfork+exec (glibc, floor)" [go]="Go os/exec")
  {
    echo "Produced by: \`bench/spawn.sh $*\` (REPS=$REPS, SPAWN_ITERS=$iters," \
         "SPAWN_FORK_ITERS=$fiters, SPAWN_RSS_MB=$rss), $(date -u '+%Y-%m-%d %H:%M UTC')," \
         "$(uname -m), $(nproc) CPUs."
    echo
    echo "Child: \`$child\` ($(stat -c %s "$child") bytes), no arguments, empty environment," \
         "stdout and stderr on /dev/null, stdin inherited; it must exit 0."
    echo
    for note in ${notes[@]+"${notes[@]}"}; do echo "* note: $note"; done
    [ ${#notes[@]} -eq 0 ] || echo
    echo "Cells: median over $REPS repetitions; ratios: median of per-repetition ratios." \
         "FAIL = a run exited non-zero or printed no number; n/a = peer not available."
    echo
    echo "## Spawn + wait, pinned to CPU 0 (taskset -c 0), 1 thread, RSS 0, $iters spawns"
    echo
    echo "| peer | us per spawn+wait | vs glibc posix_spawn | glibc/peer speedup |"
    echo "|---|---|---|---|"
    for p in "${a_peers[@]}"; do
      rt=$(med "${v["ra $p"]:-}") sp=$(med "${v["sa $p"]:-}")
      if [ "$p" = glibc ]; then case $rt in FAIL | n/a) ;; *) rt=1 sp=1 ;; esac; fi
      echo "| ${name[$p]} | $(fmt_v "$(med "${v["a $p"]:-}")") | $(fmt_r "$rt") | $(fmt_r "$sp") |"
    done
    echo
    echo "vs glibc posix_spawn = peer time / glibc time (> 1: slower); glibc/peer speedup = glibc" \
         "time / peer time (> 1: faster)."
    echo
    echo "## Parent RSS: pinned, 1 thread, 0 vs $rss MiB touched (4 KiB pages)"
    echo
    echo "$iters spawns per run ($fiters for fork+exec at $rss MiB); the RSS-0 figure is the" \
         "run of the table above in the same repetition."
    echo
    echo "| peer | us at RSS 0 | us at RSS $rss MiB | ratio ${rss} MiB / 0 |"
    echo "|---|---|---|---|"
    for p in "${b_peers[@]}"; do
      echo "| ${name[$p]} | $(fmt_v "$(med "${v["a $p"]:-}")") | $(fmt_v "$(med "${v["b $p"]:-}")") |" \
           "$(fmt_r "$(med "${v["rb $p"]:-}")") |"
    done
    echo
    echo "## Throughput, unpinned, RSS 0, $iters spawns: 1 thread vs 2 threads"
    echo
    echo "| peer | us/spawn 1 thread | us/spawn 2 threads | throughput ratio (1-thread time / 2-thread time) |"
    echo "|---|---|---|---|"
    for p in "${c_peers[@]}"; do
      echo "| ${name[$p]} | $(fmt_v "$(med "${v["c1 $p"]:-}")") | $(fmt_v "$(med "${v["c2 $p"]:-}")") |" \
           "$(fmt_r "$(med "${v["rc $p"]:-}")") |"
    done
    echo
    echo "keel's speed-up over glibc posix_spawn here (glibc time / keel time): 1 thread" \
         "$(fmt_r "$(med "${v["sc1 keel"]:-}")"), 2 threads $(fmt_r "$(med "${v["sc2 keel"]:-}")")."
    echo
    echo "Run time: $t_total s (builds $t_build s). Per-run stderr: $log; per-run values: $raw."
  } | tee "$out/spawn.md"
)

spawn_main "$@"
