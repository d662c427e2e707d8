#!/usr/bin/env bash
# The main job on the bundled default model: build the two jars, certify the model's accuracy with
# each strategy, then re-verify every certificate with the standalone checker jar.
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${MODEL:-testdata/models/maxof4-v64-seed3.safetensors}
OUT=${OUT:-target/demo}
mvn -q -B -ntp -DskipTests package
mkdir -p "$OUT"
for strategy in brute-force cubic separable cascade "subcubic:EUPU-mean_query+max_diff--attn-mean_query+diff--attn-err-max_diff"; do
  echo "== $strategy: generate a certificate (untrusted generator)"
  file="$OUT/${strategy%%:*}.json"
  java -jar generator/target/generator.jar certify --strategy "$strategy" --model "$MODEL" --out "$file" --no-self-check
  echo "== $strategy: verify it (standalone checker jar)"
  java -jar checker/target/checker.jar verify "$MODEL" "$file"
done
