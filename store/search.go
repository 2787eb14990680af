package store

import (
	"context"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Hit is one full-text search result.
type Hit struct {
	ID, Code, Label, Name, NameEn string
	Score                         float64
}

const cypherSearch = `
CALL db.index.fulltext.queryNodes($index, $q, {limit: $scan}) YIELD node, score
WITH node, score WHERE $label IS NULL OR $label IN labels(node)
RETURN node.id AS id, node.code AS code, labels(node)[0] AS label, node.name AS name,
       node.nameEn AS nameEn, score
ORDER BY score DESC, code LIMIT $limit`

// Search finds nodes whose name, English name or code match text, accents ignored
// ("ha noi" finds "Hà Nội"). The text is escaped: it is searched for, never parsed as Lucene syntax.
func (s *Store) Search(ctx context.Context, text string, limit int) ([]Hit, error) {
	return s.SearchLabel(ctx, text, "", limit)
}

// SearchLabel is Search over the nodes of one label ("" for all): the index is read further
// (up to 50 times limit, at most 5,000 hits) so that other labels' better hits leave room.
func (s *Store) SearchLabel(ctx context.Context, text, label string, limit int) ([]Hit, error) {
	q := luceneTerms(text)
	if q == "" {
		return []Hit{}, nil
	}
	scan := limit
	if label != "" {
		scan = min(limit*50, 5000)
	}
	return read(ctx, s, "search", func(tx neo4j.ManagedTransaction) ([]Hit, error) {
		res, err := tx.Run(ctx, cypherSearch, map[string]any{"index": FulltextIndex, "q": q, "limit": limit,
			"scan": scan, "label": nilIfEmpty(label)})
		if err != nil {
			return nil, err
		}
		out := []Hit{}
		for res.Next(ctx) {
			r := res.Record()
			sc, _ := r.Get("score")
			f, _ := sc.(float64)
			out = append(out, Hit{ID: str(r, "id"), Code: str(r, "code"), Label: str(r, "label"),
				Name: str(r, "name"), NameEn: str(r, "nameEn"), Score: f})
		}
		return out, res.Err()
	})
}

// luceneTerms turns free text into a Lucene query that requires every word (prefix match on
// the last one, for search-as-you-type), with all Lucene syntax removed.
func luceneTerms(text string) string {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) > 16 {
		words = words[:16]
	}
	for i, w := range words {
		// Prefix (wildcard) terms skip Lucene's analyzer, so fold accents here the way the
		// index's standard-folding analyzer does.
		words[i] = "+" + fold(strings.ToLower(w))
	}
	if n := len(words); n > 0 {
		words[n-1] += "*"
	}
	return strings.Join(words, " ")
}

// fold removes diacritics (Hà Nội -> Ha Noi, Đà Nẵng -> Da Nang).
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case r == 'đ':
			b.WriteRune('d')
		case r == 'Đ':
			b.WriteRune('D')
		case unicode.Is(unicode.Mn, r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
