package seed

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/archgraph/archgraph/match"
	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
)

// VocabularyEntry is what people write for one capability (of: its code), one national shared
// platform (of: its code) or one kind of local component the framework sanctions (counterpart:
// a name, refs: its reference components in each reference framework).
//
// Each term is a string: the phrase, then optional " @<weight>" (0 < w ≤ 1; default 0.9: one
// such term is enough; -1: a veto, the entry does not apply to a text that contains it), " @L<line>" (the source line that uses the term) and a leading "=" for a
// platform's proper name (naming it means using the platform, not duplicating it).
type VocabularyEntry struct {
	Of          string   `yaml:"of"`
	Counterpart string   `yaml:"counterpart"`
	Refs        []string `yaml:"refs"`
	Terms       []string `yaml:"terms"`
	Source      string   `yaml:"source"`
}

// Language is the matcher's language data: stop phrases, abbreviations, and the words that say
// a system connects to national platforms.
type Language struct {
	StopPhrases   []string          `yaml:"stopPhrases"`
	Abbreviations map[string]string `yaml:"abbreviations"`
	Connectors    []string          `yaml:"connectors"`
	NationalWords []string          `yaml:"nationalWords"`
}

// DefaultTermWeight is the weight of a term written without one.
const DefaultTermWeight = 0.9

// parseTerm reads one term string.
func parseTerm(s string) (match.Term, error) {
	t := match.Term{Weight: DefaultTermWeight}
	parts := strings.Split(s, " @")
	t.Text = strings.TrimSpace(parts[0])
	if strings.HasPrefix(t.Text, "=") {
		t.Mention, t.Text = true, strings.TrimSpace(t.Text[1:])
	}
	if t.Text == "" {
		return t, fmt.Errorf("empty term in %q", s)
	}
	for _, p := range parts[1:] {
		p = strings.TrimSpace(p)
		switch {
		case strings.HasPrefix(p, "L"):
			t.Source = p
		default:
			w, err := strconv.ParseFloat(p, 64)
			if err != nil || w == 0 || w > 1 || w < -1 {
				return t, fmt.Errorf("term %q: weight %q is not a number in (0, 1] (or -1 for a veto)", s, p)
			}
			t.Weight = w
		}
	}
	return t, nil
}

// frameworkScope maps a reference framework to the component scope whose components realize it.
var frameworkScope = map[string]model.Scope{
	"KTTS-TINH": model.ScopeProvince, "KTTS-BO": model.ScopeMinistry, "KTTS-TOCHUC": model.ScopeOrganization, "KTTS-XA": model.ScopeCommune,
}

func validateVocabulary(c *checker, f *File, rc, cp, co map[string]int) {
	for i, v := range f.Vocabulary {
		name := v.Of
		if name == "" {
			name = v.Counterpart
		}
		bad := c.rec("vocabulary", i, name)
		switch {
		case v.Of != "" && v.Counterpart != "":
			bad("of/counterpart", "give one of them, not both")
		case v.Of != "":
			if _, ok := cp[v.Of]; !ok {
				if j, ok := co[v.Of]; !ok || f.Components[j].Scope != model.ScopeNational {
					bad("of", "%q is neither a capability nor a national component", v.Of)
				}
			}
			if len(v.Refs) > 0 {
				bad("refs", "only a counterpart lists reference components")
			}
		case v.Counterpart != "":
			if len(v.Refs) == 0 {
				bad("refs", "a counterpart lists the reference components it stands for")
			}
			refs(bad, "refs", v.Refs, rc, "reference component")
		default:
			bad("of", "required (or counterpart)")
		}
		if len(v.Terms) == 0 {
			bad("terms", "required")
		}
		for _, t := range v.Terms {
			if _, err := parseTerm(t); err != nil {
				bad("terms", "%v", err)
			}
		}
	}
}

// Matcher builds the matcher of f's vocabulary: platforms infer their capabilities, counterparts
// the capabilities of their reference components.
func Matcher(f *File) *match.Matcher {
	caps := map[string][]string{}
	for _, c := range f.Components {
		caps[c.Code] = c.Provides
	}
	refs := map[string]ReferenceComponent{}
	for _, r := range f.ReferenceComponents {
		refs[r.Code] = r
	}
	capCodes := map[string]bool{}
	for _, c := range f.Capabilities {
		capCodes[c.Code] = true
	}
	var entries []match.Entry
	for _, v := range f.Vocabulary {
		e := match.Entry{Code: v.Of}
		switch {
		case v.Counterpart != "":
			e.Kind, e.Code = match.KindCounterpart, v.Counterpart
			for _, rc := range v.Refs {
				r := refs[rc]
				e.Refs = append(e.Refs, match.Ref{Code: r.Code, Framework: r.Framework, Tier: string(r.Tier)})
				for _, c := range r.Provides {
					if !contains(e.Caps, c) {
						e.Caps = append(e.Caps, c)
					}
				}
			}
		case capCodes[v.Of]:
			e.Kind, e.Caps = match.KindCapability, []string{v.Of}
		default:
			e.Kind, e.Caps = match.KindPlatform, caps[v.Of]
		}
		for _, s := range v.Terms {
			t, _ := parseTerm(s) // validated
			e.Terms = append(e.Terms, t)
		}
		entries = append(entries, e)
	}
	cfg := match.Config{}
	if l := f.Language; l != nil {
		cfg = match.Config{StopPhrases: l.StopPhrases, Abbreviations: l.Abbreviations, Connectors: l.Connectors, NationalWords: l.NationalWords}
	}
	for _, a := range f.Agencies {
		if a.Level == model.AgencyLevelProvince {
			cfg.StopPhrases = append(cfg.StopPhrases, a.Name, a.NameEn)
		}
	}
	return match.New(entries, cfg)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

var embeddedMatcher = sync.OnceValues(func() (*match.Matcher, error) {
	f, err := ReadEmbedded()
	if err != nil {
		return nil, err
	}
	return Matcher(f), nil
})

// EmbeddedMatcher is the matcher of the vocabulary shipped in the binary.
func EmbeddedMatcher() (*match.Matcher, error) { return embeddedMatcher() }

func init() {
	// Any program that loads the framework infers with its vocabulary unless told otherwise
	// (Store.SetMatcher).
	store.RegisterDefaultMatcher(EmbeddedMatcher)
}
