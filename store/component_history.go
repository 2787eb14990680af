package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

// Components as of a day: resolving a reference on a day (retired components included), and a
// component's versions.

// cypherResolveComponentAsOf finds the components (current or retired) with id or code $ref,
// newest first, with whether each was valid on $asOf and its properties that day.
var cypherResolveComponentAsOf = `
CALL () {
  MATCH (c:Component) WHERE c.id = $ref OR c.code = $ref RETURN c
  UNION
  MATCH (c:RetiredComponent) WHERE c.id = $ref OR c.code = $ref RETURN c
}
WITH c ORDER BY c.validFrom DESC
RETURN c {.*} AS now, ` + validOn("c") + ` AS valid, ` + asOfProps("c") + ` AS c`

// resolveComponentAsOf returns the component with id or code ref as it was on asOf (empty: now,
// resolveComponent). ErrNotFound names ref, and when the component exists but was not valid that
// day, its validity.
func resolveComponentAsOf(ctx context.Context, tx neo4j.ManagedTransaction, ref, asOf string) (model.Component, error) {
	if asOf == "" {
		return resolveComponent(ctx, tx, ref)
	}
	res, err := tx.Run(ctx, cypherResolveComponentAsOf, map[string]any{"ref": ref, "asOf": asOf})
	if err != nil {
		return model.Component{}, err
	}
	var spans []string
	for res.Next(ctx) {
		r := res.Record()
		if boolean(r, "valid") {
			c := componentFromProps(recMap(r, "c"))
			_, err := res.Consume(ctx)
			return c, err
		}
		now := recMap(r, "now")
		spans = append(spans, fmt.Sprintf("%s..%s", orDash(pstr(now, "validFrom")), orDash(pstr(now, "validTo"))))
	}
	if err := res.Err(); err != nil {
		return model.Component{}, err
	}
	if len(spans) == 0 {
		return model.Component{}, notFoundf("no component has the id or code %q", ref)
	}
	return model.Component{}, notFoundf("component %q did not exist on %s (valid %s)", ref, asOf, strings.Join(spans, ", "))
}

// cypherComponentVersions lists, for every component (current or retired) with id or code $ref,
// its earlier versions and then itself.
const cypherComponentVersions = `
CALL () {
  MATCH (c:Component) WHERE c.id = $ref OR c.code = $ref RETURN c
  UNION
  MATCH (c:RetiredComponent) WHERE c.id = $ref OR c.code = $ref RETURN c
}
CALL (c) {
  OPTIONAL MATCH (c)-[:HAS_VERSION]->(v:ComponentVersion)
  WITH v ORDER BY v.validTo, v.validFrom
  RETURN collect(v) AS vs
}
RETURN [v IN vs | v {.*, validFrom: c.validFrom, validTo: c.validTo, versionFrom: v.validFrom}] + [c {.*}] AS versions
ORDER BY c.validFrom, c.id`

// ComponentVersions returns every version of the components with id or code ref (retired ones
// included), oldest first: earlier property values, then the component as it is (or was when
// retired). An earlier version has an id of its own (the component's id, "@", the day it ended),
// so that clients caching by id keep the versions apart. ErrNotFound when there is none.
func (s *Store) ComponentVersions(ctx context.Context, ref string) ([]model.Component, error) {
	return read(ctx, s, "component versions", func(tx neo4j.ManagedTransaction) ([]model.Component, error) {
		res, err := tx.Run(ctx, cypherComponentVersions, map[string]any{"ref": ref})
		if err != nil {
			return nil, err
		}
		out := []model.Component{}
		for res.Next(ctx) {
			out = append(out, recComponents(res.Record(), "versions")...)
		}
		if err := res.Err(); err != nil {
			return nil, err
		}
		if len(out) == 0 {
			return nil, notFoundf("no component has the id or code %q", ref)
		}
		return out, nil
	})
}

func orDash(s string) string {
	if s == "" {
		return "…"
	}
	return s
}

// checkAsOf validates an asOf day: a date, not after today.
func (s *Store) checkAsOf(asOf string) error {
	if asOf == "" {
		return nil
	}
	if _, err := ParseDate(asOf); err != nil {
		return About("asOf", err)
	}
	if today := s.Today(); asOf > today {
		return About("asOf", invalidf("%s is after today (%s); the model records the past and present, not plans", asOf, today))
	}
	return nil
}
