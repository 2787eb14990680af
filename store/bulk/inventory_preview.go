package bulk

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

// InventoryRowPreview is what importing one inventory row would store and report: the
// capabilities and realizations inferred from its name, and the duplication findings of the
// component once the whole file is in.
type InventoryRowPreview struct {
	Line int
	Code string
	Name string
	// Action is what the import would do to the row's component.
	Action    InventoryAction
	Inferred  []InferredEdge
	Suggested []InferredEdge
	Findings  []model.DuplicateFinding
}

// InferredEdge is an inferred PROVIDES or suggested REALIZES edge.
type InferredEdge struct {
	Code      string
	Score     float64
	Terms     string
	Platforms string
}

// cypherInferredOf reads the inferred edges of the components $codes.
const cypherInferredOf = `
UNWIND $codes AS code
MATCH (c:Component {code: code})
RETURN code,
  [(c)-[e:PROVIDES {basis: 'INFERRED'}]->(x:Capability) | {code: x.code, score: e.score, terms: e.terms, platforms: e.platforms}] AS caps,
  [(c)-[e:REALIZES {basis: 'INFERRED'}]->(x:ReferenceComponent) | {code: x.code, score: e.score, terms: e.terms}] AS refs`

// cypherProvinceOf is the province an agency is in (itself for a province), for the findings
// of a preview: the rows' components are the agency's, so their findings are that province's.
const cypherProvinceOf = `
MATCH (a:Agency {code: $agency})-[:PART_OF*0..]->(p:Agency {level: 'PROVINCE'})
RETURN p.id AS id LIMIT 1`

// PreviewInventory is ImportInventory's dry run: the same checks and writes, in a transaction
// that is rolled back, and what they would store and report per row. The file's errors are
// ImportInventory's.
func (s *Store) PreviewInventory(ctx context.Context, agency string, items []InventoryItem) ([]InventoryRowPreview, error) {
	return s.PreviewInventoryAs(ctx, CLIPrincipal, agency, items)
}

// PreviewInventoryAs is PreviewInventory for actor, whose scope ImportInventoryAs checks.
func (s *Store) PreviewInventoryAs(ctx context.Context, actor model.Principal, agency string, items []InventoryItem) ([]InventoryRowPreview, error) {
	s.NoteTransaction()
	s.NoteWrite(ctx)
	sess := s.Session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	tx, err := sess.BeginTransaction(ctx, neo4j.WithTxMetadata(map[string]any{"app": "archgraph", "op": "preview inventory"}))
	if err != nil {
		return nil, classify("preview inventory", err)
	}
	defer tx.Close(ctx) // rolls back: nothing of the preview is kept
	out, err := func() ([]InventoryRowPreview, error) {
		done, err := s.importInventoryTx(ctx, tx, actor, agency, items)
		if err != nil {
			return nil, err
		}
		codes := make([]string, len(items))
		rows := map[string]*InventoryRowPreview{}
		out := make([]InventoryRowPreview, len(items))
		for i, it := range items {
			codes[i] = it.Code
			out[i] = InventoryRowPreview{Line: it.Line, Code: it.Code, Name: it.Name, Action: done[i].Action}
			rows[it.Code] = &out[i]
		}
		res, err := tx.Run(ctx, cypherInferredOf, map[string]any{"codes": codes})
		if err != nil {
			return nil, err
		}
		edges := func(r *neo4j.Record, key string) []InferredEdge {
			var es []InferredEdge
			for _, m := range recMaps(r, key) {
				es = append(es, InferredEdge{Code: pstr(m, "code"), Score: pfloat(m, "score"), Terms: pstr(m, "terms"), Platforms: pstr(m, "platforms")})
			}
			return es
		}
		for res.Next(ctx) {
			r := res.Record()
			if row := rows[str(r, "code")]; row != nil {
				row.Inferred, row.Suggested = edges(r, "caps"), edges(r, "refs")
			}
		}
		if err := res.Err(); err != nil {
			return nil, err
		}
		province := ""
		pres, err := tx.Run(ctx, cypherProvinceOf, map[string]any{"agency": agency})
		if err != nil {
			return nil, err
		}
		if pres.Next(ctx) {
			province = str(pres.Record(), "id")
		} else if err := pres.Err(); err != nil {
			return nil, err
		}
		fs, err := s.st.FindDuplicatesTx(ctx, tx, model.DuplicateQuery{Province: province})
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			if row := rows[f.Component.Code]; row != nil {
				row.Findings = append(row.Findings, f)
			}
		}
		return out, nil
	}()
	if err != nil {
		return nil, classify("preview inventory", fmt.Errorf("%w", err))
	}
	return out, nil
}
