#!/usr/bin/env bash
# Writes the class-data-sharing archive that bin/checker uses: JAR.jsa next to the checker jar (and JAR.jsa.path,
# the jar's canonical path, which the JVM records in the archive), holding the
# classes (the JDK's and the jar's) that verifying each strategy's bundled certificate loads. Run by the
# checker module's package phase on Unix-like systems. The archive only speeds up the JVM's start, so this never fails the build:
# if the JVM cannot write one, it says so and bin/checker runs without it.
# Usage: bin/cds-archive.sh JAR
set -uo pipefail
jar=$(cd "$(dirname "$1")" && pwd -P)/$(basename "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
jsa=${jar%.jar}.jsa
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -f "$jsa" "$jsa.path"
v=$root/testdata/certificates/valid/tiny-v8-n3
# every strategy, with the one-line verdict and with --json; the class lists merged in order, without repeats
for out in "" --json; do
  "$java" -XX:DumpLoadedClassList="$tmp/classes$out.lst" -jar "$jar" verify "$root/testdata/models/tiny-v8-n3.safetensors" \
    "$v.brute-force.json" "$v.cascade.json" "$v.cubic.json" "$v.separable.json" "$v.subcubic-default.json" $out >"$tmp/run.log" 2>&1
done
awk '!seen[$0]++' "$tmp"/classes*.lst >"$tmp/all.lst"
if "$java" -Xshare:dump -XX:SharedClassListFile="$tmp/all.lst" -XX:SharedArchiveFile="$jsa" -cp "$jar" >"$tmp/dump.log" 2>&1; then
  printf '%s\n' "$jar" >"$jsa.path" # the one jar (and place) the archive fits: bin/checker uses it only for that jar
  echo "class-data archive for bin/checker: $jsa"
else
  rm -f "$jsa" "$jsa.path"
  echo "note: no class-data archive for bin/checker (the JVM could not write one: $(grep -m 1 -i error "$tmp/dump.log"))"
fi
exit 0
