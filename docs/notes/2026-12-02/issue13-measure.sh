#!/usr/bin/env bash
# Issue 13 measurements: rule counts and conformance before/after, on the built-in framework
# and on the synthetic estate S, against the Neo4j on 127.0.0.1:7713 (wiped).
# Usage: issue13-measure.sh NEW_BINARY OLD_BINARY  (OLD = main at b7c6827, before issue 13)
set -euo pipefail
NEW=$1 OLD=$2
export NEO4J_URI=bolt://127.0.0.1:7713
ADDR=127.0.0.1:18113
q() { curl -s -X POST -H 'Content-Type: application/json' "http://$ADDR/graphql" --data "$(jq -nc --arg q "$1" '{query:$q}')"; }
serve() { "$1" serve --addr $ADDR --request-timeout 120s --neo4j-retry-budget 150s ${2:-} >/tmp/ag13-serve.log 2>&1 & PID=$!; for _ in $(seq 60); do curl -sf http://$ADDR/healthz >/dev/null && return; sleep 1; done; }
stop() { kill $PID; wait $PID 2>/dev/null || true; }
rules() {
  for r in $(q '{ rules { code automated } }' | jq -r '.data.rules[] | select(.automated) | .code'); do
    printf '%s\t%s\n' "$r" "$(q "{ n: ruleViolationCount(rule: \"$r\") }" | jq -r '.data.n // .errors[0].message')"
  done
}
conf() { # nation and two provinces: essential tally (+ supplementary with the new binary)
  local sel='communes tally { applicable realized exploited missing score }'
  [[ $1 == new ]] && sel='communes tally { applicable realized exploited provided missing score } supplementary { applicable realized exploited provided notDeployed score }'
  for p in "" HA-NOI LAI-CHAU; do
    arg=""; [[ -n $p ]] && arg="(province: \"$p\")"
    printf '%s\t%s\n' "${p:-NATION}" "$(q "{ conformanceSummary$arg { total { $sel } } }" | jq -c '.data.conformanceSummary.total')"
  done
}
"$NEW" migrate
"$NEW" seed --reset
serve "$NEW" "--max-analyses 0"; echo "== built-in framework: rule counts"; rules; stop
"$NEW" seed --synthetic S --rand-seed 1
serve "$NEW" "--max-analyses 0"; echo "== S: rule counts"; rules; echo "== S: conformance after (new binary)"; conf new; stop
serve "$OLD"; echo "== S: conformance before (main at b7c6827)"; conf old; stop
