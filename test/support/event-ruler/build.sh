#!/usr/bin/env bash
# Builds the event-ruler oracle into .cache/event-ruler/ (Maven's repository in .cache/m2). Idempotent:
# once built and fetched it runs offline. Prints nothing on success but the classpath file's path.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
out="$root/.cache/event-ruler"
mkdir -p "$out"
stamp="$out/classpath.txt"
# Rebuilt only when the harness or its pom changed.
if [ -f "$stamp" ] && [ -z "$(find "$here/pom.xml" "$here/src" -newer "$stamp" -type f 2>/dev/null)" ]; then
  echo "$stamp"
  exit 0
fi
command -v java >/dev/null || { echo "event-ruler oracle: java is not installed (Java 17+)" >&2; exit 2; }
command -v mvn >/dev/null || { echo "event-ruler oracle: mvn is not installed (Apache Maven)" >&2; exit 2; }
mvn -B -q -f "$here/pom.xml" -Dmaven.repo.local="$root/.cache/m2" \
  compile dependency:build-classpath -Dmdep.outputFile="$stamp.tmp" >&2
mv "$stamp.tmp" "$stamp"
echo "$stamp"
