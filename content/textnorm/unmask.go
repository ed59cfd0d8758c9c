package textnorm

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Unmask undoes the disguises people use to slip words past filters, on text that FoldMap has already folded:
//   - letters spelled out with spaces or dots, "p a s s p o r t" or "t.e.l.e.g.r.a.m", are joined (three or more
//     single letters in a row);
//   - Cyrillic and Greek look-alikes inside a mostly Latin word become Latin ("pаssport" with a Cyrillic а), and
//     Latin look-alikes inside a mostly Cyrillic word become Cyrillic;
//   - leetspeak between letters becomes letters ("p@ssp0rt", "b1nance"); digits and symbols at the edge of a word
//     stay, so "1500usd", "us$300" and "trc20" keep their meaning;
//   - the letters that look alike in Latin text, l, i, 1, | and ! inside a word, all become i;
//   - spaces between two letters of a script written without spaces between words (Thai, Lao, Myanmar, Khmer,
//     Chinese, Japanese) are dropped, so "ค่า ดำเนินการ" meets "ค่าดำเนินการ";
//   - Arabic short-vowel marks and the tatweel are dropped, since most people leave them out.
//
// The result is a matching skeleton, not readable text: fold patterns with FoldMap and Unmask too, and show users
// the original words through Source or Excerpt. The map back to the original text is kept.
func (m *Mapped) Unmask() *Mapped {
	rs := make([]mrune, 0, len(m.text))
	var latin, other int
	for k := 0; k < len(m.text); {
		var r rune
		var w int
		var lo, hi int
		if c := m.text[k]; c < utf8.RuneSelf {
			r, w, lo, hi = rune(c), 1, int(m.start[k]), int(m.end[k])
		} else {
			r, w = utf8.DecodeRune(m.text[k:])
			lo, hi = m.Source(k, k+w)
		}
		k += w
		if isArabicMark(r) {
			continue
		}
		switch {
		case r < utf8.RuneSelf:
			if 'a' <= r && r <= 'z' {
				latin++
			}
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.In(r, unicode.Cyrillic, unicode.Greek):
			other++
		}
		rs = append(rs, mrune{r: r, lo: int32(lo), hi: int32(hi)})
	}
	rs = dropUnspacedGaps(rs)
	rs = joinSpacedLetters(rs)
	docLatin := latin > other
	for i := 0; i < len(rs); {
		if !isWordRune(rs[i].r) {
			i++
			continue
		}
		j := i
		for j < len(rs) && isWordRune(rs[j].r) {
			j++
		}
		unmaskWord(rs[i:j], docLatin)
		i = j
	}
	out := &Mapped{
		orig:  m.orig,
		text:  make([]byte, 0, len(m.text)),
		start: make([]int32, 0, len(m.text)),
		end:   make([]int32, 0, len(m.text)),
	}
	for _, x := range rs {
		if x.r < 0 {
			continue
		}
		if x.soft {
			out.soft = append(out.soft, int32(len(out.text)))
		}
		out.addRune(x.r, int(x.lo), int(x.hi))
	}
	return out
}

type mrune struct {
	r      rune // -1: dropped
	lo, hi int32
	soft   bool // a spacer before it was dropped
}

// leet maps the symbols and digits that stand in for letters.
func leet(r rune) (rune, bool) {
	switch r {
	case '0':
		return 'o', true
	case '1', '!', '|':
		return 'i', true
	case '3':
		return 'e', true
	case '4', '@':
		return 'a', true
	case '5', '$':
		return 's', true
	case '7':
		return 't', true
	case '8':
		return 'b', true
	}
	return r, false
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '@' || r == '$' ||
			r == '!' || r == '|'
	}
	if _, ok := leet(r); ok {
		return true
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

func isSpacer(r rune) bool {
	switch r {
	case ' ', '.', '-', '_', '*', '·', '•':
		return true
	}
	return false
}

// spellable reports whether r can be one letter of a word spelled out letter by letter.
func spellable(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || strings.ContainsRune("@$013457", r)
	}
	if r == '@' || r == '$' || r == '0' || r == '1' || r == '3' || r == '4' || r == '5' || r == '7' {
		return true
	}
	return unicode.In(r, unicode.Latin, unicode.Cyrillic, unicode.Greek) && unicode.IsLetter(r)
}

// joinSpacedLetters drops the spacers between three or more single letters in a row, at least two of them real
// letters ("p a s s", "u.s.d.t"), but not between ordinary words or numbers. When the letters of a run are joined
// by dots, dashes or the like, a space in the run still separates two words ("t.o.u.r.i.s.t v.i.s.a"). Where a
// spacer was dropped the rune is marked soft: a word may begin or end there ("U S D T d e p o s i t" gives
// "usdtdeposit", in which both words can be found).
func joinSpacedLetters(rs []mrune) []mrune {
	single := func(i int) bool { // rs[i] stands alone between spacers or the ends of the text
		if !spellable(rs[i].r) {
			return false
		}
		if i > 0 && !isSpacer(rs[i-1].r) {
			return false
		}
		return i+1 == len(rs) || isSpacer(rs[i+1].r)
	}
	changed := false
	for i := 0; i < len(rs); {
		if !single(i) {
			i++
			continue
		}
		run := []int{i}
		j := i
		for {
			k := j + 1
			gap := 0
			for k < len(rs) && isSpacer(rs[k].r) && gap < 2 {
				k++
				gap++
			}
			if gap == 0 || k >= len(rs) || !single(k) {
				break
			}
			run = append(run, k)
			j = k
		}
		letters := 0
		for _, k := range run {
			if unicode.IsLetter(rs[k].r) {
				letters++
			}
		}
		if len(run) >= 3 && letters >= 2 {
			first, last := run[0], run[len(run)-1]
			dotted := false
			for x := first + 1; x < last; x++ {
				if isSpacer(rs[x].r) && rs[x].r != ' ' {
					dotted = true
				}
			}
			for x := first + 1; x < last; x++ {
				switch {
				case !isSpacer(rs[x].r):
				case dotted && rs[x].r == ' ':
				default:
					rs[x].r = -1
					changed = true
					if !dotted {
						rs[x+1].soft = true
					}
				}
			}
		}
		i = j + 1
	}
	if !changed {
		return rs
	}
	out := rs[:0]
	for _, x := range rs {
		if x.r >= 0 {
			out = append(out, x)
		}
	}
	return out
}

// unmaskWord rewrites one word in place: look-alike letters of a minority script, leetspeak, l/i.
func unmaskWord(w []mrune, docLatin bool) {
	var latin, cyr, greek int
	for _, x := range w {
		switch {
		case x.r < utf8.RuneSelf:
			if 'a' <= x.r && x.r <= 'z' || 'A' <= x.r && x.r <= 'Z' {
				latin++
			}
		case !unicode.IsLetter(x.r):
		case unicode.Is(unicode.Latin, x.r):
			latin++
		case unicode.Is(unicode.Cyrillic, x.r):
			cyr++
		case unicode.Is(unicode.Greek, x.r):
			greek++
		}
	}
	toCyrillic := cyr > latin && latin > 0 && !docLatin
	toLatin := latin > 0 && (cyr > 0 || greek > 0) && !toCyrillic
	// A word made only of look-alikes ("рау" in Cyrillic letters) in a mostly Latin text, or one with leet symbols
	// ("р@ss"), is a disguised Latin word.
	if latin == 0 && cyr+greek > 0 && (hasLeetSymbol(w) || (docLatin && allLookalikes(w))) {
		toLatin = true
	}
	for i := range w {
		r := w[i].r
		if r < utf8.RuneSelf && !toCyrillic {
			continue
		}
		switch {
		case toLatin:
			if l, ok := latinLookalike[r]; ok {
				r = l
			}
		case toCyrillic:
			if c, ok := cyrillicLookalike[r]; ok {
				r = c
			}
		}
		if v, ok := latinVariant[r]; ok {
			r = v
		}
		w[i].r = r
	}
	for i := 0; i < len(w); {
		if _, ok := leet(w[i].r); !ok {
			i++
			continue
		}
		j := i
		for j < len(w) {
			if _, ok := leet(w[j].r); !ok {
				break
			}
			j++
		}
		before := i > 0 && unicode.IsLetter(w[i-1].r)
		after := j < len(w) && unicode.IsLetter(w[j].r)
		// Only between letters, up to three in a row ("p@$$p0rt", "sc4mm3r"): at the edge of a word digits and
		// symbols keep their meaning ("3pm", "us$300", "r$ 15", "trc20").
		if j-i <= 3 && before && after {
			for k := i; k < j; k++ {
				w[k].r, _ = leet(w[k].r)
			}
		}
		i = j
	}
	for i := range w {
		if w[i].r == 'l' {
			w[i].r = 'i'
		}
	}
}

func allLookalikes(w []mrune) bool {
	for _, x := range w {
		if _, ok := latinLookalike[x.r]; !ok && unicode.IsLetter(x.r) {
			return false
		}
	}
	return true
}

// isArabicMark reports the Arabic short-vowel and other optional marks, and the tatweel (kashida) used to stretch
// words.
func isArabicMark(r rune) bool {
	return (r >= 0x064B && r <= 0x065F) || r == 0x0670 || r == 0x0640
}

// unspaced reports letters of scripts that do not put spaces between words.
func unspaced(r rune) bool {
	return r >= 0x0E00 && unicode.In(r, unicode.Thai, unicode.Lao, unicode.Myanmar, unicode.Khmer, unicode.Han,
		unicode.Hiragana, unicode.Katakana)
}

// Unspaced reports whether r belongs to a script written without spaces between words (Thai, Lao, Myanmar, Khmer,
// Chinese, Japanese), where a match needs no word boundary.
func Unspaced(r rune) bool { return unspaced(r) }

// dropUnspacedGaps removes a space between two letters (or marks) of scripts written without spaces between words.
func dropUnspacedGaps(rs []mrune) []mrune {
	out := rs[:0]
	for i, x := range rs {
		if x.r == ' ' && len(out) > 0 && i+1 < len(rs) && unspaced(rs[i+1].r) && unspaced(lastBase(out)) {
			continue
		}
		out = append(out, x)
	}
	return out
}

// lastBase returns the last rune that is not a combining mark, so a Thai vowel sign at the end of a word does not
// hide the script.
func lastBase(rs []mrune) rune {
	for i := len(rs) - 1; i >= 0; i-- {
		if r := rs[i].r; r < 0x0300 || !unicode.In(r, unicode.Mn, unicode.Mc) {
			return rs[i].r
		}
	}
	return 0
}

func hasLeetSymbol(w []mrune) bool {
	for _, x := range w {
		if x.r == '@' || x.r == '$' {
			return true
		}
	}
	return false
}

// latinLookalike maps Cyrillic and Greek letters (lower case: the text is folded) to the Latin letter they look like.
var latinLookalike = map[rune]rune{
	'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'һ': 'h', 'н': 'h', 'і': 'i', 'ї': 'i', 'ӏ': 'l', 'ј': 'j',
	'к': 'k', 'м': 'm', 'о': 'o', 'р': 'p', 'ԛ': 'q', 'ѕ': 's', 'т': 't', 'с': 'c', 'у': 'y',
	'ү': 'y', 'х': 'x', 'ԁ': 'd', 'ԝ': 'w',
	'α': 'a', 'β': 'b', 'ε': 'e', 'η': 'n', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p', 'τ': 't',
	'υ': 'u', 'χ': 'x', 'γ': 'y', 'μ': 'u',
}

// cyrillicLookalike maps Latin letters to the Cyrillic letter they look like, for Latin letters slipped into a
// Cyrillic word.
var cyrillicLookalike = map[rune]rune{
	'a': 'а', 'b': 'в', 'e': 'е', 'h': 'н', 'k': 'к', 'm': 'м', 'o': 'о', 'p': 'р', 'c': 'с', 't': 'т',
	'y': 'у', 'x': 'х',
}

// latinVariant maps Latin letters that look like a plainer Latin letter.
var latinVariant = map[rune]rune{'ı': 'i', 'ɑ': 'a', 'ɡ': 'g', 'ꞵ': 'b'}
