#!/usr/bin/env bash
# Issue 13, session 2: per automated rule, violations (ruleViolationCount, now and as of today),
# undetermined (ruleResults) and the seconds each request took, against a running server.
# Usage: ADDR=127.0.0.1:8013 issue13-session2-measure.sh [asOf]   (asOf default: today, Vietnam)
# The server: archgraph serve --addr $ADDR --request-timeout 120s --neo4j-retry-budget 150s --cache-mb 0 --max-analyses 0
set -euo pipefail
ADDR=${ADDR:-127.0.0.1:8013}
DAY=${1:-$(TZ=Asia/Ho_Chi_Minh date +%F)}
q() { curl -s -X POST -H 'Content-Type: application/json' "http://$ADDR/graphql" --data "$(jq -nc --arg q "$1" '{query:$q}')"; }
timed() { local s e out; s=$(date +%s.%N); out=$(q "$1" | jq -r "$2"); e=$(date +%s.%N); printf '%s\t%.1fs' "$out" "$(echo "$e - $s" | bc)"; }
printf 'rule\tviolations\ttime\tasOf %s\ttime\tundetermined\ttime\n' "$DAY"
for r in $(q '{ rules { code automated } }' | jq -r '.data.rules[] | select(.automated) | .code'); do
  printf '%s\t%s\t%s\t%s\n' "$r" \
    "$(timed "{ n: ruleViolationCount(rule: \"$r\") }" '.data.n // .errors[0].message')" \
    "$(timed "{ n: ruleViolationCount(rule: \"$r\", asOf: \"$DAY\") }" '.data.n // .errors[0].message')" \
    "$(timed "{ r: ruleResults(rule: \"$r\") { undetermined } }" '.data.r[0].undetermined // .errors[0].message')"
done
