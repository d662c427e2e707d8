#!/usr/bin/env bash
# Proves a model's exact accuracy with the cascade, split into N shards (Lemma M): certifies each shard
# with `generator certify --strategy cascade --exact --shard I/N` (skipping shards already written, so an
# interrupted run resumes), then verifies all of them together with `checker combine` and prints the
# verdict. Timing and peak memory of each step go to OUT/log.txt.
# The checker refuses enumerations over --max-inputs (default 2^34, counted by a crude bound per shard);
# MAX_INPUTS (default 2^40) raises it for this run.
# Usage: scripts/prove-exact.sh MODEL.safetensors OUT_DIR [SHARDS=8] [THREADS=2]
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=$1 OUT=$2 N=${3:-8} T=${4:-2} MAX_INPUTS=${MAX_INPUTS:-1099511627776}
[ -f generator/target/generator.jar ] && [ -f checker/target/checker.jar ] || mvn -q -B -ntp -DskipTests package
mkdir -p "$OUT"
TIME=()
[ -x /usr/bin/time ] && TIME=(/usr/bin/time -a -o "$OUT/log.txt" -f "%e s wall, %M KB peak: %C")
for ((i = 0; i < N; i++)); do
  f="$OUT/shard-$i-of-$N.json"
  [ -f "$f" ] && continue
  "${TIME[@]}" java -jar generator/target/generator.jar certify --strategy cascade --exact --shard "$i/$N" \
    --model "$MODEL" --out "$f" --threads "$T" --no-self-check --progress lines
done
shards=()
for ((i = 0; i < N; i++)); do shards+=("$OUT/shard-$i-of-$N.json"); done
"${TIME[@]}" java -jar checker/target/checker.jar combine "$MODEL" "${shards[@]}" --threads "$T" --max-inputs "$MAX_INPUTS" --json | tee "$OUT/verdict.json"
