# Helpers shared by the benchmark drivers (bench/allthreads.sh, bench/spawn.sh), sourced inside
# their subshells. They expect $log, the file that collects every run's stderr.
# One run: prints its number, or FAIL. stderr goes to the log under a header.
run_one() { # placement label program args...
  local pl=$1 label=$2 o rc=0
  shift 2
  echo "## $label ($pl): $*" >>"$log"
  if [ "$pl" = pinned ]; then
    o=$(timeout 300 taskset -c 0 "$@" 2>>"$log") || rc=$?
  else
    o=$(timeout 300 "$@" 2>>"$log") || rc=$?
  fi
  o=$(printf '%s\n' "$o" | awk 'NF { l = $1 } END { print l }')
  if [ $rc -ne 0 ] || ! [[ $o =~ ^[0-9]+(\.[0-9]+)?$ ]]; then
    echo "## -> FAIL (exit $rc, stdout '$o')" >>"$log"
    echo FAIL
  else
    echo "$o"
  fi
}
ratio() { # a b -> a/b, or FAIL / n/a
  case "$1$2" in *FAIL*) echo FAIL; return ;; esac
  if [ -z "$1" ] || [ -z "$2" ]; then echo n/a; return; fi
  awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.4f", a / b; else print "FAIL" }'
}
# Median of the words of a list; FAIL if any is FAIL, n/a if none.
med() {
  local l=$1
  case " $l " in *" FAIL "*) echo FAIL; return ;; esac
  case " $l " in *" n/a "*) echo n/a; return ;; esac
  [ -n "${l// /}" ] || { echo n/a; return; }
  tr ' ' '\n' <<<"$l" | grep . | sort -g |
    awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
fmt_v() { # a value for a table cell
  case $1 in FAIL | n/a) echo "$1"; return ;; esac
  awk -v v="$1" 'BEGIN { if (v < 10) printf "%.2f", v; else if (v < 100) printf "%.1f", v; else printf "%.0f", v }'
}
fmt_r() {
  case $1 in FAIL | n/a) echo "$1"; return ;; esac
  awk -v v="$1" 'BEGIN { printf "%.2fx", v }'
}
rotate() { # k words... -> the words rotated left by k
  local k=$1
  shift
  local n=$#
  [ "$n" -gt 0 ] || return 0
  local a=("$@") i
  for ((i = 0; i < n; i++)); do printf '%s ' "${a[$(((i + k) % n))]}"; done
}
