package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// No lost updates: an edit form carries the revision of the component it was filled from, and
// updateComponent and deleteComponent refuse it with CONFLICT once another edit has moved the
// component on. The check runs inside the write's transaction, after the component's lock is
// taken (governance.LockComponent), so that two editors who saved the same revision one after
// the other serialise on the lock and the second one is refused: never a silent overwrite.

// cypherLastChange is the audit entry that made the component's current revision: its latest
// change of its own values.
const cypherLastChange = `
MATCH (ch:Change {entityId: $id})
WHERE ch.operation IN ['createComponent', 'updateComponent', 'importInventory']
RETURN ch.actor AS actor, toString(ch.at) AS at, ch.operation AS op, ch.before AS before, ch.after AS after
ORDER BY ch.at DESC LIMIT 1`

// checkRevision refuses (KindConflict) an edit based on revision want of the component whose
// locked properties are current; want nil: the caller did not say (the API's earlier clients).
func checkRevision(ctx context.Context, tx neo4j.ManagedTransaction, current map[string]any, want *int) error {
	if want == nil {
		return nil
	}
	have := revisionOf(current)
	if *want == have {
		return nil
	}
	code, id := pstr(current, "code"), pstr(current, "id")
	details := map[string]any{"revision": have, "yourRevision": *want}
	who := ""
	res, err := tx.Run(ctx, cypherLastChange, map[string]any{"id": id})
	if err != nil {
		return err
	}
	if res.Next(ctx) {
		r := res.Record()
		actor, at, op := str(r, "actor"), str(r, "at"), str(r, "op")
		fields := changedFields(str(r, "before"), str(r, "after"))
		details["changedBy"], details["changedAt"], details["operation"], details["fields"] = actor, at, op, fields
		who = fmt.Sprintf(": %s by %s at %s", op, actor, at)
		if len(fields) > 0 {
			who += " changed " + strings.Join(fields, ", ")
		}
	} else if err := res.Err(); err != nil {
		return err
	}
	e := conflictf("component %s was changed since you opened it (revision %d, your edit is based on revision %d)%s; reload it and reapply your changes",
		code, have, *want, who)
	e.Details = details
	return e
}

// bookkeeping are properties no editor sets: left out of a conflict's list of changed fields.
var bookkeeping = map[string]bool{"revision": true, "versionFrom": true, "lockedBy": true, "validFrom": true}

// changedFields lists the properties that differ between two audit snapshots (JSON objects),
// sorted; an empty before (a creation) lists nothing.
func changedFields(before, after string) []string {
	var b, a map[string]any
	if json.Unmarshal([]byte(before), &b) != nil || json.Unmarshal([]byte(after), &a) != nil || b == nil {
		return []string{}
	}
	out := []string{}
	for k, v := range a {
		if bookkeeping[k] {
			continue
		}
		if fmt.Sprint(b[k]) != fmt.Sprint(v) {
			out = append(out, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok && !bookkeeping[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
