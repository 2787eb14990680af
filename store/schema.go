package store

import (
	"context"
	"fmt"
	"github.com/google/uuid"
	"regexp"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Node labels of the metamodel: a fixed allow-list. These names are a contract that users see
// in Neo4j Browser; never build a label from input.
const (
	LabelFramework          = "Framework"
	LabelLayer              = "Layer"
	LabelComponentGroup     = "ComponentGroup"
	LabelReferenceComponent = "ReferenceComponent"
	LabelAgency             = "Agency"
	LabelComponent          = "Component"
	LabelCapability         = "Capability"
	LabelRule               = "Rule"
)

// Labels lists every node label of the metamodel.
var Labels = []string{LabelFramework, LabelLayer, LabelComponentGroup, LabelReferenceComponent,
	LabelAgency, LabelComponent, LabelCapability, LabelRule}

// Relationship types of the metamodel: a fixed allow-list.
const (
	RelInLayer    = "IN_LAYER"
	RelInGroup    = "IN_GROUP"
	RelDefinedIn  = "DEFINED_IN"
	RelConformsTo = "CONFORMS_TO"
	RelSupersedes = "SUPERSEDES"
	RelPartOf     = "PART_OF"
	RelOwns       = "OWNS"
	RelUses       = "USES"
	RelDependsOn  = "DEPENDS_ON"
	RelRealizes   = "REALIZES"
	RelProvides   = "PROVIDES"
	// RelHostedIn: a component stores its data on / runs in a data centre or cloud (L253).
	RelHostedIn = "HOSTED_IN"
	// RelDisasterRecovery: a component's backup, standby and disaster-recovery site (L249).
	RelDisasterRecovery = "HAS_DISASTER_RECOVERY"
	// RelApprovedBy: a component was agreed to by an agency: the line ministry for a department's
	// sectoral software (L512), the province for a commune's area-supplementary item (the
	// figures: "Cấp xã làm sau khi xin ý kiến của cấp tỉnh", L2181), the data owner for
	// restricted data at the National Data Center (L253).
	RelApprovedBy = "APPROVED_BY"
)

// RelTypes lists every relationship type of the metamodel.
var RelTypes = []string{RelInLayer, RelInGroup, RelDefinedIn, RelConformsTo, RelSupersedes,
	RelPartOf, RelOwns, RelUses, RelDependsOn, RelRealizes, RelProvides, RelHostedIn, RelDisasterRecovery, RelApprovedBy}

// Endpoint is one allowed (from)-[type]->(to) shape of the metamodel.
type Endpoint struct{ From, Type, To string }

// Shapes lists every relationship the metamodel allows, by its endpoints.
var Shapes = []Endpoint{
	{LabelComponentGroup, RelInLayer, LabelLayer},
	{LabelReferenceComponent, RelInGroup, LabelComponentGroup},
	{LabelReferenceComponent, RelDefinedIn, LabelFramework},
	{LabelFramework, RelConformsTo, LabelFramework},
	{LabelFramework, RelSupersedes, LabelFramework},
	{LabelAgency, RelPartOf, LabelAgency},
	{LabelAgency, RelOwns, LabelComponent},
	{LabelAgency, RelUses, LabelComponent},
	{LabelComponent, RelDependsOn, LabelComponent},
	{LabelComponent, RelRealizes, LabelReferenceComponent},
	{LabelComponent, RelInLayer, LabelLayer},
	{LabelComponent, RelProvides, LabelCapability},
	{LabelReferenceComponent, RelProvides, LabelCapability},
	{LabelComponent, RelHostedIn, LabelComponent},
	{LabelComponent, RelDisasterRecovery, LabelComponent},
	{LabelComponent, RelApprovedBy, LabelAgency},
}

// FulltextIndex is the accent-folding full-text index over name and nameEn.
const FulltextIndex = "name_fulltext"

// CodeIndex holds each code (and ASCII code) whole, one term per node (the keyword analyzer), so
// that a code typed without its punctuation ("vapex", "synhanoix0001") is found by a regular
// expression over the terms; the word index splits "V-APEX" into "v" and "apex".
const CodeIndex = "code_keyword"

// schemaStatements builds the idempotent migration. Labels come from the allow-list above, never
// from input, so building the statements here is safe.
func schemaStatements() []string {
	var out []string
	for _, l := range append(append([]string{}, Labels...), ArchiMateLabels...) {
		out = append(out,
			fmt.Sprintf("CREATE CONSTRAINT %s_id_unique IF NOT EXISTS FOR (n:%s) REQUIRE n.id IS UNIQUE", lower(l), l),
			fmt.Sprintf("CREATE CONSTRAINT %s_code_unique IF NOT EXISTS FOR (n:%s) REQUIRE n.code IS UNIQUE", lower(l), l))
	}
	out = append(out,
		// Generic ArchiMate relationships kept as relationships (archimate.go): merged on their id.
		"CREATE CONSTRAINT archimate_relation_id_unique IF NOT EXISTS FOR ()-[r:"+RelArchiMateRelation+"]-() REQUIRE r.id IS UNIQUE",
		"CREATE CONSTRAINT token_id_unique IF NOT EXISTS FOR (n:Token) REQUIRE n.id IS UNIQUE",
		"CREATE CONSTRAINT token_hash_unique IF NOT EXISTS FOR (n:Token) REQUIRE n.hash IS UNIQUE",
		"CREATE CONSTRAINT change_id_unique IF NOT EXISTS FOR (n:Change) REQUIRE n.id IS UNIQUE",
		// Browser sessions (governance.CreateSession), looked up by the hash of their secret.
		"CREATE CONSTRAINT session_hash_unique IF NOT EXISTS FOR (n:Session) REQUIRE n.hash IS UNIQUE",
		// One write-version node (graph_version.go): MERGE under concurrent writes needs it unique.
		"CREATE CONSTRAINT graphversion_id_unique IF NOT EXISTS FOR (n:GraphVersion) REQUIRE n.id IS UNIQUE",
		// One conformance-facts node per commune (conformance_facts.go), MERGEd by writers.
		"CREATE CONSTRAINT conformancefacts_agency_unique IF NOT EXISTS FOR (n:ConformanceFacts) REQUIRE n.agency IS UNIQUE",
		// The component counts (component_counts.go): one state node, counts MERGEd by owner.
		"CREATE CONSTRAINT componentcountsstate_id_unique IF NOT EXISTS FOR (n:ComponentCountsState) REQUIRE n.id IS UNIQUE",
		"CREATE INDEX componentcount_owner IF NOT EXISTS FOR (n:ComponentCount) ON (n.owner)",
		// The nation's roll-up reads each province's facts by it.
		"CREATE INDEX conformancefacts_province IF NOT EXISTS FOR (n:ConformanceFacts) ON (n.province)",
		"CREATE INDEX change_entity IF NOT EXISTS FOR (n:Change) ON (n.entityId)",
		// Valid time (validtime.go): retired components are found by id (unique: it was the
		// component's), code and scope (a code may be reused once its component is retired, so it is not unique), earlier
		// versions by scope (asOf duplicates).
		"CREATE CONSTRAINT retiredcomponent_id_unique IF NOT EXISTS FOR (n:RetiredComponent) REQUIRE n.id IS UNIQUE",
		"CREATE INDEX retiredcomponent_code IF NOT EXISTS FOR (n:RetiredComponent) ON (n.code)",
		"CREATE INDEX retiredcomponent_scope IF NOT EXISTS FOR (n:RetiredComponent) ON (n.scope)",
		"CREATE INDEX componentversion_scope IF NOT EXISTS FOR (n:ComponentVersion) ON (n.scope)",
		"CREATE INDEX change_at IF NOT EXISTS FOR (n:Change) ON (n.at)",
		"CREATE INDEX referencecomponent_ascii IF NOT EXISTS FOR (n:ReferenceComponent) ON (n.ascii)",
		"CREATE INDEX componentgroup_ascii IF NOT EXISTS FOR (n:ComponentGroup) ON (n.ascii)",
		"CREATE INDEX agency_level IF NOT EXISTS FOR (n:Agency) ON (n.level)",
		"CREATE INDEX component_scope IF NOT EXISTS FOR (n:Component) ON (n.scope)",
		"CREATE INDEX component_synthetic IF NOT EXISTS FOR (n:Component) ON (n.synthetic)",
		"CREATE INDEX component_group IF NOT EXISTS FOR (n:Component) ON (n.group)",
		"CREATE INDEX component_layer IF NOT EXISTS FOR (n:Component) ON (n.layer)",
		"CREATE INDEX component_exposes_api IF NOT EXISTS FOR (n:Component) ON (n.exposesApi)",
		// recordedSince (analysis_impact_groups.go): the earliest validFrom, read from the index.
		"CREATE INDEX component_valid_from IF NOT EXISTS FOR (n:Component) ON (n.validFrom)",
		"CREATE INDEX retiredcomponent_valid_from IF NOT EXISTS FOR (n:RetiredComponent) ON (n.validFrom)",
		// Duplication (infer.go, "Open edges"): the few PROVIDES edges that can make a finding.
		"CREATE INDEX provides_open IF NOT EXISTS FOR ()-[r:PROVIDES]-() ON (r.open)",
		"CREATE INDEX agency_synthetic IF NOT EXISTS FOR (n:Agency) ON (n.synthetic)",
		// Measured KPIs (measurements.go): one value per indicator, agency and period.
		"CREATE CONSTRAINT measurement_id_unique IF NOT EXISTS FOR (n:Measurement) REQUIRE n.id IS UNIQUE",
		"CREATE INDEX measurement_key IF NOT EXISTS FOR (n:Measurement) ON (n.indicator, n.period, n.agencyId)",
		// The nation's roll-up of an indicator and period reads its measurements (measurements.go).
		"CREATE INDEX measurement_indicator_period IF NOT EXISTS FOR (n:Measurement) ON (n.indicator, n.period)",
		`CREATE FULLTEXT INDEX `+FulltextIndex+` IF NOT EXISTS
		 FOR (n:Framework|Layer|ComponentGroup|ReferenceComponent|Agency|Component|Capability|Rule)
		 ON EACH [n.name, n.nameEn, n.code, n.ascii]
		 OPTIONS {indexConfig: {`+"`fulltext.analyzer`"+`: 'standard-folding', `+"`fulltext.eventually_consistent`"+`: false}}`,
		`CREATE FULLTEXT INDEX `+CodeIndex+` IF NOT EXISTS
		 FOR (n:Framework|Layer|ComponentGroup|ReferenceComponent|Agency|Component|Capability|Rule)
		 ON EACH [n.code, n.ascii]
		 OPTIONS {indexConfig: {`+"`fulltext.analyzer`"+`: 'keyword', `+"`fulltext.eventually_consistent`"+`: false}}`,
	)
	return out
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// Migrate applies the schema idempotently and waits until every index is online.
func (s *Store) Migrate(ctx context.Context) error {
	sess := s.Session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	// Every command (import, seed, serve) migrates first: the constraints and indexes that exist
	// under their name are not asked for again (IF NOT EXISTS would make each a no-op, at the
	// cost of a schema transaction: ~1 s of Neo4j's CPU for the 60 statements).
	have, err := s.schemaNames(ctx, sess)
	if err != nil {
		return classify("migrate", err)
	}
	for _, stmt := range schemaStatements() {
		if m := schemaName.FindStringSubmatch(stmt); m != nil && have[m[1]] {
			continue
		}
		// Schema statements must run in their own auto-commit transaction.
		res, err := sess.Run(ctx, stmt, nil)
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			return classify("migrate", fmt.Errorf("%s: %w", firstLine(stmt), err))
		}
	}
	res, err := sess.Run(ctx, "CALL db.awaitIndexes(300)", nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		return classify("migrate: await indexes", err)
	}
	// The open flags of duplication (infer.go), for a graph written before they existed or by
	// a path that does not keep them (the row-by-row benchmark loader).
	res, err = sess.Run(ctx, cypherRefreshOpenAll, nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		return classify("migrate: duplication open flags", err)
	}
	// History only: the current model, and so the conformance facts, do not change.
	_, err = writeKept(ctx, s, "migrate: drop empty closed relationships", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		res, err := tx.Run(ctx, cypherDropEmptyClosed, nil)
		if err == nil {
			_, err = res.Consume(ctx)
		}
		return struct{}{}, err
	})
	if err != nil {
		return err
	}
	// Generic ArchiMate relationships stored in the node form before they became relationships.
	if _, err = s.MigrateArchiMateRelations(ctx); err != nil {
		return err
	}
	// The conformance facts, for a graph written before they existed or by a path that does not
	// keep them (conformance_facts.go); nothing is done when they are current.
	if _, err = s.RefreshConformanceFacts(ctx); err != nil {
		return err
	}
	// The component counts likewise (component_counts.go).
	_, err = s.RefreshComponentCounts(ctx)
	return err
}

// cypherDropEmptyClosed deletes closed relationships valid on no day (validFrom = validTo),
// which earlier versions left when an edge was added and removed on the same day: they carry no
// state of any day, and a backup could not restore them one for one.
var cypherDropEmptyClosed = func() string {
	seen := map[string]bool{}
	var types []string
	for _, sh := range HistoryShapes {
		if sh.Type != RelHasVersion && !seen[sh.Type] {
			seen[sh.Type] = true
			types = append(types, sh.Type)
		}
	}
	return "MATCH ()-[r:" + strings.Join(types, "|") + "]->() WHERE r.validFrom >= r.validTo DELETE r"
}()

// schemaName is the name a schema statement gives its constraint or index.
var schemaName = regexp.MustCompile(`^CREATE (?:CONSTRAINT|INDEX|FULLTEXT INDEX) (\w+) IF NOT EXISTS`)

// schemaNames are the names of the constraints and indexes the database has.
func (s *Store) schemaNames(ctx context.Context, sess neo4j.SessionWithContext) (map[string]bool, error) {
	have := map[string]bool{}
	for _, q := range []string{"SHOW CONSTRAINTS YIELD name RETURN name", "SHOW INDEXES YIELD name RETURN name"} {
		res, err := sess.Run(ctx, q, nil)
		if err != nil {
			return nil, err
		}
		for res.Next(ctx) {
			if n, ok := res.Record().Values[0].(string); ok {
				have[n] = true
			}
		}
		if err := res.Err(); err != nil {
			return nil, err
		}
	}
	return have, nil
}

func firstLine(s string) string {
	for i, c := range s {
		if c == '\n' {
			return s[:i]
		}
	}
	return s
}

// SchemaItem is one constraint or index as Neo4j reports it.
type SchemaItem struct {
	Kind, Name, Description string
}

// Schema lists the constraints and indexes, sorted, so that two migrations can be compared.
func (s *Store) Schema(ctx context.Context) ([]SchemaItem, error) {
	return read(ctx, s, "schema", func(tx neo4j.ManagedTransaction) ([]SchemaItem, error) {
		var out []SchemaItem
		for _, q := range []struct{ kind, cypher string }{
			{"constraint", "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN name, [type] + labelsOrTypes + properties AS d"},
			{"index", "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state RETURN name, [type, state] + coalesce(labelsOrTypes, []) + coalesce(properties, []) AS d"},
		} {
			res, err := tx.Run(ctx, q.cypher, nil)
			if err != nil {
				return nil, err
			}
			recs, err := res.Collect(ctx)
			if err != nil {
				return nil, err
			}
			for _, r := range recs {
				name, _ := r.Get("name")
				d, _ := r.Get("d")
				out = append(out, SchemaItem{Kind: q.kind, Name: fmt.Sprint(name), Description: fmt.Sprint(d)})
			}
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Kind+out[i].Name < out[j].Kind+out[j].Name })
		return out, nil
	})
}

// StableID is the id a seeded node gets: a UUIDv5 of its label and code, so that every machine
// that loads the same framework gives the same node the same id.
func StableID(label, code string) string {
	return uuid.NewSHA1(idNamespace, []byte(label+":"+code)).String()
}

var idNamespace = uuid.MustParse("6f1d2b0e-4c39-5d7a-9a51-3a0c2b8e7d10")
