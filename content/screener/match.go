package screener

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	ahocorasick "github.com/BobuSumisu/aho-corasick"

	"github.com/safepassage/safepassage/content/textnorm"
)

// What a pattern found in the text stands for.
type refKind uint8

const (
	refPhrase refKind = iota // a phrase of group idx (a flag's or a positive check's)
	refNear                  // a phrase that group idx needs nearby
	refNeg                   // a negation cue
	refCue                   // a low-skill cue for the salary check
	refHub                   // a place where the salary ranges apply (Southeast Asian scam hubs)
	refHigh                  // a destination whose legal minimum wage is above the salary threshold
)

type ref struct {
	kind refKind
	idx  int32
}

// pattern is one distinct folded phrase in the automaton; several groups can share it.
type pattern struct {
	text        string
	left, right bool // needs a word boundary on that side
	arabicLeft  bool // may follow an Arabic proclitic (و ف ب ل ك ال)
	refs        []ref
}

// hit is a pattern found in the unmasked text, after the boundary checks.
type hit struct {
	pat        int32
	start, end int32
}

// fold brings a phrase to the form the text is matched in.
func fold(p string) string { return textnorm.FoldMap(p).Unmask().String() }

// checkPhrase returns why a phrase cannot be a pattern, or "".
func checkPhrase(p string) string {
	core := strings.Trim(p, "*")
	f := fold(core)
	switch {
	case strings.TrimSpace(core) == "":
		return "empty"
	case f != strings.TrimSpace(f):
		return "leading or trailing space"
	case utf8.RuneCountInString(f) < 2:
		return "too short to match safely (fewer than 2 characters once folded)"
	case strings.Contains(core, "*"):
		return "* is only allowed at the start or end"
	case len(f) > maxPhraseBytes:
		return fmt.Sprintf("longer than %d bytes once folded", maxPhraseBytes)
	}
	return ""
}

// checkCue is checkPhrase for negation cues, which may be one character in scripts without spaces (不, ไม่ is two).
func checkCue(p string) string {
	f := fold(p)
	if f == "" {
		return "empty"
	}
	if r, _ := utf8.DecodeRuneInString(f); utf8.RuneCountInString(f) < 2 && !textnorm.Unspaced(r) {
		return "too short"
	}
	return ""
}

// matcher is the compiled automaton with what each pattern means.
type matcher struct {
	trie     *ahocorasick.Trie
	patterns []pattern
	byPrefix [][]int32 // trie pattern number → patterns that start with it
}

type matcherBuilder struct {
	index    map[string]int
	patterns []pattern
}

func (b *matcherBuilder) add(phrase string, r ref) {
	left, right := !strings.HasPrefix(phrase, "*"), !strings.HasSuffix(phrase, "*")
	f := fold(strings.Trim(phrase, "*"))
	first, _ := utf8.DecodeRuneInString(f)
	last, _ := utf8.DecodeLastRuneInString(f)
	left = left && isWordRune(first) && !textnorm.Unspaced(first)
	right = right && isWordRune(last) && !textnorm.Unspaced(last)
	arabic := unicode.Is(unicode.Arabic, first)
	// The same folded phrase with different boundary needs is a different pattern.
	key := fmt.Sprintf("%t%t\x00%s", left, right, f)
	i, ok := b.index[key]
	if !ok {
		i = len(b.patterns)
		b.index[key] = i
		b.patterns = append(b.patterns, pattern{text: f, left: left, right: right, arabicLeft: arabic})
	}
	b.patterns[i].refs = append(b.patterns[i].refs, r)
}

// triePrefix is how many bytes of each pattern go into the automaton; the rest is compared in the text. The
// automaton of github.com/BobuSumisu/aho-corasick spends 2 KB per state (a full 256-entry table): whole patterns
// (about 40,000 bytes in 24 languages) kept some 68 MB alive, 4-byte prefixes keep about 10 MB for the same matches
// and the same speed (measured with the benchmarks in api_test.go).
const triePrefix = 4

func (b *matcherBuilder) build() *matcher {
	tb := ahocorasick.NewTrieBuilder()
	// The trie keeps one pattern number per state, so patterns that share a prefix share a trie entry: map trie
	// numbers to every pattern with that prefix.
	prefixIndex := map[string]int{}
	var prefixes []string
	for _, p := range b.patterns {
		k := p.text[:min(len(p.text), triePrefix)]
		if _, ok := prefixIndex[k]; !ok {
			prefixIndex[k] = len(prefixes)
			prefixes = append(prefixes, k)
		}
	}
	tb.AddStrings(prefixes)
	m := &matcher{trie: tb.Build(), patterns: b.patterns}
	m.byPrefix = make([][]int32, len(prefixes))
	for i, p := range b.patterns {
		t := prefixIndex[p.text[:min(len(p.text), triePrefix)]]
		m.byPrefix[t] = append(m.byPrefix[t], int32(i))
	}
	return m
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.In(r, unicode.Mn, unicode.Mc)
}

// scan finds every pattern in the folded and unmasked text that stands at word boundaries where its script has
// them. Digits count as boundaries, so "300usdt" holds "usdt", and so do the joints of spaced-out letters.
func (m *matcher) scan(um *textnorm.Mapped, hits []hit) []hit {
	text := um.Bytes()
	m.trie.Walk(text, func(end, n, t int64) bool {
		start := int(end - n + 1)
		for _, pi := range m.byPrefix[t] {
			p := &m.patterns[pi]
			stop := start + len(p.text)
			if stop > len(text) || (len(p.text) > int(n) && string(text[int(end+1):stop]) != p.text[n:]) {
				continue
			}
			if p.left && !leftBoundary(text, start, p.arabicLeft) && !um.SoftBoundary(start) {
				continue
			}
			if p.right && stop < len(text) && !um.SoftBoundary(stop) {
				if r, _ := utf8.DecodeRune(text[stop:]); isWordRune(r) && !textnorm.Unspaced(r) {
					continue
				}
			}
			hits = append(hits, hit{pat: pi, start: int32(start), end: int32(stop)})
		}
		return len(hits) < maxHits
	})
	// The automaton reports a match where its prefix ends; order by where the whole phrase ends.
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].end != hits[j].end {
			return hits[i].end < hits[j].end
		}
		return hits[i].start < hits[j].start
	})
	return hits
}

func leftBoundary(text []byte, start int, arabic bool) bool {
	if start == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRune(text[:start])
	if !isWordRune(r) || textnorm.Unspaced(r) {
		return true
	}
	if !arabic {
		return false
	}
	// Arabic writes "and", "the", "with", "for" as prefixes: وتيليجرام is "and Telegram". Allow up to three
	// proclitic letters before a word boundary.
	i := start
	for n := 0; n < 3 && i > 0; n++ {
		r, w := utf8.DecodeLastRune(text[:i])
		if !strings.ContainsRune("وفبلكا", r) {
			return false
		}
		i -= w
		if i == 0 {
			return true
		}
		if p, _ := utf8.DecodeLastRune(text[:i]); !isWordRune(p) {
			return true
		}
	}
	return false
}

// clauseBreak reports whether text[i] ends a clause: a negation or a salary word does not reach past it.
func clauseBreak(text []byte, i int) bool {
	switch c := text[i]; c {
	case ';', '!', '?', '\n':
		return true
	case '.', ',':
		return i+1 == len(text) || text[i+1] == ' '
	case 0xE3, 0xEF: // 。、 and full-width ，！？；：
		r, _ := utf8.DecodeRune(text[i:])
		return strings.ContainsRune("。，！？；：", r)
	}
	return false
}

// sameClause reports whether text[from:to] holds no clause break.
func sameClause(text []byte, from, to int) bool {
	for i := max(from, 0); i < to && i < len(text); i++ {
		if clauseBreak(text, i) {
			return false
		}
	}
	return true
}
