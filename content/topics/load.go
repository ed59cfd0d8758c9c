package topics

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/safepassage/safepassage/content/textnorm"
	"gopkg.in/yaml.v3"
)

const structureFile = "topics.yaml"

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// The YAML shapes. Unknown fields are errors (KnownFields), so a misspelt key is caught by lint.
type structureYAML struct {
	Themes   []string              `yaml:"themes"`
	Sources  map[string]sourceYAML `yaml:"sources"`
	Topics   []topicYAML           `yaml:"topics"`
	Synonyms []synonymYAML         `yaml:"synonyms"`
	Stop     map[string][]string   `yaml:"stopwords"`
}

type sourceYAML struct {
	Title string `yaml:"title"`
	URL   string `yaml:"url"`
}

type topicYAML struct {
	ID      string   `yaml:"id"`
	Theme   string   `yaml:"theme"`
	Related []string `yaml:"related"`
	Buttons []string `yaml:"buttons"`
	Sources []string `yaml:"sources"`
	Written string   `yaml:"written"`
}

// synonymYAML is one group of words that mean the same for search, listed per locale.
type synonymYAML struct {
	ID    string              `yaml:"id"`
	Words map[string][]string `yaml:"words"`
}

type textYAML struct {
	Meta   *metaYAML            `yaml:"meta"`
	Themes map[string]string    `yaml:"themes"`
	Topics map[string]topicText `yaml:"topics"`
}

type metaYAML struct {
	Locale     string `yaml:"locale"`
	Reviewed   *bool  `yaml:"reviewed"`
	Translator string `yaml:"translator"`
}

// synonymGroup is a validated synonym group: its words, folded, per locale.
type synonymGroup struct {
	id    string
	words []string
}

// Load reads topics.yaml and text/*.yaml from fsys, validates them and builds the search index. The error lists
// every problem found (errors.Join), each naming the file and the topic or entry.
func Load(fsys fs.FS) (*Base, error) {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	var st structureYAML
	if err := decodeFile(fsys, structureFile, &st); err != nil {
		return nil, fmt.Errorf("load topics: %w", err)
	}
	b := &Base{byID: map[string]int{}, texts: map[string]*localeText{}}

	// Themes.
	themeIdx := map[string]int{}
	if len(st.Themes) == 0 {
		fail("%s: no themes", structureFile)
	}
	for _, th := range st.Themes {
		_, dup := themeIdx[th]
		switch {
		case !idPattern.MatchString(th):
			fail("%s: theme %q: not a valid id (lower case letters, digits, _)", structureFile, th)
		case dup:
			fail("%s: theme %q: listed twice", structureFile, th)
		default:
			themeIdx[th] = len(b.themes)
			b.themes = append(b.themes, Theme{ID: th})
		}
	}

	// Sources.
	sources := map[string]Source{}
	for _, key := range sortedKeys(st.Sources) {
		s := st.Sources[key]
		if strings.TrimSpace(s.Title) == "" {
			fail("%s: source %q: no title", structureFile, key)
		}
		if u, err := url.Parse(s.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			fail("%s: source %q: %q is not an http(s) URL", structureFile, key, s.URL)
		}
		sources[key] = Source{Key: key, Title: s.Title, URL: s.URL}
	}

	// Topics: first the ids, so that related ids can point forward.
	for i, t := range st.Topics {
		switch {
		case !idPattern.MatchString(t.ID) || len(t.ID) > MaxIDLen:
			fail("%s: topic #%d %q: not a valid id (lower case letters, digits, _; at most %d bytes)",
				structureFile, i+1, t.ID, MaxIDLen)
		default:
			if _, dup := b.byID[t.ID]; dup {
				fail("%s: topic %q: id used twice", structureFile, t.ID)
				continue
			}
			b.byID[t.ID] = len(b.topics)
			b.topics = append(b.topics, Topic{ID: t.ID})
		}
	}
	for _, id := range contractIDs {
		if _, ok := b.byID[id]; !ok {
			fail("%s: topic %q: missing (it is a contract id in the design)", structureFile, id)
		}
	}
	usedSources := map[string]bool{}
	done := map[string]bool{}
	for _, t := range st.Topics {
		i, ok := b.byID[t.ID]
		if !ok || done[t.ID] {
			continue // invalid or duplicate, reported above
		}
		done[t.ID] = true
		top := &b.topics[i]
		top.Theme, top.Written = t.Theme, t.Written
		if ti, ok := themeIdx[t.Theme]; ok {
			b.themes[ti].Topics = append(b.themes[ti].Topics, t.ID)
		} else {
			fail("%s: topic %q: unknown theme %q", structureFile, t.ID, t.Theme)
		}
		for _, r := range t.Related {
			switch {
			case r == t.ID:
				fail("%s: topic %q: related to itself", structureFile, t.ID)
			case slices.Contains(top.Related, r):
				fail("%s: topic %q: related id %q listed twice", structureFile, t.ID, r)
			default:
				if _, ok := b.byID[r]; !ok {
					fail("%s: topic %q: unknown related id %q", structureFile, t.ID, r)
					continue
				}
				top.Related = append(top.Related, r)
			}
		}
		for _, btn := range t.Buttons {
			switch {
			case btn != ButtonCheckOffer && btn != ButtonHelpNow && btn != ButtonTopics:
				fail("%s: topic %q: unknown button %q (want %s, %s or %s)", structureFile, t.ID, btn,
					ButtonCheckOffer, ButtonHelpNow, ButtonTopics)
			case slices.Contains(top.Buttons, btn):
				fail("%s: topic %q: button %q listed twice", structureFile, t.ID, btn)
			default:
				top.Buttons = append(top.Buttons, btn)
			}
		}
		if len(t.Sources) == 0 {
			fail("%s: topic %q: no source (every topic cites at least one)", structureFile, t.ID)
		}
		for _, key := range t.Sources {
			s, ok := sources[key]
			if !ok {
				fail("%s: topic %q: unknown source %q", structureFile, t.ID, key)
				continue
			}
			usedSources[key] = true
			top.Sources = append(top.Sources, s)
		}
		if _, err := time.Parse(time.DateOnly, t.Written); err != nil {
			fail("%s: topic %q: written %q is not a date (YYYY-MM-DD)", structureFile, t.ID, t.Written)
		}
	}
	for _, th := range b.themes {
		if len(th.Topics) == 0 {
			fail("%s: theme %q: has no topics", structureFile, th.ID)
		}
	}
	for _, key := range sortedKeys(sources) {
		if !usedSources[key] {
			fail("%s: source %q: cited by no topic", structureFile, key)
		}
	}

	// Synonyms and stop words.
	groups, synErrs := validateSynonyms(st.Synonyms)
	errs = append(errs, synErrs...)
	stopwords, stopErrs := validateStopwords(st.Stop, groups)
	errs = append(errs, stopErrs...)

	// Per-locale texts.
	names, err := fs.Glob(fsys, "text/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("load topics: list text files: %w", err)
	}
	for _, name := range names {
		lt, fileErrs := b.loadText(fsys, name, themeIdx)
		errs = append(errs, fileErrs...)
		if lt != nil {
			b.texts[strings.TrimSuffix(path.Base(name), ".yaml")] = lt
		}
	}
	en, ok := b.texts[SourceLocale]
	if !ok {
		fail("text/%s.yaml: missing (English is the source every locale falls back to)", SourceLocale)
	} else {
		for _, t := range b.topics {
			tt := en.topics[t.ID]
			if tt.Title == "" || tt.Answer == "" || len(tt.Examples) == 0 {
				fail("text/%s.yaml: topic %q: needs a title, an answer and examples in English", SourceLocale, t.ID)
			}
		}
		for _, th := range b.themes {
			if en.themes[th.ID] == "" {
				fail("text/%s.yaml: theme %q: no title", SourceLocale, th.ID)
			}
		}
	}

	if len(errs) > 0 {
		return nil, fmt.Errorf("load topics: %w", errors.Join(errs...))
	}
	b.groups, b.stopwords = groups, stopwords
	b.index = buildIndex(b)
	return b, nil
}

// loadText parses and checks one text/<locale>.yaml. It returns what it could read (nil if nothing) and the problems.
func (b *Base) loadText(fsys fs.FS, name string, themeIdx map[string]int) (*localeText, []error) {
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{name}, args...)...))
	}
	locale := strings.TrimSuffix(path.Base(name), ".yaml")
	if !slices.Contains(locales, locale) {
		fail("%q is not a supported locale (want one of %s)", locale, strings.Join(locales, " "))
		return nil, errs
	}
	var f textYAML
	if err := decodeFile(fsys, name, &f); err != nil {
		return nil, []error{err}
	}
	lt := &localeText{themes: map[string]string{}, topics: map[string]topicText{}}
	switch {
	case f.Meta == nil:
		fail("no meta block (locale, reviewed, translator)")
	default:
		if f.Meta.Locale != locale {
			fail("meta.locale is %q, want %q (the file name)", f.Meta.Locale, locale)
		}
		if f.Meta.Reviewed == nil {
			fail("meta.reviewed is missing (false unless a native speaker reviewed the file)")
		} else {
			lt.reviewed = *f.Meta.Reviewed
		}
		if strings.TrimSpace(f.Meta.Translator) == "" {
			fail("meta.translator is missing")
		}
	}
	for _, id := range sortedKeys(f.Themes) {
		title := f.Themes[id]
		if _, ok := themeIdx[id]; !ok {
			fail("theme %q: unknown theme id", id)
			continue
		}
		if n := utf8.RuneCountInString(title); strings.TrimSpace(title) == "" || n > MaxTitleLen {
			fail("theme %q: title must have 1 to %d characters, has %d", id, MaxTitleLen, n)
			continue
		}
		lt.themes[id] = title
	}
	seen := map[string]string{} // folded example -> topic id
	for _, id := range sortedKeys(f.Topics) {
		tt := f.Topics[id]
		if _, ok := b.byID[id]; !ok {
			fail("topic %q: unknown topic id", id)
			continue
		}
		if n := utf8.RuneCountInString(tt.Title); n > MaxTitleLen {
			fail("topic %q: title has %d characters, more than %d", id, n, MaxTitleLen)
		}
		if n := utf8.RuneCountInString(tt.Answer); n > MaxAnswerLen {
			fail("topic %q: answer has %d characters, more than %d", id, n, MaxAnswerLen)
		}
		if (tt.Title == "") != (tt.Answer == "") {
			fail("topic %q: has a title or an answer but not both", id)
		}
		if len(tt.Steps) > 0 && (len(tt.Steps) < MinSteps || len(tt.Steps) > MaxSteps) {
			fail("topic %q: has %d steps, want %d to %d", id, len(tt.Steps), MinSteps, MaxSteps)
		}
		for i, s := range tt.Steps {
			if n := utf8.RuneCountInString(s); strings.TrimSpace(s) == "" || n > MaxStepLen {
				fail("topic %q: step %d must have 1 to %d characters, has %d", id, i+1, MaxStepLen, n)
			}
		}
		for _, ex := range tt.Examples {
			key := textnorm.Fold(ex)
			if n := utf8.RuneCountInString(ex); key == "" || n > MaxExampleLen {
				fail("topic %q: example %q must have 1 to %d characters", id, ex, MaxExampleLen)
				continue
			}
			if other, dup := seen[key]; dup {
				fail("topic %q: example %q is also an example of topic %q", id, ex, other)
				continue
			}
			seen[key] = id
		}
		lt.topics[id] = tt
		lt.examples += len(tt.Examples)
	}
	return lt, errs
}

// validateSynonyms checks the synonym groups: ids unique, locales known, and no word in two groups.
func validateSynonyms(in []synonymYAML) ([]synonymGroup, []error) {
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{structureFile}, args...)...))
	}
	var out []synonymGroup
	ids := map[string]bool{}
	owner := map[string]string{} // folded word -> group id
	for i, g := range in {
		if !idPattern.MatchString(g.ID) {
			fail("synonym group #%d %q: not a valid id", i+1, g.ID)
			continue
		}
		if ids[g.ID] {
			fail("synonym group %q: id used twice", g.ID)
			continue
		}
		ids[g.ID] = true
		grp := synonymGroup{id: g.ID}
		for _, loc := range sortedKeys(g.Words) {
			if !slices.Contains(locales, loc) {
				fail("synonym group %q: %q is not a supported locale", g.ID, loc)
				continue
			}
			for _, w := range g.Words[loc] {
				key := synonymKey(w)
				if key == "" {
					fail("synonym group %q: %s word %q has nothing to match", g.ID, loc, w)
					continue
				}
				if o, dup := owner[key]; dup {
					if o != g.ID {
						fail("synonym group %q: %s word %q is also in group %q", g.ID, loc, w, o)
					}
					continue // the same word in two locales of one group is fine
				}
				owner[key] = g.ID
				grp.words = append(grp.words, w)
			}
		}
		if len(grp.words) < 2 {
			fail("synonym group %q: needs at least two words", g.ID)
			continue
		}
		out = append(out, grp)
	}
	return out, errs
}

// validateStopwords checks the stop words: locales known, each one word of a spaced script, none a synonym.
func validateStopwords(in map[string][]string, groups []synonymGroup) ([]string, []error) {
	var errs []error
	synonym := map[string]string{}
	for _, g := range groups {
		for _, w := range g.words {
			synonym[synonymKey(w)] = g.id
		}
	}
	var out []string
	for _, loc := range sortedKeys(in) {
		if !slices.Contains(locales, loc) {
			errs = append(errs, fmt.Errorf("%s: stopwords: %q is not a supported locale", structureFile, loc))
			continue
		}
		for _, w := range in[loc] {
			segs := segments(textnorm.Fold(w))
			switch {
			case len(segs) != 1 || !segs[0].spaced:
				errs = append(errs, fmt.Errorf("%s: stopwords: %s %q is not one word of a script written with spaces",
					structureFile, loc, w))
			case synonym[segs[0].text] != "":
				errs = append(errs, fmt.Errorf("%s: stopwords: %s %q is also in synonym group %q", structureFile, loc,
					w, synonym[segs[0].text]))
			default:
				out = append(out, w)
			}
		}
	}
	return out, errs
}

func decodeFile(fsys fs.FS, name string, v any) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("parse %s: %w", name, err)
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
