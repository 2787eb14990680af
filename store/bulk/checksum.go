package bulk

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The checksum reads every node (sorted by id, with labels and properties) and every
// relationship (sorted by endpoints, type, days and id: several ARCHIMATE_RELATION may join two
// nodes) and hashes them: two graphs with the
// same checksum hold the same data.
const (
	cypherChecksumNodes = `MATCH (n) WHERE NOT (n:GraphVersion OR n:ConformanceFacts OR n:ComponentCount OR n:ComponentKindCount OR n:ComponentLayerCount OR n:ComponentCountsState) AND ($all OR NOT (n:Change OR n:Token OR n:Session))
  AND NOT ($current AND (n:RetiredComponent OR n:ComponentVersion))
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props ORDER BY id, props.validTo`
	cypherChecksumRels = `MATCH (a)-[r]->(b)
WHERE NOT ($current AND (type(r) STARTS WITH 'WAS_' OR type(r) = 'HAS_VERSION'))
RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props ORDER BY a, t, b, props.validFrom, props.validTo, props.id`
)

// Checksum is a SHA-256 over the whole graph's nodes and relationships, the audit log, the
// tokens and the web sessions included.
func (s *Store) Checksum(ctx context.Context) (string, error) { return s.checksum(ctx, true, false) }

// ModelChecksum is Checksum over the architecture model alone (no audit log, no tokens, no web
// sessions, which a backup does not carry), its
// history (retired components, earlier versions, closed relationships) included.
func (s *Store) ModelChecksum(ctx context.Context) (string, error) {
	return s.checksum(ctx, false, false)
}

// CurrentChecksum is ModelChecksum over the current model alone: without its history.
func (s *Store) CurrentChecksum(ctx context.Context) (string, error) {
	return s.checksum(ctx, false, true)
}

func (s *Store) checksum(ctx context.Context, all, current bool) (string, error) {
	return read(ctx, s, "checksum", func(tx neo4j.ManagedTransaction) (string, error) {
		h := sha256.New()
		for _, q := range []string{cypherChecksumNodes, cypherChecksumRels} {
			res, err := tx.Run(ctx, q, map[string]any{"all": all, "current": current})
			if err != nil {
				return "", err
			}
			for res.Next(ctx) {
				// json.Marshal sorts map keys, so equal records hash equally.
				b, err := json.Marshal(res.Record().Values)
				if err != nil {
					return "", fmt.Errorf("checksum: %w", err)
				}
				h.Write(b)
				h.Write([]byte{'\n'})
			}
			if err := res.Err(); err != nil {
				return "", err
			}
			h.Write([]byte("--\n"))
		}
		return hex.EncodeToString(h.Sum(nil)), nil
	})
}
