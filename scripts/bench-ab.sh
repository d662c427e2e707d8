#!/usr/bin/env bash
# Before/after timing of two checker jars on the bundled model's brute-force and cascade demo certificates
# (target/demo, from scripts/demo.sh): REPS rounds, each running `--help` (the JVM start), brute force and
# cascade in a fresh JVM with the old jar, then the same with the new jar, so load on the machine affects
# both alike. Prints every wall time and the medians.
# Usage: scripts/bench-ab.sh OLD.jar NEW.jar [REPS]   (copy the old jar out of checker/target first)
set -euo pipefail
cd "$(dirname "$0")/.."
M=testdata/models/maxof4-v64-seed3.safetensors
OLD=$1 NEW=$2 REPS=${3:-7}
[ -d target/demo ] || bash scripts/demo.sh >/dev/null
declare -A T
run() { local t0 t1; t0=$(date +%s.%N); java -jar "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}'; }
for i in $(seq "$REPS"); do
  for j in old new; do
    jar=$OLD; [ "$j" = new ] && jar=$NEW
    T[$j-help]+="$(run "$jar" --help) "
    T[$j-brute-force]+="$(run "$jar" verify $M target/demo/brute-force.json) "
    T[$j-cascade]+="$(run "$jar" verify $M target/demo/cascade.json) "
  done
  echo "round $i done (load average $(cut -d' ' -f1 /proc/loadavg))"
done
med() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
for k in help brute-force cascade; do
  echo "$k: old ${T[old-$k]}-> median $(med "${T[old-$k]}") s | new ${T[new-$k]}-> median $(med "${T[new-$k]}") s"
done
