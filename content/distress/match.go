package distress

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// role is what an item of a phrase file does.
type role uint8

const (
	roleSignal       role = iota // a distress phrase
	roleQuestion                 // a question, general-information or news cue
	roleHypothetical             // a hypothetical cue ("what if", "if my employer")
	roleRequest                  // the plea words ask for a service: check a job offer, what an embassy does
	roleUrgent                   // now, urgent, tonight
	roleFamily                   // my son, my daughter, my brother
	numRoles
)

// item is one phrase or cue of a language, normalized and split at its gaps.
type item struct {
	role  role
	text  string   // as written in the file: what Hit.Evidence shows
	kind  string   // signals only
	fires string   // signals only
	parts []string // normalized; more than one when the phrase has gaps
	whole bool     // the phrase must be the whole message (letters only, possibly repeated)
}

type language struct {
	locale   string
	mode     string
	items    []item
	signals  int
	cuesFrom []string // locales whose cues also apply (closely related languages: id and ms, hi and ne)
	cueLangs []int32  // cuesFrom as indexes into Detector.langs
}

// ref points from a matcher term to the item part it stands for.
type ref struct {
	lang int32
	item int32
	part int8
}

type wholeEntry struct {
	key string
	ref ref
}

// matcher finds every occurrence of a set of terms in a text. Terms are bucketed by their first keyLen bytes; at
// each rune start of the text one map lookup yields the few candidates, checked with strings.HasPrefix. Measured
// against github.com/BobuSumisu/aho-corasick on the same ~3,500 terms (bench_test.go), the automaton was faster per
// message but kept about 80 MiB of transition tables ([256]int64 per state); this keeps well under 1 MiB.
type matcher struct {
	terms  []string
	refs   [][]ref
	bucket map[string][]int32 // first keyLen bytes -> terms at least keyLen bytes long
	short  [256][]int32       // first byte -> terms shorter than keyLen
}

const keyLen = 4

type matchBuilder struct {
	index [2]map[string]int
	terms [2][]string
	refs  [2][][]ref
}

func newMatchBuilder() *matchBuilder {
	return &matchBuilder{index: [2]map[string]int{{}, {}}}
}

func (b *matchBuilder) add(tight bool, term string, r ref) {
	m := 0
	if tight {
		m = 1
	}
	i, ok := b.index[m][term]
	if !ok {
		i = len(b.terms[m])
		b.index[m][term] = i
		b.terms[m] = append(b.terms[m], term)
		b.refs[m] = append(b.refs[m], nil)
	}
	b.refs[m][i] = append(b.refs[m][i], r)
}

func (b *matchBuilder) remap(newIndex []int32) {
	for m := range b.refs {
		for _, rs := range b.refs[m] {
			for i := range rs {
				rs[i].lang = newIndex[rs[i].lang]
			}
		}
	}
}

func (b *matchBuilder) build() (spaced, tight *matcher) {
	mk := func(m int) *matcher {
		if len(b.terms[m]) == 0 {
			return nil
		}
		mt := &matcher{terms: b.terms[m], refs: b.refs[m], bucket: map[string][]int32{}}
		for i, t := range mt.terms {
			if len(t) < keyLen {
				mt.short[t[0]] = append(mt.short[t[0]], int32(i))
				continue
			}
			mt.bucket[t[:keyLen]] = append(mt.bucket[t[:keyLen]], int32(i))
		}
		return mt
	}
	return mk(0), mk(1)
}

// walk calls fn with the term index and byte span of every occurrence of a term in s.
func (m *matcher) walk(s string, fn func(term, start, end int)) {
	if m == nil {
		return
	}
	for i := 0; i < len(s); i++ {
		if s[i]&0xc0 == 0x80 {
			continue // inside a multi-byte rune: no term starts here
		}
		rest := s[i:]
		for _, ti := range m.short[s[i]] {
			if t := m.terms[ti]; strings.HasPrefix(rest, t) {
				fn(int(ti), i, i+len(t))
			}
		}
		if len(rest) < keyLen {
			continue
		}
		for _, ti := range m.bucket[rest[:keyLen]] {
			if t := m.terms[ti]; strings.HasPrefix(rest, t) {
				fn(int(ti), i, i+len(t))
			}
		}
	}
}

// Detect reports whether text signals that the writer, or someone of their family, may be in danger now.
func (d *Detector) Detect(text string) (Hit, bool) {
	return d.detect(text, nil)
}

// detect is Detect; when tr is not nil it also records why each matched phrase fired or not (for tests).
func (d *Detector) detect(text string, tr *strings.Builder) (Hit, bool) {
	t := normalize(text)
	if t == "" || (strings.HasPrefix(t, "/") && !strings.Contains(t, " ")) {
		return Hit{}, false // empty, or a bot command such as /help
	}
	tt := strings.ReplaceAll(t, " ", "")
	occ := d.scan(t, tt)
	if len(occ) == 0 {
		return Hit{}, false
	}
	return d.decide(d.matchItems(occ, t, tt), tr)
}

type occurrence struct {
	lang, item int32
	part       int8
	tight      bool
	start, end int32
}

// scan finds every occurrence of every term: in t for the languages written with spaces (with their boundary rule),
// in tt (t without spaces) for the others, and the whole-message phrases.
func (d *Detector) scan(t, tt string) []occurrence {
	var occ []occurrence
	d.spaced.walk(t, func(term, start, end int) {
		for _, r := range d.spaced.refs[term] {
			if boundaryOK(t, start, end, d.langs[r.lang].mode) {
				occ = append(occ, occurrence{lang: r.lang, item: r.item, part: r.part, start: int32(start), end: int32(end)})
			}
		}
	})
	d.tight.walk(tt, func(term, start, end int) {
		for _, r := range d.tight.refs[term] {
			occ = append(occ, occurrence{lang: r.lang, item: r.item, part: r.part, tight: true, start: int32(start), end: int32(end)})
		}
	})
	if len(d.whole) > 0 && len(t) <= maxWholeMessage {
		if lo := lettersOnly(t); lo != "" {
			for _, w := range d.whole {
				if isRepeat(lo, w.key) {
					occ = append(occ, occurrence{lang: w.ref.lang, item: w.ref.item, end: int32(len(t))})
				}
			}
		}
	}
	return occ
}

// langState is what matched in one language: its cues, and its signal phrases (item indexes).
type langState struct {
	flags   [numRoles]bool
	signals []int32
}

// matchItems turns term occurrences into matched items, per language: a phrase with gaps matches only when all its
// parts occur in order, close enough.
func (d *Detector) matchItems(occ []occurrence, t, tt string) map[int32]*langState {
	slices.SortFunc(occ, func(a, b occurrence) int {
		switch {
		case a.lang != b.lang:
			return int(a.lang - b.lang)
		case a.item != b.item:
			return int(a.item - b.item)
		case a.part != b.part:
			return int(a.part - b.part)
		}
		return int(a.start - b.start)
	})
	states := map[int32]*langState{}
	for i := 0; i < len(occ); {
		j := i
		for j < len(occ) && occ[j].lang == occ[i].lang && occ[j].item == occ[i].item {
			j++
		}
		lang, it := occ[i].lang, &d.langs[occ[i].lang].items[occ[i].item]
		if matchedInOrder(occ[i:j], len(it.parts), t, tt) {
			st := states[lang]
			if st == nil {
				st = &langState{}
				states[lang] = st
			}
			if it.role == roleSignal {
				st.signals = append(st.signals, occ[i].item)
			} else {
				st.flags[it.role] = true
			}
		}
		i = j
	}
	return states
}

// decide applies each matched signal's firing rule, with the cues of its own language, of English and of its
// cues_from languages, and builds the Hit from the signals that fire.
func (d *Detector) decide(states map[int32]*langState, tr *strings.Builder) (Hit, bool) {
	var en [numRoles]bool
	if st := states[int32(d.en)]; st != nil {
		en = st.flags
	}
	best, bestN := int32(-1), 0
	fired := map[int32][]int32{}
	for li := int32(0); li < int32(len(d.langs)); li++ {
		st := states[li]
		if st == nil || len(st.signals) == 0 {
			continue
		}
		f := st.flags
		for r := range f {
			f[r] = f[r] || en[r]
		}
		for _, cl := range d.langs[li].cueLangs {
			if other := states[cl]; other != nil {
				for r := range f {
					f[r] = f[r] || other.flags[r]
				}
			}
		}
		for _, ii := range st.signals {
			it := &d.langs[li].items[ii]
			ok := fires(it.fires, f)
			if ok {
				fired[li] = append(fired[li], ii)
			}
			if tr != nil {
				verdict := "cancelled"
				if ok {
					verdict = "FIRES"
				}
				fmt.Fprintf(tr, "%s: %s %s %q cues%s %s\n", d.langs[li].locale, it.kind, it.fires, it.text, flagString(f), verdict)
			}
		}
		if n := len(fired[li]); n > bestN {
			best, bestN = li, n
		}
	}
	if best < 0 {
		return Hit{}, false
	}
	h := Hit{Lang: d.langs[best].locale}
	kinds := map[string]bool{}
	addEvidence := func(li int32) {
		for _, ii := range fired[li] {
			it := &d.langs[li].items[ii]
			kinds[it.kind] = true
			if !slices.Contains(h.Evidence, it.text) {
				h.Evidence = append(h.Evidence, it.text)
			}
		}
	}
	addEvidence(best)
	for li := int32(0); li < int32(len(d.langs)); li++ {
		if li != best {
			addEvidence(li)
		}
	}
	for _, k := range kindOrder {
		if kinds[k] {
			h.Kinds = append(h.Kinds, k)
		}
	}
	return h, true
}

// fires applies a phrase's firing rule to the cues found in the message. Urgent and family markers ("now", "my
// son") rescue a phrase from a question or hypothetical cue: "my son is held, what should I do?" is distress.
// A weak phrase (unless_question) is also cancelled by a request cue: a forwarded job offer that says the company
// "keeps the passport for the work permit" is for the screener, not a person in danger.
// Only an urgent marker rescues a plea from a request cue: "help me check this job offer" is not distress.
func fires(rule string, f [numRoles]bool) bool {
	rescue := f[roleUrgent] || f[roleFamily]
	switch rule {
	case firesAlways:
		return true
	case firesUnlessRequest:
		return !f[roleRequest] || f[roleUrgent]
	case firesUnlessHypothetical:
		return !f[roleHypothetical] || rescue
	case firesWithFamily:
		// "they want money" alone is anything; with "my daughter" and no question it is a family paying captors.
		return f[roleFamily] && (!(f[roleQuestion] || f[roleHypothetical] || f[roleRequest]) || f[roleUrgent])
	default:
		return !(f[roleQuestion] || f[roleHypothetical] || f[roleRequest]) || rescue
	}
}

func flagString(f [numRoles]bool) string {
	names := [numRoles]string{"", "question", "hypothetical", "request", "urgent", "family"}
	var s []string
	for r := roleQuestion; r < numRoles; r++ {
		if f[r] {
			s = append(s, names[r])
		}
	}
	return "[" + strings.Join(s, ",") + "]"
}

// matchedInOrder reports whether the occurrences (of one item, sorted by part then start) contain every part, in
// order, each within maxGap runes of the previous one.
func matchedInOrder(occ []occurrence, parts int, t, tt string) bool {
	if parts == 1 {
		return true
	}
	byPart := make([][]occurrence, parts)
	for _, o := range occ {
		byPart[o.part] = append(byPart[o.part], o)
	}
	for _, p := range byPart {
		if len(p) == 0 {
			return false
		}
	}
	text := t
	if occ[0].tight {
		text = tt
	}
	for _, first := range byPart[0] {
		pos, ok := first.end, true
		for p := 1; p < parts && ok; p++ {
			ok = false
			for _, o := range byPart[p] {
				if o.start >= pos && utf8.RuneCountInString(text[pos:o.start]) <= maxGap {
					pos, ok = o.end, true
					break
				}
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func boundaryOK(s string, start, end int, mode string) bool {
	switch mode {
	case modeWord:
		return leftBoundary(s, start) && rightBoundary(s, end)
	case modePrefix:
		return leftBoundary(s, start)
	}
	return true
}

func leftBoundary(s string, start int) bool {
	if start == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:start])
	return !isWordRune(r)
}

func rightBoundary(s string, end int) bool {
	if end >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[end:])
	return !isWordRune(r)
}

// maxWholeMessage bounds, in bytes of folded text, the messages compared with whole-message phrases ("help",
// "HELP HELP HELP!!!"): longer ones cannot be a short word repeated.
const maxWholeMessage = 96

// isRepeat reports whether s is key repeated one to five times ("help", "helphelp").
func isRepeat(s, key string) bool {
	if key == "" || len(s)%len(key) != 0 || len(s)/len(key) > 5 {
		return false
	}
	return s == strings.Repeat(key, len(s)/len(key))
}
