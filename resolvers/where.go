package resolvers

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/textpolicy"
)

// The dashboard arguments (issue 18): `where` trees, `orderBy` keys and aggregations. A where
// input (ComponentWhere, AgencyWhere, ReferenceWhere) becomes a model.Cond tree by its GraphQL
// names: AND/OR/NOT combine, a field holding a …Condition compares (each operator set is one
// comparison), a field holding another …Where is a relation condition. The store compiles the
// tree from its allow-lists, so a name it does not know is refused there; here every value is
// checked with the input-text policy and the tree's size is bounded before anything runs.

// whereCond converts a where input (a pointer to a generated …Where struct) into a Cond.
func whereCond(where any) (*model.Cond, error) {
	v := reflect.ValueOf(where)
	if !v.IsValid() || v.IsNil() {
		return nil, nil
	}
	w := whereWalk{}
	c, err := w.node(v.Elem(), "where", 1)
	if err != nil {
		return nil, err
	}
	return c, nil
}

type whereWalk struct{ conds int }

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

func (w *whereWalk) node(v reflect.Value, path string, depth int) (*model.Cond, error) {
	if depth > store.MaxWhereDepth {
		return nil, model.BadInput("%s: nested more than %d levels deep (AND, OR, NOT and relation conditions each count)", path, store.MaxWhereDepth)
	}
	var and []model.Cond
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		fv := v.Field(i)
		if fv.IsZero() {
			continue
		}
		name := jsonName(t.Field(i))
		p := path + "." + name
		switch name {
		case "AND", "OR":
			if fv.Len() > store.MaxWhereConds {
				return nil, model.BadInput("%s: %d conditions; at most %d", p, fv.Len(), store.MaxWhereConds)
			}
			var xs []model.Cond
			for j := 0; j < fv.Len(); j++ {
				c, err := w.node(fv.Index(j), fmt.Sprintf("%s[%d]", p, j), depth+1)
				if err != nil {
					return nil, err
				}
				xs = append(xs, *c)
			}
			if name == "AND" {
				and = append(and, model.Cond{And: xs})
			} else {
				and = append(and, model.Cond{Or: xs})
			}
		case "NOT":
			c, err := w.node(fv.Elem(), p, depth+1)
			if err != nil {
				return nil, err
			}
			and = append(and, model.Cond{Not: c})
		default:
			el := fv.Elem()
			if strings.HasSuffix(el.Type().Name(), "Where") {
				if w.conds++; w.conds > store.MaxWhereConds {
					return nil, model.BadInput("where: more than %d conditions", store.MaxWhereConds)
				}
				sub, err := w.node(el, p, depth+1)
				if err != nil {
					return nil, err
				}
				rel, quant := relQuant(name)
				and = append(and, model.Cond{Rel: rel, Sub: sub, Quant: quant})
				continue
			}
			cs, err := w.comparisons(el, name, p)
			if err != nil {
				return nil, err
			}
			and = append(and, cs...)
		}
	}
	switch len(and) {
	case 0:
		return &model.Cond{}, nil
	case 1:
		return &and[0], nil
	}
	return &model.Cond{And: and}, nil
}

// relQuant splits a relation condition's GraphQL name into the relation and its quantifier:
// dependsOn (some), dependsOnNone, dependsOnAll, dependsOnSingle. No relation's own name ends
// in one of these words; the store refuses a relation that is not on its allow-list.
func relQuant(name string) (string, string) {
	for _, q := range []struct{ suffix, quant string }{{"None", model.QuantNone}, {"All", model.QuantAll}, {"Single", model.QuantSingle}} {
		if rel, ok := strings.CutSuffix(name, q.suffix); ok && rel != "" {
			return rel, q.quant
		}
	}
	return name, model.QuantSome
}

// comparisons turns one …Condition into a comparison per operator given.
func (w *whereWalk) comparisons(v reflect.Value, field, path string) ([]model.Cond, error) {
	var out []model.Cond
	t := v.Type()
	text := t.Name() == "TextCondition"
	for i := 0; i < t.NumField(); i++ {
		fv := v.Field(i)
		if fv.IsNil() {
			continue
		}
		op := jsonName(t.Field(i))
		p := path + "." + op
		if w.conds++; w.conds > store.MaxWhereConds {
			return nil, model.BadInput("where: more than %d conditions", store.MaxWhereConds)
		}
		val, err := conditionValue(fv, p, text)
		if err != nil {
			return nil, err
		}
		out = append(out, model.Cond{Field: field, Op: op, Value: val})
	}
	if len(out) == 0 {
		return nil, model.BadInput("%s: give at least one operator", path)
	}
	return out, nil
}

// conditionValue is an operator's value as the store takes it: string, []string, int, []int,
// float64 or bool; every text passes the input-text policy.
func conditionValue(v reflect.Value, path string, text bool) (any, error) {
	rule := textpolicy.Ref
	if text {
		rule = textpolicy.Name
	}
	clean := func(s string) (string, error) {
		c, err := textpolicy.Clean(path, s, rule)
		if err != nil {
			return "", model.BadInput("%s", err.Error())
		}
		return c, nil
	}
	if v.Kind() == reflect.Slice {
		if v.Len() > store.MaxInValues {
			return nil, model.BadInput("%s: %d values; at most %d", path, v.Len(), store.MaxInValues)
		}
		if v.Len() == 0 {
			return nil, model.BadInput("%s: an empty list", path)
		}
		switch v.Type().Elem().Kind() {
		case reflect.Int:
			out := make([]int, v.Len())
			for i := range out {
				out[i] = int(v.Index(i).Int())
			}
			return out, nil
		case reflect.String:
			out := make([]string, v.Len())
			for i := range out {
				s, err := clean(v.Index(i).String())
				if err != nil {
					return nil, err
				}
				out[i] = s
			}
			return out, nil
		}
		return nil, model.BadInput("%s: unsupported list", path)
	}
	e := v.Elem()
	switch e.Kind() {
	case reflect.Bool:
		return e.Bool(), nil
	case reflect.Int:
		return int(e.Int()), nil
	case reflect.Float64:
		return e.Float(), nil
	case reflect.String:
		return clean(e.String())
	}
	return nil, model.BadInput("%s: unsupported value", path)
}

// fieldName turns a field enum (DUE_YEAR) into the store's field name (dueYear).
func fieldName[E ~string](e E) string {
	parts := strings.Split(strings.ToLower(string(e)), "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

func fieldNames[E ~string](es []E) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = fieldName(e)
	}
	return out
}

// sortKeys converts orderBy inputs (field + direction) into sort keys.
func sortKeys[E ~string](fields []E, desc []bool) ([]model.SortKey, error) {
	if len(fields) > store.MaxSortKeys {
		return nil, model.BadInput("orderBy: %d keys; at most %d", len(fields), store.MaxSortKeys)
	}
	out := make([]model.SortKey, len(fields))
	for i, f := range fields {
		out[i] = model.SortKey{Field: fieldName(f), Desc: desc[i]}
	}
	return out, nil
}

func componentSort(in []model.ComponentSort) ([]model.SortKey, error) {
	fs, ds := make([]model.ComponentField, len(in)), make([]bool, len(in))
	for i, s := range in {
		fs[i], ds[i] = s.Field, s.Direction != nil && *s.Direction == model.SortDirectionDesc
	}
	return sortKeys(fs, ds)
}

func agencySort(in []model.AgencySort) ([]model.SortKey, error) {
	fs, ds := make([]model.AgencyField, len(in)), make([]bool, len(in))
	for i, s := range in {
		fs[i], ds[i] = s.Field, s.Direction != nil && *s.Direction == model.SortDirectionDesc
	}
	return sortKeys(fs, ds)
}

func referenceSort(in []model.ReferenceSort) ([]model.SortKey, error) {
	fs, ds := make([]model.ReferenceField, len(in)), make([]bool, len(in))
	for i, s := range in {
		fs[i], ds[i] = s.Field, s.Direction != nil && *s.Direction == model.SortDirectionDesc
	}
	return sortKeys(fs, ds)
}

// sortTag names an order in its cursors: "" for the default order (cursors as before), else
// a hash of the keys, so that a cursor made for one order is refused for another.
func sortTag(keys []model.SortKey) string {
	if len(keys) == 0 {
		return ""
	}
	h := fnv.New32a()
	for _, k := range keys {
		fmt.Fprintf(h, "%s:%t;", k.Field, k.Desc)
	}
	return strconv.FormatUint(uint64(h.Sum32()), 36)
}

// aggregation validates the common arguments of the aggregations.
func aggregation(where *model.Cond, groupBy, stats []string, orderBy *model.AggregateOrder, first *int) (model.Aggregation, error) {
	a := model.Aggregation{Where: where, GroupBy: groupBy, Stats: stats, First: store.DefaultGroups}
	if len(groupBy) > store.MaxGroupBy {
		return a, model.BadInput("groupBy: %d dimensions; at most %d", len(groupBy), store.MaxGroupBy)
	}
	if len(stats) > store.MaxStats {
		return a, model.BadInput("stats: %d fields; at most %d", len(stats), store.MaxStats)
	}
	if first != nil {
		if *first < 1 || *first > store.MaxGroups {
			return a, model.BadInput("first must be between 1 and %d (got %d)", store.MaxGroups, *first)
		}
		a.First = *first
	}
	if orderBy != nil {
		a.Order = string(*orderBy)
	}
	return a, nil
}

// aggregate runs an aggregation and names its dimensions and stats as the schema's enums do.
func (r *Resolver) aggregate(ctx context.Context, ent string, a model.Aggregation, dims, stats []string) (*model.Aggregate, error) {
	out, err := r.Store.Aggregate(ctx, ent, a)
	if err != nil {
		return nil, err
	}
	out.Dimensions = dims
	for i := range out.Groups {
		for j := range out.Groups[i].Keys {
			out.Groups[i].Keys[j].Dimension = dims[j]
		}
		for j := range out.Groups[i].Stats {
			out.Groups[i].Stats[j].Field = stats[j]
		}
	}
	for j := range out.Stats {
		out.Stats[j].Field = stats[j]
	}
	return &out, nil
}

func enumStrings[E ~string](es []E) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = string(e)
	}
	return out
}

// WherePrice is what a where input adds to an operation's complexity (store.Price); an input
// the resolver will refuse prices 1, so that its clearer error wins.
func WherePrice(ent string, where any) int {
	c, err := whereCond(where)
	if err != nil || c == nil {
		return 1
	}
	return store.Price(ent, c)
}

// FieldsPrice is what sorting, grouping or statistics on fields add.
func FieldsPrice[E ~string](ent string, fields []E) int {
	p := 0
	for _, f := range fields {
		p += store.FieldPrice(ent, fieldName(f))
	}
	return p
}

// Keyset cursors. Every list pages by keyset: a row's cursor holds its order's tag and the
// values of its sort keys, then code and id ("k:<tag>:<JSON array>"); the next page is the rows
// after that row in the order. Rows inserted or deleted between two pages shift nothing: the
// next page starts exactly after the last row seen, where an offset would skip or repeat rows.
// A list without orderBy has the empty tag and its default order: by code, then id, for
// components and agencies (the nested connections too: their statements page every parent
// after the same code), by framework, group, source, code and id for reference components.
// Offset cursors ("o:<n>") of earlier versions are still read (listPage).
const keysetPrefix = "k:"

// keysetAfter decodes the cursor after of an order tagged tag into its key values (nil for
// none); the store checks them against the order's types.
func keysetAfter(after *string, tag string) ([]any, error) {
	if after == nil || *after == "" {
		return nil, nil
	}
	raw, derr := base64.RawURLEncoding.DecodeString(*after)
	body, ok := strings.CutPrefix(string(raw), keysetPrefix+tag+":")
	if derr != nil || !ok {
		return nil, model.BadInput("after: %q is not a cursor of this order (a cursor is only valid with the orderBy it was made with)", clip(*after))
	}
	var keys []any
	if err := json.Unmarshal([]byte(body), &keys); err != nil || keys == nil {
		return nil, model.BadInput("after: %q is not a cursor of this API", clip(*after))
	}
	return keys, nil
}

// keysetCursor is the cursor of a row of an order tagged tag with sort key values keys.
func keysetCursor(tag string, keys []any) string {
	b, _ := json.Marshal(keys)
	return base64.RawURLEncoding.EncodeToString(append([]byte(keysetPrefix+tag+":"), b...))
}

// keysetPage fetches the page of a list after the cursor after (limit+1 rows, to know whether
// another page follows), primes its rows' relations, and returns its rows, their cursors and
// its PageInfo (hasPreviousPage: a cursor was given). A page read without its rows' keys (a
// nested connection's, read for every parent at once) takes them from keyOf.
func keysetPage[T any](first *int, after *string, tag string, keyOf func(T) []any, fetch func(after []any, limit int) (store.PageRead[T], error), prime func([]T) error) ([]T, []string, model.PageInfo, error) {
	_, limit, err := page(first, nil)
	if err != nil {
		return nil, nil, model.PageInfo{}, err
	}
	keys, err := keysetAfter(after, tag)
	if err != nil {
		return nil, nil, model.PageInfo{}, err
	}
	pg, err := fetch(keys, limit+1)
	if err != nil {
		return nil, nil, model.PageInfo{}, err
	}
	info := model.PageInfo{HasPreviousPage: keys != nil, HasNextPage: len(pg.Rows) > limit}
	rows := pg.Rows[:min(len(pg.Rows), limit)]
	cursors, err := keysetCursors(tag, rows, pg.Keys, keyOf)
	if err != nil {
		return nil, nil, model.PageInfo{}, err
	}
	if len(rows) > 0 {
		info.StartCursor, info.EndCursor = &cursors[0], &cursors[len(rows)-1]
	}
	if prime != nil {
		if err := prime(rows); err != nil {
			return nil, nil, model.PageInfo{}, err
		}
	}
	return rows, cursors, info, nil
}

// keysetCursors are the cursors of rows in the order tagged tag: from the keys read with them,
// else (a page read without them) from keyOf.
func keysetCursors[T any](tag string, rows []T, keys [][]any, keyOf func(T) []any) ([]string, error) {
	if len(keys) < len(rows) && keyOf == nil {
		return nil, fmt.Errorf("keyset page: %d rows, %d keys", len(rows), len(keys))
	}
	cursors := make([]string, len(rows))
	for i, row := range rows {
		if len(keys) >= len(rows) {
			cursors[i] = keysetCursor(tag, keys[i])
		} else {
			cursors[i] = keysetCursor(tag, keyOf(row))
		}
	}
	return cursors, nil
}

// componentDashArgs adds where, orderBy and asOf to a component query.
func componentDashArgs(q *model.ComponentQuery, where *model.ComponentWhere, orderBy []model.ComponentSort, asOf *string) error {
	var err error
	if q.Where, err = whereCond(where); err != nil {
		return err
	}
	if q.Sort, err = componentSort(orderBy); err != nil {
		return err
	}
	q.AsOf, err = asOfArg(asOf)
	return err
}

// conformanceScore loads a commune's conformance score, batched with the others asked for in
// the same moment (one statement per batch).
func (l *Loaders) conformanceScore(ctx context.Context, id string) (*float64, error) {
	l.mu.Lock()
	if l.scores == nil {
		l.scores = dataloadgen.NewMappedLoader(func(ctx context.Context, keys []string) (map[string]*float64, error) {
			m, err := l.st.ConformanceScores(ctx, keys)
			if err != nil {
				return nil, err
			}
			for _, k := range keys {
				if _, ok := m[k]; !ok {
					m[k] = nil
				}
			}
			return m, nil
		}, dataloadgen.WithWait(5*time.Millisecond), dataloadgen.WithBatchCapacity(1000))
	}
	ld := l.scores
	l.mu.Unlock()
	return ld.Load(ctx, id)
}

// selectsScore reports whether the client asked for edges.node.conformanceScore, which the
// list statement then computes with each row.
func selectsScore(ctx context.Context) bool {
	for _, f := range selectedFields(ctx, "edges", "node") {
		if f.Name == "conformanceScore" {
			return true
		}
	}
	return false
}
