package resolvers

import (
	"context"
	"encoding/base64"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/textpolicy"
)

// Page sizes: a connection's `first` is 1..MaxPageSize.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
	// MaxOffset bounds how deep a cursor may page (SKIP cost grows with it).
	MaxOffset = 1_000_000
	// MaxTextLen bounds every free-text argument (search, names).
	MaxTextLen = 300
)

// page turns first/after into an offset and a limit, or a BAD_USER_INPUT error.
func page(first *int, after *string) (offset, limit int, err error) {
	limit = DefaultPageSize
	if first != nil {
		if *first < 1 || *first > MaxPageSize {
			return 0, 0, model.BadInput("first must be between 1 and %d (got %d)", MaxPageSize, *first)
		}
		limit = *first
	}
	if after != nil && *after != "" {
		raw, derr := base64.RawURLEncoding.DecodeString(*after)
		n, perr := strconv.Atoi(strings.TrimPrefix(string(raw), "o:"))
		if derr != nil || perr != nil || !strings.HasPrefix(string(raw), "o:") || n < 0 || n > MaxOffset {
			return 0, 0, model.BadInput("after: %q is not a cursor of this API", clip(*after))
		}
		offset = n + 1
	}
	return offset, limit, nil
}

func cursor(i int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(i)))
}

// isOffsetCursor reports whether after is an offset cursor ("o:<n>"): lists other than the
// model's (search hits, an impact's items and paths) page by offset, and the model's lists read
// the offset cursors that earlier versions made.
func isOffsetCursor(after *string) bool {
	if after == nil || *after == "" {
		return false
	}
	raw, err := base64.RawURLEncoding.DecodeString(*after)
	return err == nil && strings.HasPrefix(string(raw), "o:")
}

// pagePos reads first and after of a list in its default order (a nested connection): its
// limit, and where its page starts — after the row whose key values a keyset cursor holds, or
// at the offset of an offset cursor.
func pagePos(first *int, after *string) (offset, limit int, keys []any, err error) {
	if isOffsetCursor(after) {
		offset, limit, err = page(first, after)
		return offset, limit, nil, err
	}
	if _, limit, err = page(first, nil); err != nil {
		return 0, 0, nil, err
	}
	keys, err = keysetAfter(after, "")
	return 0, limit, keys, err
}

// pageInfo builds a PageInfo for n rows fetched at offset when limit+1 were asked for.
func pageInfo(offset, n, limit int) model.PageInfo {
	pi := model.PageInfo{HasPreviousPage: offset > 0, HasNextPage: n > limit}
	if m := min(n, limit); m > 0 {
		s, e := cursor(offset), cursor(offset+m-1)
		pi.StartCursor, pi.EndCursor = &s, &e
	}
	return pi
}

// clip shortens a user string for an error message.
func clip(s string) string {
	if utf8.RuneCountInString(s) > 60 {
		r := []rune(s)
		return string(r[:60]) + "…"
	}
	return s
}

// cleanText validates and normalizes a free-text argument with the one input-text policy
// (textpolicy): valid UTF-8, NFC, trimmed, no control or bidi-override characters, visible,
// 1..max characters.
func cleanText(field, s string, max int) (string, error) {
	v, err := textpolicy.Clean(field, s, textpolicy.Rule{Max: max})
	if err != nil {
		return "", model.BadField(field, "%s", err.Error())
	}
	return v, nil
}

// cleanDescription validates and normalizes a component's description with the input-text
// policy's rule for free text (textpolicy.Description: several lines, at most 4000 characters);
// nil or blank is no description.
func cleanDescription(s *string) (*string, error) {
	if s == nil {
		return nil, nil
	}
	v, err := textpolicy.Clean("description", *s, textpolicy.Description)
	if err != nil {
		return nil, model.BadInput("%s", err.Error())
	}
	if v == "" {
		return nil, nil
	}
	return &v, nil
}

// ref validates an id-or-code argument.
func ref(field, s string) (string, error) {
	v, err := textpolicy.Clean(field, s, textpolicy.Ref)
	if err != nil {
		var te *textpolicy.Error
		if errors.As(err, &te) && strings.HasPrefix(te.Reason, "is too long") {
			return "", model.BadField(field, "%s: %q is not an id or a code", field, clip(s))
		}
		return "", model.BadField(field, "%s", err.Error())
	}
	return v, nil
}

// get resolves an id-or-code argument to a node of label, as a client error when absent.
func (r *Resolver) get(ctx context.Context, label, field, s string) (model.Node, error) {
	s, err := ref(field, s)
	if err != nil {
		return nil, err
	}
	p, err := r.Store.Get(ctx, label, s)
	return p, store.About(field, err)
}

// optional turns a NOT_FOUND from a single-node query field into null, as GraphQL clients expect.
func optional[T any](v T, err error) (*T, error) {
	var ce *model.ClientError
	if errors.As(err, &ce) && ce.Code == model.CodeNotFound || errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// nonEmpty is s, or null when it is empty: an optional text the store keeps as "" when absent.
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// idOrCode picks the one of id and code that is given.
func idOrCode(id, code *string) (string, error) {
	switch {
	case id != nil && code != nil:
		return "", model.BadInput("give id or code, not both")
	case id != nil:
		return *id, nil
	case code != nil:
		return *code, nil
	}
	return "", model.BadInput("give id or code")
}

// isoTime validates an ISO date (2026-11-27) or RFC 3339 date-time and returns it as a
// date-time Neo4j parses.
func isoTime(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Format(time.RFC3339), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.Format(time.RFC3339Nano), nil
	}
	return "", model.BadInput("%s: %q is not an ISO date (2026-11-27) or date-time (2026-11-27T08:00:00Z)", field, clip(s))
}

// asOfArg is an asOf argument: "" when omitted (now); an empty string is not a day.
func asOfArg(p *string) (string, error) {
	if p == nil {
		return "", nil
	}
	if *p == "" {
		return "", model.BadInput("asOf: an empty string is not a date of the form YYYY-MM-DD (omit asOf for now)")
	}
	return *p, nil
}

// ruleArgs validates the arguments of ruleViolations, ruleViolationCount and ruleResults.
func ruleArgs(rule, agency, asOf *string) (rc, ag, day string, err error) {
	if rule != nil {
		if rc, err = ref("rule", *rule); err != nil {
			return
		}
	}
	if agency != nil {
		if ag, err = ref("agency", *agency); err != nil {
			return
		}
	}
	day, err = asOfArg(asOf)
	return
}

// duplicateArgs validates the arguments of duplicates and duplication.
func duplicateArgs(of *string, scope *model.Scope, asOf *string, province *string, minConfidence *float64,
	basis []model.DuplicateBasis, review []model.ReviewState) (string, model.DuplicateQuery, error) {
	var q model.DuplicateQuery
	o := ""
	if of != nil {
		var err error
		if o, err = ref("of", *of); err != nil {
			return "", q, err
		}
	}
	if scope != nil {
		q.Scope = *scope
	}
	if province != nil {
		p, err := ref("province", *province)
		if err != nil {
			return "", q, err
		}
		q.Province = p
	}
	if minConfidence != nil {
		if *minConfidence < 0 || *minConfidence > 1 {
			return "", q, model.BadInput("minConfidence must be between 0 and 1 (got %g)", *minConfidence)
		}
		q.MinConfidence = *minConfidence
	}
	day, err := asOfArg(asOf)
	if err != nil {
		return "", q, err
	}
	q.AsOf, q.Basis, q.Review = day, basis, review
	return o, q, nil
}

// impactRowFilter checks an impact's item filter and resolves its province and owner (ids or
// codes) to codes; a depth outside 1..maxDepth is bad input.
func (r *Resolver) impactRowFilter(ctx context.Context, filter *model.ImpactItemFilter, maxDepth int) (model.ImpactRowFilter, error) {
	var f model.ImpactRowFilter
	if filter == nil {
		return f, nil
	}
	f.Levels, f.Layers = filter.Level, filter.Layer
	if filter.Province != nil {
		p, err := r.get(ctx, store.LabelAgency, "filter.province", *filter.Province)
		if err != nil {
			return f, err
		}
		f.Province = as[model.Agency](p).Code
	}
	if filter.Owner != nil {
		o, err := r.get(ctx, store.LabelAgency, "filter.owner", *filter.Owner)
		if err != nil {
			return f, err
		}
		f.Owner = as[model.Agency](o).Code
	}
	if filter.Depth != nil {
		if *filter.Depth < 1 || *filter.Depth > maxDepth {
			return f, model.BadInput("filter.depth must be between 1 and %d (got %d)", maxDepth, *filter.Depth)
		}
		f.Depth = *filter.Depth
	}
	return f, nil
}

// searchArgs checks the text and label of a search.
func searchArgs(text string, label *string) (q, l string, err error) {
	if label != nil {
		if !slices.Contains(store.Labels, *label) {
			return "", "", model.BadField("label", "label %q is not one of %v", clip(*label), store.Labels)
		}
		l = *label
	}
	q, err = cleanText("text", text, MaxTextLen)
	return q, l, err
}

func searchHit(h store.Hit) model.SearchHit {
	return model.SearchHit{ID: h.ID, Code: h.Code, Label: h.Label, Name: h.Name, NameEn: h.NameEn, Score: h.Score}
}

// searchTotal counts a search connection's hits once, for totalCount and totalCountExact.
func (r *Resolver) searchTotal(ctx context.Context, c *model.SearchHitConnection) *model.SearchTotal {
	c.Total.Once.Do(func() {
		c.Total.N, c.Total.Exact, c.Total.Err = r.Store.SearchCount(ctx, c.Text, c.Label)
	})
	return c.Total
}
