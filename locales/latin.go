package locales

import (
	"strings"
	"sync"
	"unicode"

	"github.com/pemistahl/lingua-go"

	"github.com/safepassage/safepassage/content/textnorm"
)

// latinLocales are the supported locales written in the Latin script, which the script alone cannot tell apart.
var latinLocales = map[lingua.Language]string{
	lingua.English:    "en",
	lingua.Vietnamese: "vi",
	lingua.Indonesian: "id",
	lingua.Malay:      "ms",
	lingua.Tagalog:    "tl",
	lingua.Swahili:    "sw",
	lingua.French:     "fr",
	lingua.Spanish:    "es",
	lingua.Portuguese: "pt",
}

// Thresholds below which a Latin-script message keeps the user's current language: short messages ("ok", "agent
// fee?") and unsure guesses are more often wrong than right.
const (
	minLatinLetters    = 12
	minLatinWords      = 3
	minLatinConfidence = 0.5
)

// latinDetector identifies Latin-script languages with github.com/pemistahl/lingua-go, built for the nine locales
// only. Its models take about half a second and 100 MB to load, so it loads once, on first use or on Warm.
type latinDetector struct {
	once sync.Once
	d    lingua.LanguageDetector
}

func (l *latinDetector) get() lingua.LanguageDetector {
	l.once.Do(func() {
		langs := make([]lingua.Language, 0, len(latinLocales))
		for lang := range latinLocales {
			langs = append(langs, lang)
		}
		l.d = lingua.NewLanguageDetectorBuilder().FromLanguages(langs...).WithPreloadedLanguageModels().Build()
	})
	return l.d
}

// Warm loads the language models now (serve calls it in the background at start), so the first user does not wait.
func (c *Catalog) Warm() { c.latin.get() }

// Detect guesses the locale a message is written in: by its script (see DetectScript), and for Latin-script text by
// language identification. It returns ok false for text too short or too mixed to tell, which should then keep the
// user's current language.
func (c *Catalog) Detect(text string) (locale string, ok bool) {
	if loc, ok := DetectScript(text); ok {
		return loc, true
	}
	letters, words, latin := 0, 0, 0
	inWord := false
	for _, r := range text {
		isLetter := unicode.IsLetter(r)
		if isLetter {
			letters++
			if unicode.Is(unicode.Latin, r) {
				latin++
			}
			if !inWord {
				words++
			}
		}
		inWord = isLetter || (inWord && (r == '\'' || r == '-'))
	}
	if letters < minLatinLetters || words < minLatinWords || latin*10 < letters*8 {
		return "", false
	}
	vals := c.latin.get().ComputeLanguageConfidenceValues(strings.ToLower(text))
	if len(vals) == 0 || vals[0].Value() < minLatinConfidence {
		// Unsure: people often type without diacritics ("chi phi moi gioi"), which the models, trained on written
		// text, do not know. Fall back to the words of the bot's own strings in each language.
		return c.byVocabulary(text)
	}
	loc, known := latinLocales[vals[0].Language()]
	return loc, known && c.Has(loc)
}

// byVocabulary picks the one Latin-script locale whose own strings contain at least 70% of the message's words,
// folded; ok is false when none or several do.
func (c *Catalog) byVocabulary(text string) (string, bool) {
	words := strings.FieldsFunc(textnorm.Fold(text), func(r rune) bool { return !unicode.IsLetter(r) })
	if len(words) < minLatinWords {
		return "", false
	}
	best, bestN, tie := "", 0, false
	for loc, vocab := range c.vocab {
		n := 0
		for _, w := range words {
			if vocab[w] {
				n++
			}
		}
		switch {
		case n > bestN:
			best, bestN, tie = loc, n, false
		case n == bestN:
			tie = true
		}
	}
	if tie || bestN*10 < len(words)*7 {
		return "", false
	}
	return best, true
}

func isLatinLocale(loc string) bool {
	for _, l := range latinLocales {
		if l == loc {
			return true
		}
	}
	return false
}

// vocabulary is the set of folded words in a locale's messages.
func vocabulary(messages map[string]any) map[string]bool {
	v := map[string]bool{}
	add := func(s string) {
		for _, w := range strings.FieldsFunc(textnorm.Fold(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
			v[w] = true
		}
	}
	for _, m := range messages {
		switch m := m.(type) {
		case string:
			add(m)
		case map[string]any:
			for _, f := range m {
				if s, ok := f.(string); ok {
					add(s)
				}
			}
		}
	}
	return v
}
