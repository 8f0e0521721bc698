#!/bin/sh
# The fault-injection test (test/production/faults.test.ts) N times in a row (default 10) while two busy loops keep
# both cores of a small machine saturated: under CPU starvation, answers arrive after kepbot's request deadline,
# which once left check runs in progress (issue 10, point 9). Prints "P/N passed"; exits 0 only if all passed.
#
#   scripts/faults-under-load.sh [runs]
#
# Each run's output goes to $LOG_DIR (default: a fresh temporary directory), named run-1.log, run-2.log …
set -u
cd "$(dirname "$0")/.." || exit 2
runs="${1:-10}"
burners="${BURNERS:-2}"
log_dir="${LOG_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/kepbot-faults-under-load.XXXXXX")}"
mkdir -p "$log_dir"

pids=""
stop_burners() {
  # Only the busy loops this script started, by their ids.
  for pid in $pids; do kill "$pid" 2>/dev/null; done
  for pid in $pids; do wait "$pid" 2>/dev/null; done
  pids=""
}
trap 'stop_burners; exit 130' INT TERM
trap stop_burners EXIT

i=0
while [ "$i" -lt "$burners" ]; do
  node -e 'for(;;){}' &
  pids="$pids $!"
  i=$((i + 1))
done

passed=0
run=1
while [ "$run" -le "$runs" ]; do
  start=$(date +%s)
  if NODE_OPTIONS=--experimental-vm-modules npx jest test/production/faults.test.ts >"$log_dir/run-$run.log" 2>&1; then
    passed=$((passed + 1))
    verdict=pass
  else
    verdict=FAIL
  fi
  echo "run $run/$runs: $verdict in $(($(date +%s) - start)) s ($log_dir/run-$run.log)"
  run=$((run + 1))
done

stop_burners
echo "$passed/$runs passed"
[ "$passed" -eq "$runs" ]
