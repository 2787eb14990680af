package resolvers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/archgraph/archgraph/interop"
	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/governance"
)

// The inventory upload (inventory.graphqls) reads the file the command reads, with the
// command's decoder and store methods; what is here turns their problems into located ones.

// problemList is a file's problems as the API answers them: located ones, and how many more.
type problemList struct {
	located []model.InventoryProblem
	more    int
	text    string
}

// err is importInventory's refusal: BAD_USER_INPUT whose extensions list the problems.
func (p *problemList) err() error {
	list := make([]map[string]any, len(p.located))
	for i, x := range p.located {
		m := map[string]any{"line": x.Line, "message": x.Message}
		if x.Column != nil {
			m["column"] = *x.Column
		}
		if x.Field != nil {
			m["field"] = *x.Field
		}
		list[i] = m
	}
	return &store.Error{Kind: store.KindInvalid, Op: "import inventory", Msg: p.text,
		Details: map[string]any{"problems": list, "moreProblems": p.more}}
}

// located turns a decoder's or an import's problems into the API's: their located form, or
// (a problem of the whole file, which has none) their text.
func located(texts []string, more int, loc []bulk.Problem, text string) *problemList {
	out := &problemList{more: more, text: text}
	if len(loc) == 0 {
		for _, t := range texts {
			out.located = append(out.located, model.InventoryProblem{Message: t})
		}
		return out
	}
	for _, l := range loc {
		p := model.InventoryProblem{Line: l.Line, Message: l.Message}
		if l.Column > 0 {
			c := l.Column
			p.Column = &c
		}
		if l.Field != "" {
			f := l.Field
			p.Field = &f
		}
		out.located = append(out.located, p)
	}
	out.more = len(texts) + more - len(loc)
	return out
}

// fileProblems is err's problems when it is about the file (a decoder's or an import's
// check), nil otherwise.
func fileProblems(err error) *problemList {
	var ce *interop.CSVError
	var ie *bulk.ImportError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ce):
		return located(ce.Problems, ce.More, ce.Located, ce.Error())
	case errors.As(err, &ie):
		return located(ie.Problems, ie.More, ie.Located, ie.Error())
	}
	return nil
}

// inventoryInput checks an upload's arguments: a writing principal, a known agency within its
// scope (checked again by the store in the transaction that writes; checked here first so that
// a refused caller is refused whatever the file), and the file, decoded. A file with problems
// is returned as them, not as an error.
func (r *Resolver) inventoryInput(ctx context.Context, agency, csv string, fileName *string) (model.Principal, string, []bulk.InventoryItem, *problemList, error) {
	p, err := canWrite(ctx)
	if err != nil {
		return p, "", nil, nil, err
	}
	a, err := r.get(ctx, store.LabelAgency, "agency", agency)
	if err != nil {
		return p, "", nil, nil, err
	}
	code := nodeKey(a, "code")
	if !governance.National(p) {
		scope, err := r.Store.ScopeAgencies(ctx, p.Agency)
		if err != nil {
			return p, "", nil, nil, err
		}
		if !slices.ContainsFunc(scope, func(x model.Agency) bool { return x.Code == code }) {
			return p, "", nil, nil, &model.ClientError{Code: model.CodeForbidden, Field: "agency",
				Message: fmt.Sprintf("the inventory of %s is outside the scope of %s (%s and the agencies part of it)", code, p.Agency, p.Agency)}
		}
	}
	name := "inventory.csv"
	if fileName != nil && strings.TrimSpace(*fileName) != "" {
		if name, err = cleanText("fileName", *fileName, 200); err != nil {
			return p, "", nil, nil, err
		}
	}
	items, err := interop.DecodeInventoryAll(strings.NewReader(csv), name)
	pr := fileProblems(err)
	if pr == nil {
		return p, code, items, nil, err
	}
	if len(items) > 0 {
		// The rows' references are checked too, so that the file's every problem is listed
		// at once; a cell the decoder refused is not reported a second time.
		cerr := bulk.New(r.Store).CheckInventory(ctx, code, items)
		if more := fileProblems(cerr); more != nil {
			pr.merge(more)
		} else if cerr != nil {
			return p, code, nil, nil, cerr
		}
	}
	return p, code, nil, pr, nil
}

// merge adds the problems of o that are not about a cell p has a problem with, in the order
// of the file (line, column).
func (p *problemList) merge(o *problemList) {
	type cell struct {
		line  int
		field string
	}
	seen := map[cell]bool{}
	for _, x := range p.located {
		if x.Field != nil {
			seen[cell{x.Line, *x.Field}] = true
		}
	}
	for _, x := range o.located {
		if x.Field != nil && seen[cell{x.Line, *x.Field}] {
			continue
		}
		p.located = append(p.located, x)
	}
	p.more += o.more
	p.text += "\n" + o.text
	slices.SortStableFunc(p.located, func(a, b model.InventoryProblem) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return col(a) - col(b)
	})
}

func col(p model.InventoryProblem) int {
	if p.Column == nil {
		return 0
	}
	return *p.Column
}

func inferences(es []bulk.InferredEdge) []model.InventoryInference {
	out := make([]model.InventoryInference, len(es))
	for i, e := range es {
		out[i] = model.InventoryInference{Code: e.Code, Score: e.Score, Terms: e.Terms, Platforms: []string{}}
		if e.Platforms != "" {
			out[i].Platforms = strings.Split(e.Platforms, ";")
		}
	}
	return out
}

func nonNilFindings(fs []model.DuplicateFinding) []model.DuplicateFinding {
	if fs == nil {
		return []model.DuplicateFinding{}
	}
	return fs
}

// count adds a row's action to the tallies.
func count(created, updated, unchanged *int, a bulk.InventoryAction) {
	switch a {
	case bulk.ActionCreate:
		*created++
	case bulk.ActionUpdate:
		*updated++
	default:
		*unchanged++
	}
}
