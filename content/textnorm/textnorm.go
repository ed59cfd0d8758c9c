// Package textnorm folds user text into a canonical form for matching: the FAQ search, the offer screener and the
// distress detector all compare folded text with folded patterns, so that "chi phí" and "chi phi", "Ｔｅｌｅｇｒａｍ"
// and "telegram", or a word with a zero-width space inside, meet.
//
// Fold returns the folded string. FoldMap folds the same way and keeps a map from every folded byte back to the
// original text, so a match can be shown in the user's own words; its Unmask method goes further for filters
// (look-alike letters from other scripts, leetspeak, spaced-out letters) and returns a matching skeleton.
//
// It holds no state and imports nothing of the program's own.
package textnorm

import (
	"unicode"
)

// Fold returns s in the canonical form used for matching:
//   - NFKC compatibility folding (full-width letters and digits, ligatures);
//   - Unicode case folding;
//   - diacritics removed from Latin, Greek and Cyrillic letters only (the vowel signs of Thai, Myanmar, Devanagari and
//     other abugidas are combining marks too, and carry meaning, so they stay);
//   - zero-width and bidirectional control characters dropped;
//   - every run of white space collapsed to one space, and the ends trimmed.
//
// It is FoldMap without the map: one implementation, so that what the screener matches and shows and what the
// search and the distress detector match can never differ.
func Fold(s string) string {
	return FoldMap(s).String()
}

// isStrippable reports whether the combining marks on base are diacritics that people often leave out when they type
// (Latin, Greek, Cyrillic), as opposed to the marks that make up a syllable in an abugida.
func isStrippable(base rune) bool {
	return unicode.In(base, unicode.Latin, unicode.Greek, unicode.Cyrillic, unicode.Arabic)
}

// foldLetter maps a letter to the one people type in its place: Latin letters with a stroke, which have no
// decomposition, to the plain letter; and the Arabic-script letters that vary with the writer and the keyboard (ta
// marbuta, alef maqsura, the Persian and Urdu yeh and kaf) to one form. (Hamza and madda on alef, and the short
// vowels, are combining marks once decomposed, and dropped as diacritics.)
func foldLetter(r rune) rune {
	switch r {
	case 'đ':
		return 'd'
	case 'ł':
		return 'l'
	case 'ø':
		return 'o'
	case 'ة':
		return 'ه'
	case 'ى', 'ی':
		return 'ي'
	case 'ک':
		return 'ك'
	}
	// Amharic writes some sounds with two or three letter series that sound alike (ሀ ሐ ኀ, ሰ ሠ, አ ዐ, ጸ ፀ); people type
	// whichever their keyboard gives. Each syllable keeps its vowel order (the offset within its series).
	for _, s := range ethiopicHomophones {
		if r >= s.from && r < s.from+7 {
			return s.to + (r - s.from)
		}
	}
	return r
}

// ethiopicHomophones maps the first syllable of a homophone series to the first of the series it is folded into.
var ethiopicHomophones = [...]struct{ from, to rune }{
	{'ሐ', 'ሀ'}, {'ኀ', 'ሀ'}, {'ሠ', 'ሰ'}, {'ዐ', 'አ'}, {'ፀ', 'ጸ'},
}

// isInvisible reports format characters that change nothing a reader sees but break a match: zero-width spaces and
// joiners, the byte-order mark, soft hyphens and bidirectional controls.
func isInvisible(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad',
		'\u200e', '\u200f', '\u061c', '\u0640', // the last: Arabic tatweel, a stretch of the line
		'\u202a', '\u202b', '\u202c', '\u202d', '\u202e',
		'\u2066', '\u2067', '\u2068', '\u2069':
		return true
	}
	return false
}
