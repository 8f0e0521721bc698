#!/usr/bin/env bash
# The steps of kepbot's GitHub Action (action.yml at the repository root), kept here so that a test can run
# them on a local git repository (test/action.test.ts).
#
#   run.sh install    npm ci and build in $GITHUB_ACTION_PATH: kepbot's own source at the ref the workflow
#                     names in `uses:`, never anything from the pull request under check
#   run.sh check      kepbot check <path> [--base … --head …] --format sarif > the SARIF file; records
#                     `status` (0 clean, 1 findings that block) in $GITHUB_OUTPUT and exits 0 for both, so
#                     that the upload runs; exit status 2 (kepbot could not run) fails here with ::error::
#   run.sh conclude   after the upload: the SARIF's results as workflow annotations, then exit 1
#
# Inputs arrive as environment variables (action.yml maps `inputs.*` to INPUT_*), never pasted into the
# script. The pull request is only read, through git, by kepbot started from $GITHUB_ACTION_PATH: nothing in
# the checkout (an .npmrc, a package.json, node_modules/.bin) can choose the code that runs.
set -euo pipefail

: "${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH must name kepbot's checkout (the action's own directory)}"
kepbot="$GITHUB_ACTION_PATH/bin/kepbot.js"

# Text for a workflow command's message (%, CR and LF escaped) and for a property (also : and ,).
command_data() { local s=${1//%/%25}; s=${s//$'\r'/%0D}; printf '%s' "${s//$'\n'/%0A}"; }
output() { printf '%s=%s\n' "$1" "$2" >> "${GITHUB_OUTPUT:-/dev/null}"; }

# A field of the triggering event's pull request (pull_request, pull_request_review, …), or nothing.
event_field() {
  [ -n "${GITHUB_EVENT_PATH:-}" ] && [ -f "$GITHUB_EVENT_PATH" ] || return 0
  node -e '
    const event = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
    const value = process.argv[2].split(".").reduce((at, key) => (at == null ? undefined : at[key]), event.pull_request);
    if (typeof value === "string") process.stdout.write(value);
  ' "$GITHUB_EVENT_PATH" "$1"
}

install() {
  cd "$GITHUB_ACTION_PATH"
  # --ignore-scripts: no dependency's install script runs; kepbot is then built explicitly.
  npm ci --ignore-scripts --no-audit --no-fund
  npm run build
}

check() {
  local workspace="${GITHUB_WORKSPACE:-$PWD}" temp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
  local dir="${INPUT_PATH:-.}"
  [[ "$dir" = /* ]] || dir="$workspace/$dir"
  local sarif="${INPUT_SARIF_FILE:-$temp/kepbot.sarif}"
  [[ "$sarif" = /* ]] || sarif="$workspace/$sarif"

  local args=(check "$dir")
  local base="${INPUT_BASE:-}"
  if [ -z "$base" ]; then
    local base_ref
    base_ref=$(event_field base.ref)
    [ -z "$base_ref" ] || base="origin/$base_ref"
  fi
  # Without a base (a push, a schedule) the whole tree is checked.
  [ -z "$base" ] || args+=(--base "$base" --head "${INPUT_HEAD:-HEAD}")
  [ -z "${INPUT_PROFILE:-}" ] || args+=(--profile "$INPUT_PROFILE")
  local author="${INPUT_AUTHOR:-}"
  [ -n "$author" ] || author=$(event_field user.login)
  [ -z "$author" ] || args+=(--author "$author")
  [ -z "${INPUT_APPROVED_BY:-}" ] || args+=(--approved-by "$INPUT_APPROVED_BY")
  local body="${INPUT_PR_BODY_FILE:-}"
  if [ -z "$body" ] && [ -n "${GITHUB_EVENT_PATH:-}" ] && [ -f "$GITHUB_EVENT_PATH" ] && node -e 'process.exit(JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")).pull_request ? 0 : 1)' "$GITHUB_EVENT_PATH"; then
    body="$temp/kepbot-pr-body.md"
    event_field body > "$body"
  fi
  [ -z "$body" ] || args+=(--pr-body "$body")
  args+=(--format sarif)

  mkdir -p "$(dirname "$sarif")"
  local notes="$temp/kepbot-stderr.txt" status=0
  echo "kepbot ${args[*]}"
  node "$kepbot" "${args[@]}" > "$sarif" 2> "$notes" || status=$?
  cat "$notes" >&2
  output status "$status"
  output checkout-path "$dir"

  if [ "$status" -gt 1 ] || ! node -e 'JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"))' "$sarif" 2>/dev/null; then
    # kepbot says why on the last line of its stderr ("kepbot: …"); commander's usage errors say "error: …".
    local reason
    reason=$(grep -v '^[[:space:]]*$' "$notes" | tail -n 1 || true)
    [ -n "$reason" ] || reason="no reason given"
    [ "$status" -gt 1 ] || reason="its output is not SARIF (exit status $status)"
    echo "::error title=kepbot could not run::$(command_data "$reason") (exit status $status)"
    rm -f "$sarif"
    output sarif-file ""
    exit $(( status > 1 ? status : 2 ))
  fi
  output sarif-file "$sarif"
  node -e '
    const sarif = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
    const summary = sarif.runs?.[0]?.properties?.summary ?? {};
    const parts = [`${summary.errors ?? 0} errors`, `${summary.warnings ?? 0} warnings`, `${summary.notices ?? 0} notices`];
    if (summary.new !== undefined) parts.push(`${summary.new} new, ${summary.preexisting} already present`);
    console.log(`kepbot: ${parts.join(", ")}; SARIF in ${process.argv[1]}`);
  ' "$sarif"
}

conclude() {
  local sarif="${INPUT_SARIF_FILE:?the SARIF file check wrote}"
  node -e '
    const sarif = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
    const data = (s) => String(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
    const prop = (s) => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
    for (const result of sarif.runs.flatMap((run) => run.results ?? [])) {
      const where = result.locations?.[0]?.physicalLocation ?? {};
      const level = { error: "error", warning: "warning" }[result.level] ?? "notice";
      const props = [`title=${prop(result.ruleId)}`];
      if (where.artifactLocation?.uri) props.push(`file=${prop(where.artifactLocation.uri)}`);
      if (where.region?.startLine) props.push(`line=${where.region.startLine}`);
      console.log(`::${level} ${props.join(",")}::${data(result.message.text)}`);
    }
  ' "$sarif"
  echo "kepbot found errors (annotated above, and in code scanning where the SARIF was uploaded)."
  exit 1
}

case "${1:-}" in
  install) install ;;
  check) check ;;
  conclude) conclude ;;
  *) echo "usage: run.sh install|check|conclude" >&2; exit 2 ;;
esac
