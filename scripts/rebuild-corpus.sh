#!/usr/bin/env bash
# Regenerates the checker's test corpus under testdata/ with CorpusBuilder (testdata test sources):
# certificates/{invalid,malformed}, certificates/valid/variant-*, models/{malformed,variants} and
# certificates/index.json, from the bundled models and the generator-written certificates.
#
#   scripts/rebuild-corpus.sh           rebuild testdata/ in place (review the diff, then commit)
#   scripts/rebuild-corpus.sh --check   rebuild into a temporary copy and compare it with testdata/;
#                                       exit 1 (and list the differences) if the committed corpus is stale
#
# Compiles the checker, generator and testdata sources offline (mvn -o test-compile; no test runs) and
# runs compactproofs.testdata.testing.CorpusBuilder with testdata's test class path.
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
case "${1:-}" in
  "") ;;
  --check) check=1 ;;
  -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# compile offline and take testdata's test class path from the compiler's debug output (no plugin
# beyond the build's own is needed, so this works with an offline repository)
mvn -B -ntp -o -X -pl testdata -am test-compile >"$tmp/mvn.log" 2>&1 \
  || { grep -E "ERROR" "$tmp/mvn.log" >&2; echo "rebuild-corpus: the build failed" >&2; exit 2; }
cp=$(grep -F '(f) testPath = [' "$tmp/mvn.log" | tail -1 | sed 's/.*(f) testPath = \[//; s/\]$//; s/, /:/g')
case "$cp" in */testdata/target/test-classes:*) ;; *) echo "rebuild-corpus: no test class path for testdata in the build log" >&2; exit 2 ;; esac
rebuild() { # DIR: rebuilds the corpus in DIR (a testdata directory)
  java -cp "$cp" compactproofs.testdata.testing.CorpusBuilder "$1"
}
if [ "$check" -eq 0 ]; then
  rebuild "$PWD/testdata"
  exit 0
fi
mkdir -p "$tmp/testdata"
cp -r testdata/models testdata/certificates "$tmp/testdata/"
rebuild "$tmp/testdata"
status=0
for d in models certificates; do
  diff -r -q "testdata/$d" "$tmp/testdata/$d" || status=1
done
if [ "$status" -ne 0 ]; then
  echo "rebuild-corpus --check: the committed corpus differs from a fresh rebuild (run scripts/rebuild-corpus.sh and review the diff)" >&2
else
  echo "rebuild-corpus --check: testdata/models and testdata/certificates match a fresh rebuild"
fi
exit "$status"
