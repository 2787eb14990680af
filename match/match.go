// Package match infers what a component does from what people write about it: its name, English
// name, description and kind, scored against a vocabulary of weighted terms (seed/data
// vocabulary.yaml) attached to capabilities, national shared platforms and the kinds of local
// component the framework sanctions.
//
// The method: weighted phrase matching over accent-folded syllables. Inventories name systems
// with a handful of words ("Hệ thống định danh và xác thực điện tử tỉnh Lào Cai", "He thong
// dinh danh dien tu Lao Cai", "Provincial SSO"), so what decides is whether a short, specific
// phrase occurs — not how similar two long texts are. Each text is NFC-normalised, folded
// (diacritics dropped, đ→d, lower case), abbreviations expanded (CSDL → cơ sở dữ liệu) and split
// into tokens; tokens of stop phrases (hệ thống, nền tảng, phần mềm, tỉnh, thành phố, cấp, của,
// province names, …) carry no meaning of their own. A term matches where its tokens occur in
// order, consecutively or with stop tokens between them ("thư điện tử của tỉnh"); stop words
// are not removed from the terms, since folding makes "của" and "cửa" (một cửa) one word. A
// token of at least five letters also matches one edit away (a typo; four letters: two letters
// swapped, "dnah"), at most once per term, and a one-token term only from seven letters. An entry's score is the noisy-or of its
// matched terms' weights, 1 − Π(1 − w), counting a term only when no longer matched term of the
// same entry covers it; an entry is inferred at score ≥ Threshold; a veto term (negative
// weight) of the entry in the text rules it out. A term marked as a mention
// (a platform's proper name: VNeID, NDXP, …) does the opposite: a text that names a national
// platform, or that says it connects to a national one (kết nối … quốc gia), uses it rather
// than duplicates it, and that platform's inference is dropped.
//
// Why not BM25 over the full-text index or character n-grams: both rank documents by overall
// similarity and need a cut-off tuned per query; short names share most of their words
// ("Hệ thống … tỉnh …") and differ in one decisive phrase, which weighted phrases capture and
// explain ("matched: định danh, xác thực"), with no network service and in microseconds.
package match

import (
	"sort"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Threshold is the score from which an entry is inferred; MaxScore the highest an inference
// gets (1 is a declared or confirmed finding's).
const (
	Threshold = 0.5
	MaxScore  = 0.99
)

// EntryKind says what an entry stands for.
type EntryKind string

// CAPABILITY: a capability (all its providers). PLATFORM: one national shared platform.
// COUNTERPART: a kind of local component the framework sanctions (its reference components,
// one per reference framework).
const (
	KindCapability  EntryKind = "CAPABILITY"
	KindPlatform    EntryKind = "PLATFORM"
	KindCounterpart EntryKind = "COUNTERPART"
)

// Term is one phrase of a vocabulary entry.
type Term struct {
	Text string
	// Weight in (0, 1]; a negative weight makes the term a veto: a text that contains it does
	// not match the entry at all (khu dân cư is no population database).
	Weight float64
	// Mention: naming it means using the platform (a proper name), not duplicating it.
	Mention bool
	// Source is the framework line that uses the term, when it does.
	Source string
}

// Entry is the vocabulary of one capability, platform or counterpart.
type Entry struct {
	Kind EntryKind
	// Code is the capability's or platform's code, or the counterpart's name.
	Code string
	// Caps are the capabilities inferred with the entry (a platform's, a counterpart's).
	Caps []string
	// Refs are a counterpart's reference components, one or more per reference framework.
	Refs  []Ref
	Terms []Term
}

// Ref is a reference component a counterpart stands for.
type Ref struct {
	Code, Framework, Tier string
}

// Hit is one entry a text matched.
type Hit struct {
	Entry *Entry
	Score float64
	// Terms are the matched terms, as the vocabulary writes them.
	Terms []string
}

// Input is what is known of a component.
type Input struct {
	Name, NameEn, Description, Kind string
}

// Config is the matcher's language data besides the entries.
type Config struct {
	// StopPhrases carry no meaning here (hệ thống, tỉnh, …; province names).
	StopPhrases []string
	// Abbreviations expand a token into a phrase (csdl → cơ sở dữ liệu).
	Abbreviations map[string]string
	// Connectors say that a text connects to something (kết nối, tích hợp, …); with a
	// NationalWords word they make the text a user of national platforms.
	Connectors    []string
	NationalWords []string
}

type termRef struct {
	entry, term int
	toks        []string
}

// Matcher scores texts against a vocabulary. It is safe for concurrent use (its cache of
// fuzzy token lookups is guarded).
type Matcher struct {
	entries  []Entry
	byFirst  map[string][]termRef // exact first token → terms
	vocab    map[string]bool      // every token of every term
	byLen    map[int][]string     // vocabulary tokens of ≥ 4 letters by length
	stop     [][]string
	abbr     map[string][]string
	conn     [][]string
	national [][]string
	mu       sync.Mutex
	fuzzy    map[string][]string
}

// New builds a matcher.
func New(entries []Entry, cfg Config) *Matcher {
	m := &Matcher{entries: entries, byFirst: map[string][]termRef{}, vocab: map[string]bool{}, byLen: map[int][]string{},
		abbr: map[string][]string{}, fuzzy: map[string][]string{}}
	for k, v := range cfg.Abbreviations {
		m.abbr[Fold(k)] = Tokens(v)
	}
	for _, s := range cfg.StopPhrases {
		if t := m.tokens(s); len(t) > 0 {
			m.stop = append(m.stop, t)
		}
	}
	sort.Slice(m.stop, func(i, j int) bool { return len(m.stop[i]) > len(m.stop[j]) })
	for _, s := range cfg.Connectors {
		m.conn = append(m.conn, m.tokens(s))
	}
	for _, s := range cfg.NationalWords {
		m.national = append(m.national, m.tokens(s))
	}
	for ei := range m.entries {
		for ti, t := range m.entries[ei].Terms {
			toks := m.tokens(t.Text)
			if len(toks) == 0 {
				continue
			}
			m.byFirst[toks[0]] = append(m.byFirst[toks[0]], termRef{ei, ti, toks})
			for _, tok := range toks {
				if !m.vocab[tok] && len(tok) >= 4 {
					m.byLen[len(tok)] = append(m.byLen[len(tok)], tok)
				}
				m.vocab[tok] = true
			}
		}
	}
	return m
}

// Entries returns the matcher's entries.
func (m *Matcher) Entries() []Entry { return m.entries }

// Fold lower-cases s and drops its diacritics (đ → d), after NFC normalisation.
func Fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(norm.NFC.String(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ' || r == 'Đ':
			b.WriteRune('d')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// Tokens folds s and splits it into letter-or-digit runs.
func Tokens(s string) []string {
	var out []string
	for _, t := range tokensWithBounds(s) {
		if t != boundary {
			out = append(out, t)
		}
	}
	return out
}

// boundary stands for a separator that no phrase spans: brackets, dashes between spaces,
// colons, semicolons, slashes and bars ("Kho dữ liệu – Hà Nội (mô phỏng)" says nothing of
// "dữ liệu mở").
const boundary = "|"

func tokensWithBounds(s string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	prev := ' '
	for _, r := range Fold(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur.WriteRune(r)
		case strings.ContainsRune("()[]{}–—:;|/", r) || (r == '-' && prev == ' '):
			flush()
			if len(out) > 0 && out[len(out)-1] != boundary {
				out = append(out, boundary)
			}
		default:
			flush()
		}
		prev = r
	}
	flush()
	return out
}

// tokens is Tokens with abbreviations expanded and Telex leftovers mended (ddinh → dinh).
func (m *Matcher) tokens(s string) []string {
	raw := tokensWithBounds(s)
	out := make([]string, 0, len(raw))
	for _, t := range raw {
		if len(t) > 2 && strings.HasPrefix(t, "dd") {
			t = t[1:]
		}
		if x, ok := m.abbr[t]; ok {
			out = append(out, x...)
			continue
		}
		out = append(out, t)
	}
	return out
}

// stopMask marks the tokens of toks that belong to a stop phrase: a phrase may skip them.
func (m *Matcher) stopMask(toks []string) []bool {
	mask := make([]bool, len(toks))
	for i := 0; i < len(toks); {
		skip := 0
		for _, s := range m.stop {
			if hasAt(toks, i, s) {
				skip = len(s)
				break
			}
		}
		if skip == 0 {
			i++
			continue
		}
		for j := i; j < i+skip; j++ {
			mask[j] = true
		}
		i += skip
	}
	return mask
}

func hasAt(toks []string, i int, phrase []string) bool {
	if i+len(phrase) > len(toks) {
		return false
	}
	for j, p := range phrase {
		if toks[i+j] != p {
			return false
		}
	}
	return true
}

func contains(toks, phrase []string) bool {
	for i := range toks {
		if hasAt(toks, i, phrase) {
			return true
		}
	}
	return false
}

// near lists the vocabulary tokens one edit from t (t of at least five letters).
func (m *Matcher) near(t string) []string {
	if len(t) < 4 || m.vocab[t] {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.fuzzy[t]; ok {
		return v
	}
	var out []string
	for l := len(t) - 1; l <= len(t)+1; l++ {
		for _, v := range m.byLen[l] {
			if (len(t) >= 5 && len(v) >= 5 && oneEdit(t, v)) || (len(t) == 4 && len(v) == 4 && swapped(t, v)) {
				out = append(out, v)
			}
		}
	}
	m.fuzzy[t] = out
	return out
}

// oneEdit reports whether a and b differ by one insertion, deletion, substitution or
// transposition of adjacent letters.
func oneEdit(a, b string) bool {
	if a == b {
		return false
	}
	la, lb := len(a), len(b)
	if la > lb {
		a, b, la, lb = b, a, lb, la
	}
	if lb-la > 1 {
		return false
	}
	i := 0
	for i < la && a[i] == b[i] {
		i++
	}
	if la == lb {
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	}
	return a[i:] == b[i+1:]
}

type span struct{ from, to int }

type found struct {
	term int
	sp   span
}

// Match scores in against every entry and returns the entries at or above Threshold, best
// first, and whether the text says it uses national platforms (then no PLATFORM or CAPABILITY
// hit is returned for the platforms it names or, with a connector, at all).
func (m *Matcher) Match(in Input) []Hit {
	text := strings.Join([]string{in.Name, in.NameEn, in.Description}, " . ")
	toks := m.tokens(text)
	stop := m.stopMask(toks)
	perEntry := map[int][]found{}
	for i, tok := range toks {
		cands := m.byFirst[tok]
		for _, n := range m.near(tok) {
			cands = append(cands, m.byFirst[n]...)
		}
		for _, c := range cands {
			if end, ok := m.matchAt(toks, stop, i, c.toks); ok {
				perEntry[c.entry] = append(perEntry[c.entry], found{c.term, span{i, end}})
			}
		}
	}
	mentioned := map[string]bool{}
	for ei, fs := range perEntry {
		e := &m.entries[ei]
		for _, f := range fs {
			if e.Terms[f.term].Mention {
				mentioned[e.Code] = true
			}
		}
	}
	// A text that says it connects to a national platform (by a national word or by naming
	// one) describes a connector, not a copy.
	usesNational := false
	for _, c := range m.conn {
		if contains(toks, c) {
			usesNational = usesNational || len(mentioned) > 0
			for _, n := range m.national {
				if contains(toks, n) {
					usesNational = true
				}
			}
		}
	}
	var hits []Hit
	for ei, fs := range perEntry {
		e := &m.entries[ei]
		if e.Kind != KindCounterpart && (usesNational || mentioned[e.Code]) {
			continue
		}
		miss := 1.0
		var terms []string
		seen := map[int]bool{}
		vetoed := false
		for _, f := range fs {
			if e.Terms[f.term].Weight < 0 {
				vetoed = true
			}
		}
		if vetoed {
			continue
		}
		for _, f := range fs {
			t := e.Terms[f.term]
			if t.Mention || seen[f.term] || covered(f, fs) {
				continue
			}
			seen[f.term] = true
			miss *= 1 - t.Weight
			terms = append(terms, t.Text)
		}
		// An inference never reaches 1: that is a declared or confirmed finding's confidence.
		score := min(1-miss, MaxScore)
		if score >= Threshold {
			sort.Strings(terms)
			hits = append(hits, Hit{Entry: e, Score: round(score), Terms: terms})
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].Entry.Code < hits[j].Entry.Code
	})
	return hits
}

// covered reports whether another match of the same entry spans f's strictly.
func covered(f found, fs []found) bool {
	for _, g := range fs {
		if g.term != f.term && g.sp.from <= f.sp.from && g.sp.to >= f.sp.to && (g.sp.to-g.sp.from) > (f.sp.to-f.sp.from) {
			return true
		}
	}
	return false
}

func round(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }

// matchAt reports whether phrase occurs at toks[i:] — its tokens in order, past any stop-phrase
// tokens of the text between them (hệ thống thư điện tử của tỉnh công vụ) — allowing one token
// one edit away (see fuzzyOK), and where the match ends.
func (m *Matcher) matchAt(toks []string, stop []bool, i int, phrase []string) (int, bool) {
	fuzzy, skipped := 0, 0
	k := i
	for j, p := range phrase {
		for {
			if k >= len(toks) {
				return 0, false
			}
			t := toks[k]
			if t == p {
				break
			}
			if fuzzy == 0 && fuzzyOK(t, p, len(phrase)) {
				fuzzy++
				break
			}
			if j == 0 || !stop[k] || skipped == maxSkip {
				return 0, false
			}
			k++ // a stop token inside the phrase
			skipped++
		}
		k++
	}
	return k, true
}

// maxSkip bounds the stop tokens a phrase may skip.
const maxSkip = 3

// fuzzyOK says whether text token t may stand for term token p: one edit away when both have at
// least five letters (seven for a one-token term), or two adjacent letters swapped in a token
// of four (dnah for danh).
func fuzzyOK(t, p string, phraseLen int) bool {
	minLen := 5
	if phraseLen == 1 {
		minLen = 7
	}
	if len(p) >= minLen && len(t) >= minLen {
		return oneEdit(t, p)
	}
	if phraseLen > 1 && len(p) == 4 && len(t) == 4 {
		return swapped(t, p)
	}
	return false
}

// swapped reports whether a and b, of one length, differ by two adjacent letters swapped.
func swapped(a, b string) bool {
	for i := 0; i+1 < len(a); i++ {
		if a[i] != b[i] {
			return a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
		}
	}
	return false
}
