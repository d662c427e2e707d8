#!/usr/bin/env bash
# Timed CLI benchmark of the checker: verifies each certificate REPS times in a fresh JVM and
# prints the wall time of every run, the median, its ratio to the JVM's own start (the median of
# `checker.jar --help`, so figures compare across machines), the peak resident memory (when
# /usr/bin/time exists) and the verdict's proof length. JAVA_OPTS (e.g. -Xmx256m) is passed to java.
# It times java -jar checker.jar (LAUNCHER=0), then checker/bin/checker, the jar with its start-up flags, whose
# JVM start is bin/checker --help (LAUNCHER=1); LAUNCHER=0 or 1 times only that one.
# Usage: scripts/bench.sh [MODEL CERT]...   (default: the bundled model's certificates in target/demo)
set -euo pipefail
if [ -z "${LAUNCHER:-}" ]; then LAUNCHER=0 bash "${BASH_SOURCE[0]}" "$@"; echo; LAUNCHER=1 exec bash "${BASH_SOURCE[0]}" "$@"; fi
cd "$(dirname "$0")/.."
REPS=${REPS:-3}
JAR=checker/target/checker.jar
[ -f "$JAR" ] || mvn -q -B -ntp -DskipTests package
CHECKER=(java ${JAVA_OPTS:-} -jar "$JAR")
[ "${LAUNCHER:-}" = 1 ] && CHECKER=(checker/bin/checker)
if [ $# -eq 0 ]; then
  MODEL=testdata/models/maxof4-v64-seed3.safetensors
  [ -d target/demo ] || bash scripts/demo.sh >/dev/null
  set --
  for c in target/demo/*.json; do set -- "$@" "$MODEL" "$c"; done
fi
TIME=()
[ -x /usr/bin/time ] && TIME=(/usr/bin/time -f %M -o target/bench-rss.txt)
mkdir -p target
# run CMD...: runs once; wall seconds in $secs, stdout in $out, peak RSS in MB in $rss
run() {
  local t0 t1
  t0=$(date +%s.%N)
  out=$("${TIME[@]}" "$@") || true
  t1=$(date +%s.%N)
  rss=$([ -s target/bench-rss.txt ] && awk '{printf "%d", $1 / 1024}' target/bench-rss.txt || echo "?")
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')
}
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
base=()
for _ in $(seq "$REPS"); do run "${CHECKER[@]}" --help; base+=("$secs"); done
jvm=$(median "${base[@]}")
echo "JVM start (${CHECKER[*]} --help): ${base[*]} s, median $jvm s"
printf '%-28s %-20s %-8s %-8s %-9s %s\n' "certificate" "wall times (s)" "median" "x start" "peak MB" "proof length"
while [ $# -ge 2 ]; do
  model=$1 cert=$2; shift 2
  times=() peak=0
  for _ in $(seq "$REPS"); do
    run "${CHECKER[@]}" verify "$model" "$cert" --json
    times+=("$secs")
    [ "$rss" != "?" ] && [ "$rss" -gt "$peak" ] && peak=$rss
  done
  med=$(median "${times[@]}")
  ratio=$(awk -v a="$med" -v b="$jvm" 'BEGIN{printf "%.1f", a/b}')
  ops=$(echo "$out" | sed -n 's/.*"proof_ops":"\([0-9]*\)".*/\1/p')
  status=$(echo "$out" | sed -n 's/.*"status":"\([A-Z_]*\)".*/\1/p')
  printf '%-28s %-20s %-8s %-8s %-9s %s ops (%s)\n' "$(basename "$cert")" "${times[*]}" "$med" "$ratio" "$peak" "$ops" "$status"
done
