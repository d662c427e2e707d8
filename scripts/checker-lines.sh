#!/usr/bin/env bash
# Prints the checker's size: non-blank, non-comment lines of checker/src/main (the trusted base),
# split into the core and the subcubic strategies (the subcubic/ package and their hint format,
# format/SubcubicHints.java). Comments: // lines and /* ... */ blocks.
# With --check, also fails (exit 1) when a part is over its budget: core 1800, subcubic 700 (issue 11).
set -euo pipefail
cd "$(dirname "$0")/.."
CORE_BUDGET=1800
SUBCUBIC_BUDGET=700
count() {
  if [ $# -eq 0 ]; then echo 0; return; fi
  cat "$@" | awk '
    { line = $0 }
    incomment { if (line ~ /\*\//) { sub(/.*\*\//, "", line); incomment = 0 } else next }
    { while (line ~ /\/\*/) { if (line ~ /\/\*.*\*\//) { sub(/\/\*.*\*\//, "", line) } else { sub(/\/\*.*/, "", line); incomment = 1 } } }
    { sub(/^[ \t]*\/\/.*/, "", line) }
    line ~ /[^ \t]/ { n++ }
    END { print n + 0 }'
}
main=checker/src/main/java/compactproofs/checker
mapfile -t all < <(find "$main" -name '*.java' | sort)
mapfile -t sub < <(find "$main/subcubic" "$main/format" -name '*.java' \( -path "*/subcubic/*" -o -name 'SubcubicHints.java' \) | sort)
total=$(count "${all[@]}")
subcubic=$(count "${sub[@]}")
core=$((total - subcubic))
echo "checker (trusted base): $total non-blank, non-comment lines ($core core of at most $CORE_BUDGET, $subcubic subcubic of at most $SUBCUBIC_BUDGET)"
if [ "${1:-}" = "--check" ]; then
  status=0
  if [ "$core" -gt "$CORE_BUDGET" ]; then echo "checker core is over its line budget: $core > $CORE_BUDGET" >&2; status=1; fi
  if [ "$subcubic" -gt "$SUBCUBIC_BUDGET" ]; then echo "checker subcubic part is over its line budget: $subcubic > $SUBCUBIC_BUDGET" >&2; status=1; fi
  exit $status
fi
