#!/usr/bin/env bash
# Scans every synthesized stack with checkov (pinned, installed from PyPI into a cached virtualenv) and fails
# on any failed check that the resource does not excuse with a reasoned skip comment.
# Usage: scripts/checkov/run.sh [cdktf.out]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/cdktf.out}"
version="3.3.30"
venv="${CHECKOV_VENV:-$root/.cache/checkov-$version}"

if [ ! -x "$venv/bin/checkov" ]; then
  echo "installing checkov $version into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "checkov==$version"
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
status=0
for stack in "$out"/stacks/*/; do
  name="$(basename "$stack")"
  echo "== checkov: $name"
  mkdir -p "$results/$name"
  (cd "$root" && npx tsx scripts/checkov/enforce.ts --scannable "$stack/cdk.tf.json" "$results/$name/cdk.tf.json")
  # checkov exits 1 when a check fails; enforce.ts decides after applying the skip comments.
  "$venv/bin/checkov" --quiet --framework terraform_json --skip-download \
    --file "$results/$name/cdk.tf.json" --output json > "$results/$name.json" || true
  (cd "$root" && npx tsx scripts/checkov/enforce.ts "$results/$name.json" "$stack/cdk.tf.json") || status=1
done
exit $status
