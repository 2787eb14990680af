package match

import (
	"sort"
	"strings"
)

// Inferred is one inferred PROVIDES (a capability) or suggested REALIZES (a reference
// component).
type Inferred struct {
	Code  string
	Score float64
	Terms []string
	// Platforms: for a capability inferred from platform-specific terms only, the national
	// platforms whose terms matched (a province's population database duplicates NDB-POPULATION,
	// not the other national databases of CAP-MASTER-DATA); empty: every provider.
	Platforms []string
}

// Inference is what a component's text says it does.
type Inference struct {
	Caps []Inferred
	Refs []Inferred
}

// frameworkScope maps a reference framework to the scope of the components that realize it.
var frameworkScope = map[string]string{
	"KTTS-TINH": "PROVINCE", "KTTS-BO": "MINISTRY", "KTTS-TOCHUC": "ORGANIZATION", "KTTS-XA": "COMMUNE",
}

// localTier says whether a reference component of tier is realized by the level's own
// components (in the commune framework, CENTRAL and PROVINCE items are provided from above).
func localTier(framework, tier string) bool {
	if framework != "KTTS-XA" {
		return true
	}
	return tier == "COMMUNE_ESSENTIAL" || tier == "AREA_SUPPLEMENTARY"
}

// Infer says what a component of scope (NATIONAL, PROVINCE, …) described by in provides and,
// unless it already declares realizations (suggestRefs false), which sanctioned reference
// components it realizes. National components are the shared platforms themselves: nothing is
// inferred for them.
func (m *Matcher) Infer(in Input, scope string, suggestRefs bool) Inference {
	var out Inference
	if scope == "NATIONAL" || scope == "" {
		return out
	}
	caps := map[string]*Inferred{}
	allProviders := map[string]bool{}
	addCap := func(code string, h Hit, platform string) {
		c := caps[code]
		if c == nil {
			c = &Inferred{Code: code}
			caps[code] = c
		}
		if h.Score > c.Score {
			c.Score = h.Score
		}
		c.Terms = union(c.Terms, h.Terms)
		if platform == "" {
			allProviders[code] = true
		} else if !contains1(c.Platforms, platform) {
			c.Platforms = append(c.Platforms, platform)
		}
	}
	refs := map[string]*Inferred{}
	for _, h := range m.Match(in) {
		switch h.Entry.Kind {
		case KindPlatform:
			for _, c := range h.Entry.Caps {
				addCap(c, h, h.Entry.Code)
			}
		case KindCapability:
			for _, c := range h.Entry.Caps {
				addCap(c, h, "")
			}
		case KindCounterpart:
			// A counterpart suggests a realization; what it does comes from the capability
			// entries (its reference components' capabilities say what it is sanctioned for,
			// not what every such system does).
			if !suggestRefs {
				continue
			}
			for _, r := range h.Entry.Refs {
				if frameworkScope[r.Framework] != scope || !localTier(r.Framework, r.Tier) {
					continue
				}
				x := refs[r.Code]
				if x == nil {
					x = &Inferred{Code: r.Code}
					refs[r.Code] = x
				}
				if h.Score > x.Score {
					x.Score = h.Score
				}
				x.Terms = union(x.Terms, h.Terms)
			}
		}
	}
	for code, c := range caps {
		if allProviders[code] {
			c.Platforms = nil
		}
		sort.Strings(c.Platforms)
		out.Caps = append(out.Caps, *c)
	}
	for _, r := range refs {
		out.Refs = append(out.Refs, *r)
	}
	sort.Slice(out.Caps, func(i, j int) bool { return out.Caps[i].Code < out.Caps[j].Code })
	sort.Slice(out.Refs, func(i, j int) bool { return out.Refs[i].Code < out.Refs[j].Code })
	return out
}

func union(a, b []string) []string {
	for _, x := range b {
		if !contains1(a, x) {
			a = append(a, x)
		}
	}
	sort.Strings(a)
	return a
}

func contains1(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Join writes a list as archgraph stores it on an edge ("a; b").
func Join(xs []string) string { return strings.Join(xs, "; ") }
