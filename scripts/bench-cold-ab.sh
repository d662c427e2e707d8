#!/usr/bin/env bash
# Cold A/B of /tmp/checker-old.jar, /tmp/checker-new.jar and checker/bin/checker running /tmp/checker-new.jar (its
# class-data archive written first) on the demo certificates (target/demo of a demo run; set D) and the separable
# certificates; ROUNDS rounds (default 5), the three alternated run by run; prints wall time/peak MB per run.
cd "$(dirname "$0")/.."; M=testdata/models/maxof4-v64-seed3.safetensors; D=${D:-target/demo}
bash checker/bin/cds-archive.sh /tmp/checker-new.jar
run() { local t0 t1; t0=$(date +%s.%N); /usr/bin/time -f "%M" -o /tmp/rss "$@" >/dev/null 2>&1; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" -v r="$(cat /tmp/rss)" 'BEGIN{printf "%.2f/%d ", b-a, r/1024}'; }
for i in $(seq "${ROUNDS:-5}"); do
  for j in old new launcher; do
    if [ $j = launcher ]; then cmd=(env CHECKER_JAR=/tmp/checker-new.jar checker/bin/checker); else cmd=(java -jar /tmp/checker-$j.jar); fi
    echo -n "$i $j help: "; run "${cmd[@]}" --help
    for c in brute-force cascade cubic subcubic; do echo -n "$c: "; run "${cmd[@]}" verify $M $D/$c.json; done
    [ $j != old ] && { echo -n "separable: "; run "${cmd[@]}" verify $M testdata/certificates/valid/maxof4-v64-seed3.separable.json; echo -n "separable-exact: "; run "${cmd[@]}" verify $M testdata/scale/maxof4-v64-seed3.separable-exact.json; }
    echo " load $(cut -d' ' -f1 /proc/loadavg)"
  done
done
