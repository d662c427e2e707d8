#!/usr/bin/env bash
# Prints the checker's size: non-blank, non-comment lines of checker/src/main (the trusted base),
# split into the core and the subcubic package. Comments: // lines and /* ... */ blocks.
set -euo pipefail
cd "$(dirname "$0")/.."
count() {
  find "$@" -name '*.java' -print0 | xargs -0 cat | awk '
    { line = $0 }
    incomment { if (line ~ /\*\//) { sub(/.*\*\//, "", line); incomment = 0 } else next }
    { while (line ~ /\/\*/) { if (line ~ /\/\*.*\*\//) { sub(/\/\*.*\*\//, "", line) } else { sub(/\/\*.*/, "", line); incomment = 1 } } }
    { sub(/^[ \t]*\/\/.*/, "", line) }
    line ~ /[^ \t]/ { n++ }
    END { print n + 0 }'
}
main=checker/src/main/java/compactproofs/checker
sub=$(count "$main/subcubic")
all=$(count "$main")
echo "checker (trusted base): $all non-blank, non-comment lines ($((all - sub)) core, $sub subcubic)"
