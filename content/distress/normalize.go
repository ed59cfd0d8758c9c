package distress

import (
	"strings"
	"unicode"

	"github.com/safepassage/safepassage/content/textnorm"
)

// normalize folds s for matching: textnorm.Fold (the screener's folding), then a few steps that only matter for
// short phrases typed in a hurry, applied alike to the phrase files and to messages:
//   - apostrophes dropped ("won't", "won’t" and "wont" meet; French "l'aide" becomes "laide");
//   - hyphens and underscores become spaces ("est-ce" and "est ce" meet);
//   - a run of three or more of the same letter becomes one ("pleeease", "helppp", "ช่วยด้วยยยย");
//   - Arabic script: vowel marks and tatweel dropped, hamza carriers and alef forms folded to their bare letter,
//     Farsi/Urdu yeh, kaf and heh folded to one form each, as Arabic and Urdu keyboards differ.
func normalize(s string) string {
	rs := []rune(textnorm.Fold(s))
	out := make([]rune, 0, len(rs))
	for _, r := range rs {
		switch {
		case isApostrophe(r):
			continue
		case r == '-' || r == '_' || r == '\u2010' || r == '\u2011':
			r = ' '
		}
		r = foldArabic(r)
		if r < 0 {
			continue
		}
		out = append(out, r)
	}
	out = collapseRuns(out)
	return strings.Join(strings.Fields(string(out)), " ")
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2018', '\u2019', '\u02bc', '`', '\u00b4', '\u2032':
		return true
	}
	return false
}

// foldArabic returns the folded form of an Arabic-script rune, -1 to drop it, or r itself for any other rune.
func foldArabic(r rune) rune {
	switch {
	case r >= 0x064b && r <= 0x065f, r == 0x0670, r == 0x0640: // harakat, superscript alef, tatweel
		return -1
	}
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ':
		return 'ا'
	case 'ؤ':
		return 'و'
	case 'ئ', 'ى', 'ی':
		return 'ي'
	case 'ک':
		return 'ك'
	case 'ہ', 'ۀ', 'ۂ', 'ة':
		return 'ه'
	case 'ۓ':
		return 'ے'
	}
	return r
}

// collapseRuns turns every run of three or more identical letters (or marks) into one.
func collapseRuns(rs []rune) []rune {
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); {
		j := i + 1
		for j < len(rs) && rs[j] == rs[i] {
			j++
		}
		n := j - i
		if n >= 3 && (unicode.IsLetter(rs[i]) || unicode.IsMark(rs[i])) {
			n = 1
		}
		for k := 0; k < n; k++ {
			out = append(out, rs[i])
		}
		i = j
	}
	return out
}

// isWordRune reports whether r belongs to a word: the boundary test of the word and prefix match modes.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r)
}

// lettersOnly keeps the letters, marks and digits of s: used to compare a whole message with a one-word phrase
// ("HELP!!!", "help help" and "help" all reduce to repeats of "help").
func lettersOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if isWordRune(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
