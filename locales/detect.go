package locales

import (
	"strings"
	"unicode"
)

// scriptLocale maps a script that only one supported locale uses to that locale.
var scriptLocale = []struct {
	table  *unicode.RangeTable
	locale string
}{
	{unicode.Myanmar, "my"},
	{unicode.Thai, "th"},
	{unicode.Khmer, "km"},
	{unicode.Lao, "lo"},
	{unicode.Sinhala, "si"},
	{unicode.Tamil, "ta"},
	{unicode.Bengali, "bn"},
	{unicode.Ethiopic, "am"},
	{unicode.Cyrillic, "ru"},
}

// DetectScript guesses the locale of text from its writing system alone. It answers for the scripts that identify a
// locale (Myanmar, Thai, Khmer, Lao, Sinhala, Tamil, Bengali, Ethiopic, Cyrillic) and tells apart the locales that
// share one: Hindi and Nepali (Devanagari), Arabic and Urdu (Arabic script), Simplified and Traditional Chinese (Han).
// Latin-script text, and text with too few letters, is not decided here: ok is false.
func DetectScript(text string) (locale string, ok bool) {
	counts := map[string]int{}
	var latin, letters, deva, arab, han int
	for _, r := range text {
		if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) && !unicode.Is(unicode.Mc, r) {
			continue
		}
		letters++
		switch {
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.Is(unicode.Devanagari, r):
			deva++
		case unicode.Is(unicode.Arabic, r):
			arab++
		case unicode.Is(unicode.Han, r):
			han++
		default:
			for _, s := range scriptLocale {
				if unicode.Is(s.table, r) {
					counts[s.locale]++
					break
				}
			}
		}
	}
	if letters < 2 {
		return "", false
	}
	best, n := "", 0
	for loc, c := range counts {
		if c > n || (c == n && loc < best) {
			best, n = loc, c
		}
	}
	for _, c := range []struct {
		loc string
		n   int
	}{{"hi", deva}, {"ar", arab}, {"zh-Hans", han}} {
		if c.n > n {
			best, n = c.loc, c.n
		}
	}
	// Latin letters mixed in (brand names, "USD", "Telegram") do not outweigh the user's own script.
	if n < 2 || n*2 < latin {
		return "", false
	}
	switch best {
	case "hi":
		best = devanagariLocale(text)
	case "ar":
		best = arabicLocale(text)
	case "zh-Hans":
		best = hanLocale(text)
	}
	return best, best != ""
}

// devanagariLocale tells Nepali from Hindi by whole words frequent in one and rare in the other (a word, not a
// substring: Hindi कुछ holds Nepali छ). It returns "" when the text does not say: the caller keeps the user's language.
func devanagariLocale(text string) string {
	ne, hi := 0, 0
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.Is(unicode.Devanagari, r) }) {
		switch w {
		case "छ", "छु", "छौं", "छन्", "हुन्छ", "हुनुहुन्छ", "मलाई", "गर्न", "भयो", "हो", "गर्नु", "कसरी", "गर्ने", "मेरो",
			"हाम्रो", "तिर्नु", "पर्छ", "हुँ", "छैन", "थियो", "पनि", "यो", "के", "भने":
			ne++
		case "है", "हैं", "मुझे", "क्या", "करना", "मेरा", "मेरी", "हम", "नहीं", "कैसे", "को", "की", "का", "था", "थी",
			"और", "भी", "यह", "कुछ", "मैं":
			hi++
		}
		// Nepali case endings written onto the noun: एजेन्टलाई, कामको, नेपालमा.
		if strings.HasSuffix(w, "लाई") && w != "भलाई" && w != "सिलाई" {
			ne++
		}
	}
	switch {
	case ne > hi:
		return "ne"
	case hi > ne:
		return "hi"
	}
	return ""
}

// arabicLocale tells Urdu from Arabic by letters that Urdu uses and Arabic does not.
func arabicLocale(text string) string {
	urdu := 0
	for _, r := range text {
		switch r {
		case 'ٹ', 'ڈ', 'ڑ', 'ں', 'ے', 'ھ', 'ہ', 'ۓ', 'ی', 'ک', 'گ', 'پ', 'چ':
			urdu++
		}
	}
	if urdu > 0 {
		return "ur"
	}
	return "ar"
}

// hanLocale tells Traditional from Simplified Chinese by characters that differ between the two in common words.
func hanLocale(text string) string {
	const simplified = "这们个护说会国发钱费来时请过还没吗让给对险证签务劳动为业结资买卖无关问题应该带离开骗"
	const traditional = "這們個護說會國發錢費來時請過還沒嗎讓給對險證簽務勞動為業結資買賣無關問題應該帶離開騙"
	s, t := 0, 0
	for _, r := range text {
		if strings.ContainsRune(simplified, r) {
			s++
		}
		if strings.ContainsRune(traditional, r) {
			t++
		}
	}
	switch {
	case t > s:
		return "zh-Hant"
	case s > t:
		return "zh-Hans"
	}
	return "" // nothing that differs between the two scripts: the caller keeps the user's language
}

func countAny(text string, words []string) int {
	n := 0
	for _, w := range words {
		if strings.Contains(text, w) {
			n++
		}
	}
	return n
}
