#!/usr/bin/env bash
# Cold A/B of /tmp/checker-old.jar and /tmp/checker-new.jar on the demo certificates (target/demo of a demo run,
# here /work/wt-bf/target/demo; set D) and the separable certificates; five rounds, wall time/peak MB per run.
cd "$(dirname "$0")/.."; M=testdata/models/maxof4-v64-seed3.safetensors; D=${D:-target/demo}
run() { local t0 t1; t0=$(date +%s.%N); /usr/bin/time -f "%M" -o /tmp/rss java -jar "$@" >/dev/null 2>&1; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" -v r="$(cat /tmp/rss)" 'BEGIN{printf "%.2f/%d ", b-a, r/1024}'; }
for i in 1 2 3 4 5; do
  for j in old new; do
    echo -n "$i $j help: "; run /tmp/checker-$j.jar --help
    for c in brute-force cascade cubic subcubic; do echo -n "$c: "; run /tmp/checker-$j.jar verify $M $D/$c.json; done
    [ $j = new ] && { echo -n "separable: "; run /tmp/checker-new.jar verify $M testdata/certificates/valid/maxof4-v64-seed3.separable.json; echo -n "separable-exact: "; run /tmp/checker-new.jar verify $M testdata/scale/maxof4-v64-seed3.separable-exact.json; }
    echo " load $(cut -d' ' -f1 /proc/loadavg)"
  done
done
