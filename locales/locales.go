// Package locales holds the bot's user-interface strings, one go-i18n message file per language, and the code that
// picks a user's language: from their choice, the script and words of what they type, or the platform's hint.
//
// It imports nothing of the program's own; the engine
// (package bot) asks it for text, never the other way round.
package locales

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"
)

// Files are the message files shipped with the binary.
//
//go:embed *.yaml
var Files embed.FS

// Supported lists the locales the bot speaks, in the order they are offered to users.
var Supported = []string{
	"en", "my", "th", "km", "lo", "vi", "id", "ms", "tl", "zh-Hans", "zh-Hant", "hi",
	"bn", "ne", "si", "ta", "ur", "ar", "am", "sw", "fr", "es", "pt", "ru",
}

// Default is the locale every missing string falls back to.
const Default = "en"

// Meta describes a message file: its language's own name and whether a native speaker has reviewed it.
type Meta struct {
	Locale     string `yaml:"locale"`
	Name       string `yaml:"name"`
	Reviewed   bool   `yaml:"reviewed"`
	Translator string `yaml:"translator"`
}

type file struct {
	Meta     Meta           `yaml:"meta"`
	Messages map[string]any `yaml:"messages"`
}

// Catalog is the loaded set of message files. It is safe for concurrent use.
type Catalog struct {
	bundle   *i18n.Bundle
	meta     map[string]Meta
	ids      map[string][]string // message ids per locale
	matcher  language.Matcher
	tags     []language.Tag // parallel to Supported
	coverage map[string]Coverage
	loc      map[string]localizer // one per locale that has strings, built once
	latin    *latinDetector
	vocab    map[string]map[string]bool // folded words of each Latin-script locale's own strings
}

// localizer is a locale's go-i18n localizer and the tag its own messages carry (to tell them from a fallback).
type localizer struct {
	l   *i18n.Localizer
	tag string
}

// Coverage says how much of the English source a locale translates.
type Coverage struct {
	Messages   int
	Translated int
	Reviewed   bool
}

var placeholderRE = regexp.MustCompile(`\{\{\s*\.?([A-Za-z]+)\s*\}\}`)

// Load parses and validates every message file in fsys (named <locale>.yaml). It returns every problem it finds,
// each naming its file and message: an unknown locale, a message id English does not have, a placeholder that differs
// from English, plural forms that do not cover the language's CLDR categories, an empty text.
func Load(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{
		bundle:   i18n.NewBundle(language.English),
		meta:     map[string]Meta{},
		ids:      map[string][]string{},
		coverage: map[string]Coverage{},
		latin:    &latinDetector{},
	}
	for _, loc := range Supported {
		c.tags = append(c.tags, language.MustParse(loc))
	}
	c.matcher = language.NewMatcher(c.tags)

	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list locale files: %w", err)
	}
	files := map[string]file{}
	var errs []error
	for _, name := range names {
		loc := strings.TrimSuffix(path.Base(name), ".yaml")
		if !slices.Contains(Supported, loc) {
			errs = append(errs, fmt.Errorf("%s: %q is not a supported locale", name, loc))
			continue
		}
		buf, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		var f file
		if err := yaml.Unmarshal(buf, &f); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			continue
		}
		if f.Meta.Locale != loc {
			errs = append(errs, fmt.Errorf("%s: meta.locale is %q, want %q", name, f.Meta.Locale, loc))
		}
		if f.Meta.Name == "" {
			errs = append(errs, fmt.Errorf("%s: meta.name is empty", name))
		}
		files[loc] = f
	}
	en, ok := files[Default]
	if !ok {
		return nil, errors.Join(append(errs, fmt.Errorf("%s.yaml: the English source file is missing", Default))...)
	}
	for _, loc := range Supported {
		f, ok := files[loc]
		if !ok {
			continue
		}
		c.meta[loc] = f.Meta
		tag := language.MustParse(loc)
		for _, id := range slices.Sorted(maps.Keys(f.Messages)) {
			src, known := en.Messages[id]
			if !known {
				errs = append(errs, fmt.Errorf("%s.yaml: message %q is not in %s.yaml", loc, id, Default))
				continue
			}
			msg, err := newMessage(id, f.Messages[id])
			if err != nil {
				errs = append(errs, fmt.Errorf("%s.yaml: %w", loc, err))
				continue
			}
			if loc != Default {
				if want, got := placeholders(src), placeholders(f.Messages[id]); !slices.Equal(want, got) {
					errs = append(errs, fmt.Errorf("%s.yaml: message %q has placeholders %v, English has %v", loc, id, got, want))
					continue
				}
			}
			if err := c.bundle.AddMessages(tag, msg); err != nil {
				errs = append(errs, fmt.Errorf("%s.yaml: message %q: %w", loc, id, err))
				continue
			}
			c.ids[loc] = append(c.ids[loc], id)
		}
		c.coverage[loc] = Coverage{Messages: len(en.Messages), Translated: len(c.ids[loc]), Reviewed: f.Meta.Reviewed}
	}
	// Every plural message must have the forms its language's CLDR rules ask for.
	for _, loc := range Supported {
		for _, id := range c.ids[loc] {
			if _, plural := files[loc].Messages[id].(map[string]any); !plural {
				continue
			}
			l := i18n.NewLocalizer(c.bundle, loc)
			for _, n := range []any{0, 1, 2, 3, 5, 7, 11, 12, 21, 22, 25, 100, 101, 102, 111, 1000000, "1.5"} {
				if _, tag, err := l.LocalizeWithTag(&i18n.LocalizeConfig{MessageID: id, PluralCount: n}); err != nil || tag.String() != language.MustParse(loc).String() {
					errs = append(errs, fmt.Errorf("%s.yaml: message %q has no plural form for %v: %v", loc, id, n, err))
					break
				}
			}
		}
	}
	for _, loc := range []string{Default} {
		if len(c.ids[loc]) == 0 {
			errs = append(errs, fmt.Errorf("%s.yaml: no messages", loc))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	c.vocab = map[string]map[string]bool{}
	for loc, f := range files {
		if isLatinLocale(loc) {
			c.vocab[loc] = vocabulary(f.Messages)
		}
	}
	c.loc = map[string]localizer{}
	for loc := range c.meta {
		c.loc[loc] = localizer{l: i18n.NewLocalizer(c.bundle, loc), tag: language.MustParse(loc).String()}
	}
	return c, nil
}

// newMessage turns one YAML value (a string, or a map of plural forms) into a go-i18n message.
func newMessage(id string, v any) (*i18n.Message, error) {
	m := &i18n.Message{ID: id}
	switch v := v.(type) {
	case string:
		if strings.TrimSpace(v) == "" {
			return nil, fmt.Errorf("message %q is empty", id)
		}
		m.Other = v
	case map[string]any:
		forms := map[string]*string{"zero": &m.Zero, "one": &m.One, "two": &m.Two, "few": &m.Few, "many": &m.Many, "other": &m.Other}
		for k, val := range v {
			dst, ok := forms[k]
			if !ok {
				return nil, fmt.Errorf("message %q: %q is not a plural form", id, k)
			}
			s, ok := val.(string)
			if !ok || strings.TrimSpace(s) == "" {
				return nil, fmt.Errorf("message %q: plural form %q is empty or not text", id, k)
			}
			*dst = s
		}
		if m.Other == "" {
			return nil, fmt.Errorf("message %q: plural form \"other\" is missing", id)
		}
	default:
		return nil, fmt.Errorf("message %q: want text or plural forms, got %T", id, v)
	}
	return m, nil
}

// placeholders lists the template fields a message uses, sorted and without repeats.
func placeholders(v any) []string {
	var texts []string
	switch v := v.(type) {
	case string:
		texts = []string{v}
	case map[string]any:
		for _, val := range v {
			if s, ok := val.(string); ok {
				texts = append(texts, s)
			}
		}
	}
	set := map[string]bool{}
	for _, t := range texts {
		for _, m := range placeholderRE.FindAllStringSubmatch(t, -1) {
			if m[1] != "Count" || !isPluralMap(v) { // a plural form may leave out the count ("one warning sign")
				set[m[1]] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

func isPluralMap(v any) bool { _, ok := v.(map[string]any); return ok }

// Coverage reports, per locale, how many of the English messages it translates and whether it was reviewed.
func (c *Catalog) Coverage() map[string]Coverage { return maps.Clone(c.coverage) }

// Meta returns what the locale's file says of itself.
func (c *Catalog) Meta(locale string) Meta { return c.meta[locale] }

// Name is the language's name in its own script ("ไทย"), for the language menu.
func (c *Catalog) Name(locale string) string {
	if n := c.meta[locale].Name; n != "" {
		return n
	}
	return locale
}

// Reviewed reports whether a native speaker has reviewed the locale's strings.
func (c *Catalog) Reviewed(locale string) bool { return c.meta[locale].Reviewed }

// Has reports whether locale is one the bot supports and has strings for.
func (c *Catalog) Has(locale string) bool { _, ok := c.meta[locale]; return ok }

// RTL reports whether the locale is written right to left.
func RTL(locale string) bool { return locale == "ar" || locale == "ur" }

// Match picks the supported locale that best fits a platform's language hint ("pt-BR", "zh-TW", "fil",
// "th,en;q=0.8"), or "" when none fits with at least low confidence.
func (c *Catalog) Match(hint string) string {
	hint = strings.TrimSpace(hint)
	if hint == "" || len(hint) > 200 {
		return ""
	}
	tags, _, err := language.ParseAcceptLanguage(hint)
	if err != nil { // one malformed entry spoils the whole header: keep the entries that parse
		tags = nil
		for _, part := range strings.Split(hint, ",") {
			tag, _, _ := strings.Cut(part, ";")
			if t, err := language.Parse(strings.TrimSpace(tag)); err == nil {
				tags = append(tags, t)
			}
		}
	}
	if len(tags) == 0 {
		return ""
	}
	_, i, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return ""
	}
	loc := Supported[i]
	if !c.Has(loc) {
		return ""
	}
	return loc
}

// Text returns the message id in locale, filled with data, falling back to English for a missing message. It never
// returns an empty string: a message missing everywhere yields its id, which a test will notice.
func (c *Catalog) Text(locale, id string, data map[string]any) string {
	return c.localize(locale, &i18n.LocalizeConfig{MessageID: id, TemplateData: data})
}

// Plural returns the plural message id in locale for count, falling back to English.
func (c *Catalog) Plural(locale, id string, count int, data map[string]any) string {
	d := map[string]any{"Count": count}
	maps.Copy(d, data)
	return c.localize(locale, &i18n.LocalizeConfig{MessageID: id, TemplateData: d, PluralCount: count})
}

func (c *Catalog) localize(locale string, cfg *i18n.LocalizeConfig) string {
	for _, loc := range []string{locale, Default} {
		l, ok := c.loc[loc]
		if !ok {
			continue
		}
		s, tag, err := l.l.LocalizeWithTag(cfg)
		if err == nil && strings.TrimSpace(s) != "" && tag.String() == l.tag {
			return s
		}
	}
	return cfg.MessageID
}
