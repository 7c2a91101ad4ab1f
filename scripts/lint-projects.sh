#!/usr/bin/env bash
# Lints each reference solution and starter with its own biome.json: they are learners' projects,
# copied out of this repo by `lab start`, so each carries a root configuration of its own (and
# the repo's biome.json leaves them out: biome refuses a root configuration nested in another).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for dir in solutions/*/ exercises/*/starter/; do
  [ -f "$dir/biome.json" ] || continue
  (cd "$dir" && npx --no-install biome check --error-on-warnings . >/dev/null 2>&1) || {
    echo "biome check failed in $dir (run: cd $dir && npx biome check .)" >&2
    status=1
  }
done
exit $status
