package seed

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/textpolicy"
)

// MaxNameLen bounds names and texts (in characters) so that a broken file cannot load megabytes.
const MaxNameLen = 2000

var codePattern = regexp.MustCompile(`^[\p{Lu}0-9][\p{Lu}0-9_.-]{0,63}$`)
var asciiPattern = regexp.MustCompile(`^[A-Z0-9][A-Z0-9_.-]{0,63}$`)

// checker accumulates problems, each prefixed with the place of the record it concerns.
type checker struct {
	where    *locator
	problems []string
}

func (c *checker) rec(list string, i int, code string) func(field, format string, args ...any) {
	return func(field, format string, args ...any) {
		id := ""
		if code != "" {
			id = " (" + code + ")"
		}
		c.problems = append(c.problems, fmt.Sprintf("%s: %s[%d]%s: field %s: %s",
			c.where.at(list, i), list, i, id, field, fmt.Sprintf(format, args...)))
	}
}

// required checks a name-like field by the one input-text policy (textpolicy): present, no
// control, bidi-override or invisible-only text, at most MaxNameLen characters.
func required(bad func(string, string, ...any), field, v string) {
	if v == "" {
		bad(field, "required")
	} else if n := utf8.RuneCountInString(v); n > MaxNameLen {
		bad(field, "too long (%d characters, at most %d)", n, MaxNameLen)
	} else if _, err := textpolicy.Clean(field, v, textpolicy.Rule{Max: MaxNameLen}); err != nil {
		var te *textpolicy.Error
		errors.As(err, &te)
		bad(field, "%s", te.Reason)
	}
}

func checkCode(bad func(string, string, ...any), field, v string, ascii bool) {
	switch {
	case v == "":
		bad(field, "required")
	case ascii && !asciiPattern.MatchString(v):
		bad(field, "%q is not an upper-case ASCII code (A-Z, 0-9, '-', '_', '.')", v)
	case !ascii && !codePattern.MatchString(v):
		bad(field, "%q is not an upper-case code", v)
	}
}

func enum[E model.Enum](bad func(string, string, ...any), field string, v E, all []E) {
	if v == "" {
		bad(field, "required (one of %v)", all)
	} else if !model.Valid(v, all) {
		bad(field, "%q is not one of %v", string(v), all)
	}
}

// index maps each code of one kind to its position and reports duplicates.
func index[T any](c *checker, list string, recs []T, code func(T) string) map[string]int {
	seen := map[string]int{}
	for i, r := range recs {
		k := code(r)
		if k == "" {
			continue
		}
		if j, dup := seen[k]; dup {
			c.rec(list, i, k)("code", "duplicate: %q is already defined at %s", k, c.where.at(list, j))
			continue
		}
		seen[k] = i
	}
	return seen
}

func refs(bad func(string, string, ...any), field string, vals []string, known map[string]int, what string) {
	seen := map[string]bool{}
	for _, v := range vals {
		if _, ok := known[v]; !ok {
			bad(field, "unknown %s %q", what, v)
		}
		if seen[v] {
			bad(field, "%q listed twice", v)
		}
		seen[v] = true
	}
}

// validate checks a merged File; it returns a *ValidationError listing every problem.
func validate(f *File, where *locator) error {
	c := &checker{where: where}
	var ix indexes
	ix.fw = index(c, "frameworks", f.Frameworks, func(r Framework) string { return r.Code })
	ix.ly = index(c, "layers", f.Layers, func(r Layer) string { return r.Code })
	ix.gr = index(c, "groups", f.Groups, func(r Group) string { return r.Code })
	ix.rc = index(c, "referenceComponents", f.ReferenceComponents, func(r ReferenceComponent) string { return r.Code })
	index(c, "referenceComponents", f.ReferenceComponents, func(r ReferenceComponent) string {
		if r.ASCII == r.Code {
			return ""
		}
		return r.ASCII
	})
	ix.cp = index(c, "capabilities", f.Capabilities, func(r Capability) string { return r.Code })
	ix.ag = index(c, "agencies", f.Agencies, func(r Agency) string { return r.Code })
	ix.co = index(c, "components", f.Components, func(r Component) string { return r.Code })
	index(c, "rules", f.Rules, func(r Rule) string { return r.Code })

	validateFrameworks(c, f, ix)
	validateLayers(c, f, ix)
	validateGroups(c, f, ix)
	validateReferenceComponents(c, f, ix)
	validateCapabilities(c, f, ix)
	validateAgencies(c, f, ix)
	checkPartOfCycles(c, f.Agencies, ix.ag)
	validateComponents(c, f, ix)
	validateDependencies(c, f, ix)
	validateHosting(c, f, ix)
	validateRules(c, f, ix)
	validateVersions(c, f, ix.fw, ix.gr, ix.cp)
	validateVocabulary(c, f, ix.rc, ix.cp, ix.co)
	if len(c.problems) > 0 {
		return &ValidationError{Problems: c.problems}
	}
	return nil
}

// indexes are the record indexes by code (referenceComponents also by ASCII alias) that the
// checks resolve references with.
type indexes struct{ fw, ly, gr, rc, cp, ag, co map[string]int }

// validateFrameworks checks the frameworks.
func validateFrameworks(c *checker, f *File, ix indexes) {
	for i, r := range f.Frameworks {
		bad := c.rec("frameworks", i, r.Code)
		checkCode(bad, "code", r.Code, true)
		required(bad, "name", r.Name)
		required(bad, "nameEn", r.NameEn)
		required(bad, "source", r.Source)
		enum(bad, "level", r.Level, model.AllFrameworkLevel)
		enum(bad, "status", r.Status, model.AllFrameworkStatus)
		if r.Issued != "" {
			if _, err := time.Parse("2006-01-02", r.Issued); err != nil {
				bad("issued", "%q is not a date YYYY-MM-DD", r.Issued)
			}
		}
		refs(bad, "conformsTo", r.ConformsTo, ix.fw, "framework")
		refs(bad, "supersedes", r.Supersedes, ix.fw, "framework")
		for _, x := range append(append([]string{}, r.ConformsTo...), r.Supersedes...) {
			if x == r.Code {
				bad("conformsTo/supersedes", "a framework cannot refer to itself")
			}
		}
	}
}

// validateLayers checks the layers.
func validateLayers(c *checker, f *File, ix indexes) {
	numbers := map[int]bool{}
	for i, r := range f.Layers {
		bad := c.rec("layers", i, r.Code)
		checkCode(bad, "code", r.Code, true)
		required(bad, "name", r.Name)
		required(bad, "nameEn", r.NameEn)
		required(bad, "source", r.Source)
		if r.Number < 1 || r.Number > 4 {
			bad("number", "%d is not a layer number 1..4", r.Number)
		} else if numbers[r.Number] {
			bad("number", "layer number %d is used twice", r.Number)
		}
		numbers[r.Number] = true
	}
}

// validateGroups checks the groups.
func validateGroups(c *checker, f *File, ix indexes) {
	for i, r := range f.Groups {
		bad := c.rec("groups", i, r.Code)
		checkCode(bad, "code", r.Code, false)
		checkCode(bad, "ascii", r.ASCII, true)
		if r.ASCII != "" && r.ASCII != ASCIIFold(r.Code) {
			bad("ascii", "%q is not the ASCII form of %q (%q)", r.ASCII, r.Code, ASCIIFold(r.Code))
		}
		required(bad, "name", r.Name)
		required(bad, "nameEn", r.NameEn)
		required(bad, "source", r.Source)
		refs(bad, "layer", []string{r.Layer}, ix.ly, "layer")
		refs(bad, "framework", []string{r.Framework}, ix.fw, "framework")
		enum(bad, "kind", r.Kind, model.AllRefKind)
	}
}

// validateReferenceComponents checks the reference components.
func validateReferenceComponents(c *checker, f *File, ix indexes) {
	for i, r := range f.ReferenceComponents {
		bad := c.rec("referenceComponents", i, r.Code)
		checkCode(bad, "code", r.Code, false)
		checkCode(bad, "ascii", r.ASCII, true)
		if r.ASCII != "" && r.ASCII != ASCIIFold(r.Code) {
			bad("ascii", "%q is not the ASCII form of %q (%q)", r.ASCII, r.Code, ASCIIFold(r.Code))
		}
		if j, ok := ix.rc[r.ASCII]; ok && r.ASCII != r.Code && j != i {
			bad("ascii", "%q is also the code of another reference component", r.ASCII)
		}
		required(bad, "name", r.Name)
		required(bad, "nameEn", r.NameEn)
		required(bad, "source", r.Source)
		refs(bad, "group", []string{r.Group}, ix.gr, "group")
		refs(bad, "framework", []string{r.Framework}, ix.fw, "framework")
		enum(bad, "tier", r.Tier, model.AllTier)
		enum(bad, "kind", r.Kind, model.AllRefKind)
		if r.Tier == model.TierAreaSupplementary {
			enum(bad, "areaType", r.AreaType, model.AllAreaType)
		} else if r.AreaType != "" {
			bad("areaType", "only AREA_SUPPLEMENTARY components have an area type (tier is %s)", r.Tier)
		}
		refs(bad, "examples", r.Examples, ix.co, "component")
		refs(bad, "provides", r.Provides, ix.cp, "capability")
		refs(bad, "sharedFrom", r.SharedFrom, ix.rc, "reference component")
		if j, ok := ix.fw[r.Framework]; ok && f.Frameworks[j].Level == model.FrameworkLevelCommune &&
			r.Tier == model.TierCentral && len(r.Provides) > 0 {
			bad("provides", "a centrally provided shared component sanctions no local counterpart; "+
				"its capabilities belong to the national components that realize it")
		}
	}
}

// validateCapabilities checks the capabilities.
func validateCapabilities(c *checker, f *File, ix indexes) {
	for i, r := range f.Capabilities {
		bad := c.rec("capabilities", i, r.Code)
		checkCode(bad, "code", r.Code, true)
		required(bad, "name", r.Name)
		required(bad, "nameEn", r.NameEn)
		required(bad, "source", r.Source)
	}
}

// validateAgencies checks the agencies.
func validateAgencies(c *checker, f *File, ix indexes) {
	for i, r := range f.Agencies {
		bad := c.rec("agencies", i, r.Code)
		checkCode(bad, "code", r.Code, true)
		required(bad, "name", r.Name)
		required(bad, "nameEn", r.NameEn)
		required(bad, "source", r.Source)
		enum(bad, "level", r.Level, model.AllAgencyLevel)
		if r.Framework != "" {
			refs(bad, "framework", []string{r.Framework}, ix.fw, "framework")
		}
		if r.PartOf != "" {
			refs(bad, "partOf", []string{r.PartOf}, ix.ag, "agency")
			if r.PartOf == r.Code {
				bad("partOf", "an agency cannot be part of itself")
			}
		}
		if r.AreaType != "" {
			if r.Level != model.AgencyLevelCommune {
				bad("areaType", "only communes have an area type (level is %s)", r.Level)
			} else {
				enum(bad, "areaType", r.AreaType, model.AllAreaType)
			}
		}
	}
}

// validateComponents checks the components.
func validateComponents(c *checker, f *File, ix indexes) {
	for i, r := range f.Components {
		bad := c.rec("components", i, r.Code)
		checkCode(bad, "code", r.Code, true)
		required(bad, "name", r.Name)
		required(bad, "nameEn", r.NameEn)
		required(bad, "source", r.Source)
		refs(bad, "layer", []string{r.Layer}, ix.ly, "layer")
		if r.Group != "" {
			refs(bad, "group", []string{r.Group}, ix.gr, "group")
		}
		enum(bad, "kind", r.Kind, model.AllComponentKind)
		enum(bad, "scope", r.Scope, model.AllScope)
		enum(bad, "status", r.Status, model.AllStatus)
		if r.Owner != "" {
			refs(bad, "owner", []string{r.Owner}, ix.ag, "agency")
		}
		if r.StatusBasis != "" && r.StatusBasis != "STATED" && r.StatusBasis != "NOT_STATED" {
			bad("statusBasis", "%q is not STATED or NOT_STATED", r.StatusBasis)
		}
		if r.SecurityLevel < 0 || r.SecurityLevel > 5 {
			bad("securityLevel", "%d is not a security level 1..5", r.SecurityLevel)
		}
		if r.DueYear != 0 && (r.DueYear < 2000 || r.DueYear > 2100) {
			bad("dueYear", "%d is not a year between 2000 and 2100", r.DueYear)
		}
		refs(bad, "provides", r.Provides, ix.cp, "capability")
		refs(bad, "realizes", r.Realizes, ix.rc, "reference component")
	}
}

// validateDependencies checks the dependencies.
func validateDependencies(c *checker, f *File, ix indexes) {
	edges := map[[2]string]int{}
	for i, r := range f.Dependencies {
		bad := c.rec("dependencies", i, r.From+"->"+r.To)
		refs(bad, "from", []string{r.From}, ix.co, "component")
		refs(bad, "to", []string{r.To}, ix.co, "component")
		if r.From == r.To && r.From != "" {
			bad("to", "a component cannot depend on itself")
		}
		enum(bad, "basis", r.Basis, model.AllBasis)
		required(bad, "source", r.Source)
		k := [2]string{r.From, r.To}
		if j, dup := edges[k]; dup {
			bad("to", "duplicate dependency, already at %s", c.where.at("dependencies", j))
		}
		edges[k] = i
	}
}

// validateRules checks the rules.
func validateRules(c *checker, f *File, ix indexes) {
	for i, r := range f.Rules {
		bad := c.rec("rules", i, r.Code)
		checkCode(bad, "code", r.Code, true)
		required(bad, "name", r.Name)
		required(bad, "nameEn", r.NameEn)
		required(bad, "text", r.Text)
		required(bad, "textEn", r.TextEn)
		required(bad, "source", r.Source)
		if !slices.Contains([]string{"HIGH", "MEDIUM", "LOW"}, r.Severity) {
			bad("severity", "%q is not one of HIGH, MEDIUM, LOW", r.Severity)
		}
		if (r.Check == "") == (r.Manual == "") {
			bad("manual", "a rule has either an automatic check or a manual reason (why it is not checked), not both or neither")
		}
	}
}

func checkPartOfCycles(c *checker, agencies []Agency, idx map[string]int) {
	for i, a := range agencies {
		seen := map[string]bool{a.Code: true}
		for cur := a.PartOf; cur != ""; {
			if seen[cur] {
				c.rec("agencies", i, a.Code)("partOf", "cycle through %q", cur)
				break
			}
			seen[cur] = true
			j, ok := idx[cur]
			if !ok {
				break
			}
			cur = agencies[j].PartOf
		}
	}
}

// validateHosting checks the hosting records.
func validateHosting(c *checker, f *File, ix indexes) {
	hosted := map[[2]string]int{}
	for i, r := range f.Hosting {
		bad := c.rec("hosting", i, r.From+"->"+r.To)
		refs(bad, "from", []string{r.From}, ix.co, "component")
		refs(bad, "to", []string{r.To}, ix.co, "component")
		if r.From == r.To && r.From != "" {
			bad("to", "a component is not hosted in itself")
		}
		enum(bad, "basis", r.Basis, model.AllBasis)
		required(bad, "source", r.Source)
		k := [2]string{r.From, r.To}
		if j, dup := hosted[k]; dup {
			bad("to", "duplicate hosting, already at %s", c.where.at("hosting", j))
		}
		hosted[k] = i
	}
}
