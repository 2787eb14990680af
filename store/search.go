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

// cypherSearchPaged is cypherSearch read over a fixed window (SearchCountCap matches, every
// match when there are fewer) and sorted by a total order (score, then id), so that every page
// cuts the same list and the pages of SearchPage neither repeat nor skip a hit. A window that
// grew with the page would not do: the index breaks ties of score differently for another
// limit (seen with "nen tang": a node on two pages).
const cypherSearchPaged = `
CALL db.index.fulltext.queryNodes($index, $q, {limit: $scan}) YIELD node, score
WITH node, score WHERE $label IS NULL OR $label IN labels(node)
RETURN node.id AS id, node.code AS code, labels(node)[0] AS label, node.name AS name,
       node.nameEn AS nameEn, score
ORDER BY score DESC, id LIMIT $limit`

// cypherSearchCode finds the codes that a code typed without punctuation matches ($rx, from
// codePattern), shortest code first.
const cypherSearchCode = `
CALL db.index.fulltext.queryNodes($index, $rx, {limit: $scan}) YIELD node
WITH node WHERE $label IS NULL OR $label IN labels(node)
RETURN node.id AS id, node.code AS code, labels(node)[0] AS label, node.name AS name,
       node.nameEn AS nameEn, 1.0 AS score
ORDER BY size(node.code), node.code LIMIT $limit`

// codeScan is how many code matches Search orders by length (a commune's code and its
// components' codes, which extend it, are a few dozen).
const codeScan = 1000

// Search finds nodes whose name, English name or code match text, accents ignored
// ("ha noi" finds "Hà Nội"), and codes typed without their punctuation ("vapex" finds V-APEX,
// listed first). The text is escaped: it is searched for, never parsed as Lucene syntax.
func (s *Store) Search(ctx context.Context, text string, limit int) ([]Hit, error) {
	return s.SearchLabel(ctx, text, "", limit)
}

// SearchLabel is Search over the nodes of one label ("" for all): the index is read further
// (up to 50 times limit, at most 5,000 hits) so that other labels' better hits leave room.
func (s *Store) SearchLabel(ctx context.Context, text, label string, limit int) ([]Hit, error) {
	return s.search(ctx, text, label, limit, false)
}

// SearchPage is one page of the hits of SearchLabel, in an order that pages consistently
// (cypherSearchPaged): the code matches first, shortest first, then the word matches by
// score, each of the first SearchCountCap matches its index gives. It returns at most limit
// hits from offset.
func (s *Store) SearchPage(ctx context.Context, text, label string, offset, limit int) ([]Hit, error) {
	hits, err := s.search(ctx, text, label, offset+limit, true)
	if err != nil || len(hits) <= offset {
		return []Hit{}, err
	}
	return hits[offset:], nil
}

func (s *Store) search(ctx context.Context, text, label string, limit int, paged bool) ([]Hit, error) {
	q := luceneTerms(text)
	if q == "" {
		return []Hit{}, nil
	}
	scan := limit
	if label != "" {
		scan = min(limit*50, 5000)
	}
	codeScanned := max(scan, codeScan)
	if paged {
		// Reads that do not grow with the page, so that every page cuts the same ordered list.
		scan, codeScanned = SearchCountCap, SearchCountCap
	}
	rx := codePattern(text)
	return read(ctx, s, "search", func(tx neo4j.ManagedTransaction) ([]Hit, error) {
		out := []Hit{}
		seen := map[string]bool{}
		run := func(cypher string, params map[string]any) error {
			res, err := tx.Run(ctx, cypher, params)
			if err != nil {
				return err
			}
			for res.Next(ctx) {
				r := res.Record()
				sc, _ := r.Get("score")
				f, _ := sc.(float64)
				h := Hit{ID: str(r, "id"), Code: str(r, "code"), Label: str(r, "label"), Name: str(r, "name"), NameEn: str(r, "nameEn"), Score: f}
				if !seen[h.ID] && len(out) < limit {
					seen[h.ID] = true
					out = append(out, h)
				}
			}
			return res.Err()
		}
		if rx != "" {
			// The index scores every code match alike: read enough of them that the shortest come first.
			if err := run(cypherSearchCode, map[string]any{"index": CodeIndex, "rx": rx, "limit": limit,
				"scan": codeScanned, "label": nilIfEmpty(label)}); err != nil {
				return nil, err
			}
		}
		words, wordLimit := cypherSearch, limit
		if paged {
			// The word matches that are also code matches are dropped: read that many more.
			words, wordLimit = cypherSearchPaged, limit+len(out)
		}
		if err := run(words, map[string]any{"index": FulltextIndex, "q": q, "limit": wordLimit,
			"scan": scan, "label": nilIfEmpty(label)}); err != nil {
			return nil, err
		}
		return out, nil
	})
}

// SearchCountCap bounds how many matches SearchCount reads from each index: past it the
// count is a lower bound (the index is not read to its end for a one-letter prefix).
const SearchCountCap = 10000

// cypherSearchCount counts the nodes the word index matches (all of them, and those of
// $label); m is the unlabelled count, which tells whether the cap was reached.
const cypherSearchCount = `
CALL db.index.fulltext.queryNodes($index, $q, {limit: $cap}) YIELD node
RETURN count(node) AS m, count(CASE WHEN $label IS NULL OR $label IN labels(node) THEN 1 END) AS n`

// cypherSearchCountCode is cypherSearchCount over the union of the code matches ($rx) and the
// word matches: a node both find is counted once, as Search lists it once.
const cypherSearchCountCode = `
CALL {
  CALL db.index.fulltext.queryNodes($codeIndex, $rx, {limit: $cap}) YIELD node RETURN node
  UNION
  CALL db.index.fulltext.queryNodes($index, $q, {limit: $cap}) YIELD node RETURN node
}
RETURN count(node) AS m, count(CASE WHEN $label IS NULL OR $label IN labels(node) THEN 1 END) AS n`

// SearchCount counts the hits SearchLabel would list with no limit: exact is false when an
// index gave SearchCountCap matches, and n is then a lower bound.
func (s *Store) SearchCount(ctx context.Context, text, label string) (n int, exact bool, err error) {
	q := luceneTerms(text)
	if q == "" {
		return 0, true, nil
	}
	cypher, params := cypherSearchCount, map[string]any{"index": FulltextIndex, "q": q, "cap": SearchCountCap, "label": nilIfEmpty(label)}
	if rx := codePattern(text); rx != "" {
		cypher = cypherSearchCountCode
		params["codeIndex"], params["rx"] = CodeIndex, rx
	}
	type counts struct{ m, n int64 }
	c, err := read(ctx, s, "search count", func(tx neo4j.ManagedTransaction) (counts, error) {
		res, err := tx.Run(ctx, cypher, params)
		if err != nil {
			return counts{}, err
		}
		r, err := res.Single(ctx)
		if err != nil {
			return counts{}, err
		}
		m, _ := r.Get("m")
		k, _ := r.Get("n")
		mi, _ := m.(int64)
		ki, _ := k.(int64)
		return counts{mi, ki}, nil
	})
	if err != nil {
		return 0, false, err
	}
	return int(c.n), c.m < SearchCountCap, nil
}

// codePattern: for text that is one run of at least three letters and digits (accents folded),
// a Lucene regular expression matching codes that spell it with any one character between
// letters ("vapex" matches V-APEX, "synhanoix0001" SYN-HA-NOI-X0001), as a prefix, in either
// case; "" for anything else. Only [a-z0-9] reach the expression: nothing of the text is parsed.
func codePattern(text string) string {
	w := strings.ToLower(fold(strings.TrimSpace(text)))
	if len(w) < 3 || len(w) > 40 {
		return ""
	}
	var b strings.Builder
	b.WriteByte('/')
	for i, r := range w {
		switch {
		case r >= 'a' && r <= 'z':
			if i > 0 {
				b.WriteString(".?")
			}
			b.WriteString("[" + string(r) + string(unicode.ToUpper(r)) + "]")
		case r >= '0' && r <= '9':
			if i > 0 {
				b.WriteString(".?")
			}
			b.WriteRune(r)
		default:
			return ""
		}
	}
	b.WriteString(".*/")
	return b.String()
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
