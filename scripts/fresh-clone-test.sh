#!/usr/bin/env bash
# Fresh-clone proof: clone this checkout's HEAD (committed work only) into an empty temporary directory,
# with nothing beside it (no ../shared, no node_modules, no build output, no unpacked corpus), then run the
# README's install and test commands there: `npm ci` and `npm test`. The multi-replica tests are required
# (KEPBOT_REQUIRE_REDIS=1) wherever redis-server is installed. Ends with one line:
#   fresh clone <commit>: N passed, N failed (npm ci Ns, npm test Ns)
# and exits non-zero when anything failed. Uses the npm registry (npm ci); takes several minutes.
#
#   bash scripts/fresh-clone-test.sh            # KEEP=1 keeps the clone and prints where it is
set -uo pipefail
source_dir="$(cd "$(dirname "$0")/.." && pwd)"
commit=$(git -C "$source_dir" rev-parse HEAD) || { echo "fresh clone: $source_dir is not a git checkout"; exit 2; }
if [ -n "$(git -C "$source_dir" status --porcelain --untracked-files=no)" ]; then
  echo "fresh clone: note: uncommitted changes in $source_dir are not part of the clone" >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kepbot-fresh-clone.XXXXXX")
[ "${KEEP:-}" = 1 ] || trap 'rm -rf "$work"' EXIT
clone="$work/kepbot"
git clone -q --no-hardlinks "$source_dir" "$clone" && git -C "$clone" checkout -q --detach "$commit" \
  || { echo "fresh clone ${commit:0:12}: 0 passed, 1 failed (git clone)"; exit 1; }
# Nothing beside the clone: a test that reaches outside the repository (../shared, a sibling checkout) fails here.
[ "$(ls -A "$work")" = kepbot ] || { echo "fresh clone: $work holds more than the clone" >&2; exit 2; }
[ ! -e "$clone/node_modules" ] && [ ! -e "$clone/dist" ] && [ ! -e "$clone/.corpus" ] || { echo "fresh clone: the clone has build output" >&2; exit 2; }

cd "$clone" || exit 2
echo "fresh clone of ${commit:0:12} in $clone: npm ci" >&2
started=$SECONDS
npm ci --no-audit --no-fund >"$work/npm-ci.log" 2>&1
ci_status=$?
ci_seconds=$(( SECONDS - started ))
if [ "$ci_status" -ne 0 ]; then
  tail -n 40 "$work/npm-ci.log" >&2
  echo "fresh clone ${commit:0:12}: 0 passed, 1 failed (npm ci exited $ci_status after ${ci_seconds}s)"
  exit 1
fi

if command -v redis-server >/dev/null 2>&1; then
  export KEPBOT_REQUIRE_REDIS=1
  redis="redis required"
else
  echo "fresh clone: redis-server is not installed: the multi-replica tests skip" >&2
  redis="redis-server missing: multi-replica tests skipped"
fi
echo "fresh clone: npm test ($redis)" >&2
results="$work/jest-results.json"
started=$SECONDS
npm test -- --json --outputFile="$results" >"$work/npm-test.log" 2>&1
test_status=$?
test_seconds=$(( SECONDS - started ))
[ "$test_status" -eq 0 ] || tail -n 80 "$work/npm-test.log" >&2
node -e '
  const fs = require("node:fs");
  let r = {};
  try { r = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); } catch {}
  let failed = (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
  if (process.argv[2] !== "0" && failed === 0) failed = 1;   // a run that died without a report still failed
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`fresh clone ${process.argv[3]}: ${r.numPassedTests ?? 0} passed, ${failed} failed, ${skipped} skipped (npm ci ${process.argv[4]}s, npm test ${process.argv[5]}s; ${process.argv[6]})`);
' "$results" "$test_status" "${commit:0:12}" "$ci_seconds" "$test_seconds" "$redis"
[ "${KEEP:-}" != 1 ] || echo "fresh clone: kept in $clone" >&2
exit "$test_status"
