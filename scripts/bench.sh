#!/usr/bin/env bash
# Timed CLI benchmark of the checker jar: verifies each certificate REPS times in a fresh JVM and
# prints the wall time of every run and the median, with the verdict's proof length.
# Usage: scripts/bench.sh [MODEL CERT]...   (default: the bundled model's certificates in target/demo)
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${REPS:-3}
JAR=checker/target/checker.jar
[ -f "$JAR" ] || mvn -q -B -ntp -DskipTests package
if [ $# -eq 0 ]; then
  MODEL=testdata/models/maxof4-v64-seed3.safetensors
  [ -d target/demo ] || bash scripts/demo.sh >/dev/null
  set --
  for c in target/demo/*.json; do set -- "$@" "$MODEL" "$c"; done
fi
printf '%-28s %-44s %s\n' "certificate" "wall times (s)" "median / proof length"
while [ $# -ge 2 ]; do
  model=$1 cert=$2; shift 2
  times=()
  for _ in $(seq "$REPS"); do
    t0=$(date +%s.%N)
    out=$(java -jar "$JAR" verify "$model" "$cert" --json) || true
    t1=$(date +%s.%N)
    times+=("$(awk -v a="$t0" -v b="$t1" "BEGIN{printf \"%.2f\", b-a}")")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (REPS + 1) / 2 ))p")
  ops=$(echo "$out" | sed -n 's/.*"proof_ops":"\([0-9]*\)".*/\1/p')
  status=$(echo "$out" | sed -n 's/.*"status":"\([A-Z_]*\)".*/\1/p')
  printf '%-28s %-44s %s s / %s ops (%s)\n' "$(basename "$cert")" "${times[*]}" "$median" "$ops" "$status"
done
