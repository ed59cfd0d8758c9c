package topics

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/safepassage/safepassage/content/textnorm"
)

// Text analysis, shared by the index and the query so that both sides meet: fold (textnorm.Fold), split into
// segments, then turn each segment into units.
//
//   - Scripts written with spaces between words (Latin, Cyrillic, Devanagari, Arabic, Ethiopic, ...) give one unit per
//     word of two or more characters. A word longer than stemLen also carries its first stemLen characters as a
//     second feature (truncation is a crude stemmer that works across languages: "recruiter", "recruitment").
//   - Scripts written without spaces (Thai, Lao, Khmer, Myanmar, Chinese, Japanese kana) give one unit per character
//     bigram within each run; Thai, Lao, Khmer and Myanmar add trigrams, as their syllables span several characters.
//     A "character" there is a base letter with its combining vowel signs and tone marks.
//   - Synonyms (topics.yaml) are matched first and become one concept unit: whole words (or phrases) in spaced
//     scripts, substrings in unspaced ones.
//   - Stop words (topics.yaml) are words of spaced scripts that say nothing about the topic ("the", "is", "my"). They
//     are indexed and rank like any word, but do not count when Search measures how much of a question a topic covers.

const (
	stemLen     = 5 // characters kept by the truncation stemmer
	minFuzzyLen = 5 // words shorter than this are never corrected for typos
)

type unitKind uint8

const (
	unitWord    unitKind = iota // a word of a spaced script
	unitGram                    // a character n-gram of an unspaced script
	unitConcept                 // a synonym group
)

// unit is one piece of analysed text: a query term, or a term of a document.
type unit struct {
	kind unitKind
	key  string // the feature: the word, the n-gram, or "=" + synonym group id
	stem string // "~" + truncated word, for long words only
	stop bool   // a stop word
}

// apostrophes removes the apostrophes that segments keeps inside words.
var apostrophes = strings.NewReplacer("'", "", "’", "")

type segment struct {
	text   string
	spaced bool
}

// unspacedScript reports whether r belongs to a script written without spaces between words.
func unspacedScript(r rune) bool {
	return unicode.In(r, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar, unicode.Han, unicode.Hiragana,
		unicode.Katakana)
}

func isMark(r rune) bool { return unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me) }

// segments splits folded text into words (spaced scripts) and runs (unspaced scripts); everything that is neither a
// letter, a digit nor a mark separates them. An apostrophe inside a word is dropped ("don't" and "dont" meet).
func segments(s string) []segment {
	var segs []segment
	start, cur := -1, 0 // cur: 0 none, 1 spaced, 2 unspaced
	flush := func(end int) {
		if start >= 0 {
			segs = append(segs, segment{text: apostrophes.Replace(s[start:end]), spaced: cur == 1})
		}
		start, cur = -1, 0
	}
	prev := rune(0)
	for i, r := range s {
		cls := 0
		switch {
		case isMark(r):
			cls = cur // a mark belongs to what it follows
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cls = 1
			if unspacedScript(r) {
				cls = 2
			}
		case (r == '\'' || r == '’') && cur == 1 && unicode.IsLetter(prev):
			next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
			if unicode.IsLetter(next) && !unspacedScript(next) {
				cls = 1
			}
		}
		prev = r
		if cls != cur {
			flush(i)
			if cls != 0 {
				start, cur = i, cls
			}
		}
	}
	flush(len(s))
	return segs
}

// analyzer turns text into units, with the synonym groups and stop words of topics.yaml.
type analyzer struct {
	stop     map[string]bool       // stop words: they rank, but do not count towards a match's coverage
	phrases  map[string][][]string // first word -> word sequences (longest first); the concept is phrase[0] key
	concept  map[string]string     // phrase joined by " " -> concept feature
	unspaced []synonymTerm         // terms in unspaced scripts, longest first
	words    []synonymTerm         // single words in spaced scripts, for typo correction
}

type synonymTerm struct {
	text    string
	concept string
}

// synonymKey is the form in which a synonym word is compared with others when Load checks for duplicates.
func synonymKey(w string) string {
	var parts []string
	for _, s := range segments(textnorm.Fold(w)) {
		parts = append(parts, s.text)
	}
	return strings.Join(parts, " ")
}

func newAnalyzer(groups []synonymGroup, stopwords []string) *analyzer {
	an := &analyzer{phrases: map[string][][]string{}, concept: map[string]string{}, stop: map[string]bool{}}
	for _, w := range stopwords {
		an.stop[synonymKey(w)] = true
	}
	for _, g := range groups {
		concept := "=" + g.id
		for _, w := range g.words {
			segs := segments(textnorm.Fold(w))
			if len(segs) == 1 && !segs[0].spaced {
				an.unspaced = append(an.unspaced, synonymTerm{text: segs[0].text, concept: concept})
				continue
			}
			var words []string
			for _, s := range segs {
				words = append(words, s.text) // a mixed-script phrase matches its parts as words
			}
			if len(words) == 0 {
				continue
			}
			an.phrases[words[0]] = append(an.phrases[words[0]], words)
			an.concept[strings.Join(words, " ")] = concept
			if len(words) == 1 && utf8.RuneCountInString(words[0]) >= minFuzzyLen {
				an.words = append(an.words, synonymTerm{text: words[0], concept: concept})
			}
		}
	}
	for _, ps := range an.phrases {
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i]) > len(ps[j]) })
	}
	sort.SliceStable(an.unspaced, func(i, j int) bool { return len(an.unspaced[i].text) > len(an.unspaced[j].text) })
	return an
}

// analyze turns text into units.
func (an *analyzer) analyze(text string) []unit {
	segs := segments(textnorm.Fold(text))
	var out []unit
	for i := 0; i < len(segs); i++ {
		seg := segs[i]
		if !seg.spaced {
			out = an.analyzeRun(out, seg.text)
			continue
		}
		if n, concept := an.matchPhrase(segs[i:]); n > 0 {
			out = append(out, unit{kind: unitConcept, key: concept})
			i += n - 1
			continue
		}
		n := utf8.RuneCountInString(seg.text)
		if n < 2 {
			continue
		}
		u := unit{kind: unitWord, key: seg.text, stop: an.stop[seg.text]}
		if n > stemLen {
			u.stem = "~" + prefixRunes(seg.text, stemLen)
		}
		out = append(out, u)
	}
	return out
}

// matchPhrase returns how many segments at the start of segs form a synonym phrase, and its concept.
func (an *analyzer) matchPhrase(segs []segment) (int, string) {
outer:
	for _, p := range an.phrases[segs[0].text] {
		if len(p) > len(segs) {
			continue
		}
		for j, w := range p {
			if !segs[j].spaced || segs[j].text != w {
				continue outer
			}
		}
		return len(p), an.concept[strings.Join(p, " ")]
	}
	return 0, ""
}

// analyzeRun turns a run of an unspaced script into concept units (synonyms found in it) and n-gram units (the rest).
func (an *analyzer) analyzeRun(out []unit, run string) []unit {
	for _, t := range an.unspaced {
		if i := strings.Index(run, t.text); i >= 0 {
			out = append(out, unit{kind: unitConcept, key: t.concept})
			out = an.analyzeRun(out, run[:i])
			return an.analyzeRun(out, run[i+len(t.text):])
		}
	}
	return appendGrams(out, run)
}

// appendGrams adds the character bigrams (and, outside Chinese and Japanese, trigrams) of run.
func appendGrams(out []unit, run string) []unit {
	var chars []string // base letter plus its marks
	start := -1
	for i, r := range run {
		if isMark(r) && start >= 0 {
			continue
		}
		if start >= 0 {
			chars = append(chars, run[start:i])
		}
		start = i
	}
	if start >= 0 {
		chars = append(chars, run[start:])
	}
	switch len(chars) {
	case 0:
		return out
	case 1:
		return append(out, unit{kind: unitGram, key: chars[0]})
	}
	first, _ := utf8.DecodeRuneInString(run)
	trigrams := !unicode.In(first, unicode.Han, unicode.Hiragana, unicode.Katakana)
	for i := 0; i+1 < len(chars); i++ {
		out = append(out, unit{kind: unitGram, key: chars[i] + chars[i+1]})
		if trigrams && i+2 < len(chars) {
			out = append(out, unit{kind: unitGram, key: chars[i] + chars[i+1] + chars[i+2]})
		}
	}
	return out
}

func prefixRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// deletes returns w with each one of its characters removed: the keys of the typo index.
func deletes(w string) []string {
	out := make([]string, 0, len(w))
	for i, r := range w {
		out = append(out, w[:i]+w[i+utf8.RuneLen(r):])
	}
	return out
}

// withinOneEdit reports whether a and b differ by at most one insertion, deletion, substitution or swap of two
// neighbouring characters.
func withinOneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	switch len(ra) - len(rb) {
	case 0:
		var diff []int
		for i := range ra {
			if ra[i] != rb[i] {
				diff = append(diff, i)
				if len(diff) > 2 {
					return false
				}
			}
		}
		switch len(diff) {
		case 0, 1:
			return true
		case 2:
			i, j := diff[0], diff[1]
			return j == i+1 && ra[i] == rb[j] && ra[j] == rb[i]
		}
		return false
	case 1:
		i := 0
		for i < len(rb) && ra[i] == rb[i] {
			i++
		}
		return string(ra[i+1:]) == string(rb[i:])
	}
	return false
}
