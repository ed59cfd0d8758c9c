package distress

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Match modes: how a phrase must sit in the text.
const (
	modeWord      = "word"      // whole words: a boundary (not a letter, mark or digit) on both sides
	modePrefix    = "prefix"    // a boundary before the phrase only, so endings may follow (agglutinative languages)
	modeSubstring = "substring" // anywhere in the text (Arabic clitics, Ge'ez)
	modeNoSpace   = "nospace"   // anywhere, after removing every space (scripts written without spaces between words)
)

// Firing rules: which context may cancel a phrase that matched.
const (
	firesAlways             = "always"              // nothing cancels it
	firesUnlessRequest      = "unless_request"      // cancelled by a request cue ("help me check this job offer")
	firesUnlessHypothetical = "unless_hypothetical" // cancelled by a hypothetical cue, unless an urgent or family marker
	firesUnlessQuestion     = "unless_question"     // (default) cancelled by a question, hypothetical or request cue, same rescue
	firesWithFamily         = "with_family"         // needs a family cue, and no question, hypothetical or request cue
)

// gapMarks separate the parts of a phrase that may have other words between them ("took … passport").
var gapMarks = [...]string{"…", "..."}

// maxParts bounds the parts of one phrase; maxGap bounds, in runes, the text between two parts.
const (
	maxParts = 4
	maxGap   = 30
)

type fileDoc struct {
	Meta     metaDoc                `yaml:"meta"`
	Match    string                 `yaml:"match"`
	CuesFrom []string               `yaml:"cues_from"`
	Signals  map[string][]phraseDoc `yaml:"signals"`
	Cues     cuesDoc                `yaml:"cues"`
}

type metaDoc struct {
	Locale     string `yaml:"locale"`
	Reviewed   *bool  `yaml:"reviewed"`
	Translator string `yaml:"translator"`
}

type phraseDoc struct {
	Text     string `yaml:"text"`
	Fires    string `yaml:"fires"`
	Whole    bool   `yaml:"whole"`
	Source   string `yaml:"source"`
	Verified *bool  `yaml:"verified"`
	Note     string `yaml:"note"`
}

type cuesDoc struct {
	Question     []string `yaml:"question"`
	Hypothetical []string `yaml:"hypothetical"`
	Request      []string `yaml:"request"`
	Urgent       []string `yaml:"urgent"`
	Family       []string `yaml:"family"`
}

// Load reads and validates every PhraseDir/<locale>.yaml of fsys and builds a Detector. It returns every problem
// found, joined, each naming its file and entry.
func Load(fsys fs.FS) (*Detector, error) {
	entries, err := fs.ReadDir(fsys, PhraseDir)
	if err != nil {
		return nil, fmt.Errorf("load distress phrases: %w", err)
	}
	var errs []error
	var docs []fileDoc
	var names []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !(strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) {
			continue
		}
		file := path.Join(PhraseDir, name)
		if !strings.HasSuffix(name, ".yaml") {
			errs = append(errs, fmt.Errorf("%s: phrase files end in .yaml", file))
			continue
		}
		raw, err := fs.ReadFile(fsys, file)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", file, err))
			continue
		}
		var doc fileDoc
		dec := yaml.NewDecoder(bytes.NewReader(raw))
		dec.KnownFields(true)
		if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
			errs = append(errs, fmt.Errorf("%s: %w", file, err))
			continue
		}
		docs = append(docs, doc)
		names = append(names, file)
	}
	if len(docs) == 0 && len(errs) == 0 {
		errs = append(errs, fmt.Errorf("%s: no phrase files", PhraseDir))
	}
	d := &Detector{en: -1, coverage: map[string]int{}}
	b := newMatchBuilder()
	for i, doc := range docs {
		lang, lerrs := buildLanguage(names[i], doc)
		errs = append(errs, lerrs...)
		if lang == nil {
			continue
		}
		idx := len(d.langs)
		if lang.locale == "en" {
			d.en = idx
		}
		d.langs = append(d.langs, *lang)
		for ii, it := range lang.items {
			if it.whole {
				d.whole = append(d.whole, wholeEntry{key: lettersOnly(it.parts[0]), ref: ref{lang: int32(idx), item: int32(ii)}})
				continue
			}
			for pi, p := range it.parts {
				b.add(lang.mode == modeNoSpace, p, ref{lang: int32(idx), item: int32(ii), part: int8(pi)})
			}
		}
		d.coverage[lang.locale] = lang.signals
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	// Locales in the project's order, so that ties in Hit.Lang are stable whatever the directory order.
	d.sortLanguages(b)
	d.spaced, d.tight = b.build()
	d.linkCues()
	return d, nil
}

// sortLanguages orders d.langs as localeOrder does and rewrites the references that point into it.
func (d *Detector) sortLanguages(b *matchBuilder) {
	order := make([]int, len(d.langs))
	for i := range order {
		order[i] = i
	}
	rank := func(l string) int { return slices.Index(localeOrder[:], l) }
	slices.SortStableFunc(order, func(a, c int) int { return rank(d.langs[a].locale) - rank(d.langs[c].locale) })
	newIndex := make([]int32, len(order))
	langs := make([]language, len(order))
	for newI, oldI := range order {
		newIndex[oldI] = int32(newI)
		langs[newI] = d.langs[oldI]
	}
	d.langs = langs
	if d.en >= 0 {
		d.en = int(newIndex[d.en])
	}
	for i := range d.whole {
		d.whole[i].ref.lang = newIndex[d.whole[i].ref.lang]
	}
	b.remap(newIndex)
}

// linkCues resolves each language's cues_from locales to indexes into d.langs (a locale without a file is skipped).
func (d *Detector) linkCues() {
	for i := range d.langs {
		for _, c := range d.langs[i].cuesFrom {
			for j := range d.langs {
				if d.langs[j].locale == c {
					d.langs[i].cueLangs = append(d.langs[i].cueLangs, int32(j))
				}
			}
		}
	}
}

// buildLanguage validates one file and turns it into a language. It returns nil when the file cannot be used at all.
func buildLanguage(file string, doc fileDoc) (*language, []error) {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{file}, args...)...))
	}
	locale := strings.TrimSuffix(path.Base(file), ".yaml")
	if !slices.Contains(localeOrder[:], locale) {
		bad("unknown locale %q (known: %s)", locale, strings.Join(localeOrder[:], " "))
		return nil, errs
	}
	if doc.Meta.Locale != locale {
		bad("meta.locale is %q, want %q (the file name)", doc.Meta.Locale, locale)
	}
	if doc.Meta.Reviewed == nil {
		bad("meta.reviewed is missing (say false until a native speaker has checked the file)")
	}
	if strings.TrimSpace(doc.Meta.Translator) == "" {
		bad("meta.translator is missing")
	}
	switch doc.Match {
	case modeWord, modePrefix, modeSubstring, modeNoSpace:
	default:
		bad("match is %q, want one of %s, %s, %s, %s", doc.Match, modeWord, modePrefix, modeSubstring, modeNoSpace)
		return nil, errs
	}
	lang := &language{locale: locale, mode: doc.Match}
	for _, c := range doc.CuesFrom {
		if !slices.Contains(localeOrder[:], c) || c == locale {
			bad("cues_from: %q is not another known locale", c)
			continue
		}
		lang.cuesFrom = append(lang.cuesFrom, c)
	}
	tight := doc.Match == modeNoSpace
	seen := map[string]string{} // folded phrase → where it was first seen

	kinds := make([]string, 0, len(doc.Signals))
	for k := range doc.Signals {
		kinds = append(kinds, k)
	}
	slices.SortFunc(kinds, func(a, b string) int { return kindRank(a) - kindRank(b) })
	for _, kind := range kinds {
		if kindRank(kind) == len(kindOrder) {
			bad("signals: unknown kind %q (known: %s)", kind, strings.Join(kindOrder[:], " "))
			continue
		}
		for i, p := range doc.Signals[kind] {
			where := fmt.Sprintf("signals.%s[%d] %q", kind, i, p.Text)
			parts, perr := splitPhrase(p.Text, tight)
			if perr != "" {
				bad("%s: %s", where, perr)
				continue
			}
			fires := p.Fires
			if fires == "" {
				fires = firesUnlessQuestion
			}
			switch fires {
			case firesAlways, firesUnlessRequest, firesUnlessHypothetical, firesUnlessQuestion, firesWithFamily:
			default:
				bad("%s: fires is %q, want %s, %s, %s, %s or %s", where, p.Fires,
					firesAlways, firesUnlessRequest, firesUnlessHypothetical, firesUnlessQuestion, firesWithFamily)
				continue
			}
			if strings.TrimSpace(p.Source) == "" && (p.Verified == nil || *p.Verified) {
				bad("%s: needs a source (a research key) or verified: false", where)
			}
			if p.Whole && len(parts) > 1 {
				bad("%s: a whole-message phrase cannot have gaps", where)
				continue
			}
			key := strings.Join(parts, "…")
			if prev, dup := seen[key]; dup {
				bad("%s: same phrase as %s", where, prev)
				continue
			}
			seen[key] = where
			lang.items = append(lang.items, item{
				role: roleSignal, text: p.Text, kind: kind, fires: fires, parts: parts, whole: p.Whole,
			})
			lang.signals++
		}
	}
	if lang.signals == 0 {
		bad("no signal phrases")
	}

	cueLists := []struct {
		name string
		role role
		list []string
	}{
		{"question", roleQuestion, doc.Cues.Question},
		{"hypothetical", roleHypothetical, doc.Cues.Hypothetical},
		{"request", roleRequest, doc.Cues.Request},
		{"urgent", roleUrgent, doc.Cues.Urgent},
		{"family", roleFamily, doc.Cues.Family},
	}
	for _, cl := range cueLists {
		seenCue := map[string]bool{}
		for i, c := range cl.list {
			where := fmt.Sprintf("cues.%s[%d] %q", cl.name, i, c)
			parts, perr := splitPhrase(c, tight)
			if perr != "" {
				bad("%s: %s", where, perr)
				continue
			}
			key := strings.Join(parts, "…")
			if seenCue[key] {
				bad("%s: listed twice", where)
				continue
			}
			seenCue[key] = true
			lang.items = append(lang.items, item{role: cl.role, text: c, parts: parts})
		}
	}
	return lang, errs
}

// splitPhrase normalizes a phrase and splits it at its gap marks. It returns a reason when the phrase is unusable.
func splitPhrase(text string, tight bool) ([]string, string) {
	raw := []string{text}
	for _, g := range gapMarks {
		var next []string
		for _, r := range raw {
			next = append(next, strings.Split(r, g)...)
		}
		raw = next
	}
	if len(raw) > maxParts {
		return nil, fmt.Sprintf("more than %d parts", maxParts)
	}
	parts := make([]string, 0, len(raw))
	for _, r := range raw {
		p := normalize(r)
		if tight {
			p = strings.ReplaceAll(p, " ", "")
		}
		if p == "" {
			if len(raw) == 1 {
				return nil, "empty phrase"
			}
			return nil, "empty part around a gap mark"
		}
		parts = append(parts, p)
	}
	return parts, ""
}

func kindRank(k string) int {
	if i := slices.Index(kindOrder[:], k); i >= 0 {
		return i
	}
	return len(kindOrder)
}
