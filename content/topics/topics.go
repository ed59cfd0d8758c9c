// Package topics holds SafePassage's knowledge base: the topics people ask about (fees, passports, scam compounds,
// getting help...), their answers in every locale, and the search that finds a topic for a question typed in any
// language.
//
// The data is YAML, embedded in Files: topics.yaml says which topics exist (the ids are a public contract), how they
// are grouped, linked and sourced, and which words are synonyms; text/<locale>.yaml holds the words people read,
// one file per locale. Load parses and validates all of it and builds the search index once; a Base is read-only
// afterwards and safe for concurrent use.
//
// This package imports only the shared normaliser content/textnorm from the program's own packages. It must not
// import bot, store, locales or any channel package: the engine calls it, never the other way round.
package topics

import (
	"embed"
	"slices"
	"sync"
)

// Files holds the embedded knowledge base: topics.yaml and text/<locale>.yaml. Pass it (or a directory with the same
// layout, to override the embedded content) to Load.
//
//go:embed topics.yaml text/*.yaml
var Files embed.FS

// Buttons a topic may offer under its answer. The engine maps them to its own actions and labels.
const (
	ButtonCheckOffer = "check_offer" // screen a job offer
	ButtonHelpNow    = "help_now"    // hotlines and embassies for the user's country ("Get help")
	ButtonTopics     = "topics"      // the topic menu
)

// Limits checked by Load.
const (
	MaxTitleLen   = 30  // characters; a title goes on a button
	MaxAnswerLen  = 600 // characters
	MinSteps      = 2
	MaxSteps      = 5
	MaxStepLen    = 120 // characters
	MaxExampleLen = 300 // characters
	MaxIDLen      = 40  // bytes; leaves room for a prefix within Telegram's 64-byte callback data
)

// SourceLocale is the locale every other locale falls back to. Its file must hold every topic.
const SourceLocale = "en"

// locales are the locale keys of SafePassage, in the order the design lists them.
var locales = []string{"en", "my", "th", "km", "lo", "vi", "id", "ms", "tl", "zh-Hans", "zh-Hant", "hi", "bn", "ne",
	"si", "ta", "ur", "ar", "am", "sw", "fr", "es", "pt", "ru"}

// contractIDs are the topic ids of the design's "Topic ids (contract)" table: partners and analytics refer to them,
// so Load refuses a knowledge base that lacks one.
var contractIDs = []string{
	// before you go
	"safe_migration_steps", "legal_work_visa", "government_programmes", "licensed_agencies", "verify_recruiter",
	"check_employer", "written_contract", "pre_departure_checklist", "keep_document_copies", "share_travel_plans",
	// money
	"recruitment_fees", "salary_too_good", "crypto_salary", "debt_bondage", "withheld_wages",
	// recruiter tricks
	"social_media_recruitment", "online_scam_jobs", "deepfake_recruiters", "friend_referral", "interview_red_flags",
	"tourist_visa_work", "irregular_border_crossing", "contract_substitution",
	// at work
	"passport_retention", "confiscated_phone", "freedom_of_movement", "threats_violence", "forced_overtime",
	"workers_rights",
	// scam compounds
	"scam_compounds", "forced_scamming", "victim_not_criminal", "ransom_demands",
	// getting help
	"what_to_do_if_trapped", "help_family_member", "report_recruiter", "reporting_to_police", "embassy_help",
	"rescue_repatriation", "after_return_support",
	// about
	"human_trafficking_definition", "forced_labour_indicators", "about_this_bot", "data_privacy",
}

// Locales returns the locale keys SafePassage supports, in the design's order.
func Locales() []string { return slices.Clone(locales) }

// ContractIDs returns the topic ids that partners and analytics depend on (the design's contract table).
func ContractIDs() []string { return slices.Clone(contractIDs) }

// Source is where a topic's facts come from.
type Source struct {
	Key   string // as in the research notes, e.g. "ILO-FR"
	Title string
	URL   string
}

// Topic is the language-independent part of a topic.
type Topic struct {
	ID      string
	Theme   string
	Related []string // topic ids, in the order to offer them
	Buttons []string // ButtonCheckOffer, ButtonHelpNow, ButtonTopics
	Sources []Source
	Written string // YYYY-MM-DD
}

// Text is what a reader sees of a topic in one locale.
type Text struct {
	Title    string
	Answer   string
	Steps    []string // may be empty
	Examples []string // example questions; in the fallback case, the English ones
	Locale   string   // the locale asked for if it has this topic's title and answer, else SourceLocale
	Fallback bool     // some part (title, answer or steps) came from SourceLocale
	Reviewed bool     // the file the title and answer came from was reviewed by a native speaker
}

// Theme is a group of topics in the topic menu.
type Theme struct {
	ID     string
	Topics []string // topic ids in the order of topics.yaml
}

// ThemeText is a theme's title in one locale.
type ThemeText struct {
	Title    string
	Locale   string
	Fallback bool
}

// Coverage says how much of the knowledge base one locale translates; `safepassage content lint` prints it.
type Coverage struct {
	Locale   string
	File     bool     // text/<locale>.yaml exists
	Reviewed bool     // its meta block says a native speaker reviewed it
	Topics   int      // topics with their own title and answer in this locale
	Total    int      // topics in the knowledge base
	Examples int      // example questions in this locale
	Themes   int      // theme titles in this locale
	Missing  []string // topic ids that fall back to English, in topic order
}

// Base is a loaded, validated knowledge base with its search index. It is read-only and safe for concurrent use.
type Base struct {
	topics    []Topic
	byID      map[string]int
	themes    []Theme
	texts     map[string]*localeText // by locale
	groups    []synonymGroup
	stopwords []string
	index     *index
	buffers   sync.Pool // *scratch, reused by Search
}

type localeText struct {
	reviewed bool
	themes   map[string]string
	topics   map[string]topicText
	examples int
}

type topicText struct {
	Title    string
	Answer   string
	Steps    []string
	Examples []string
}

// Topic returns the topic with this id.
func (b *Base) Topic(id string) (Topic, bool) {
	i, ok := b.byID[id]
	if !ok {
		return Topic{}, false
	}
	t := b.topics[i]
	t.Related = slices.Clone(t.Related)
	t.Buttons = slices.Clone(t.Buttons)
	t.Sources = slices.Clone(t.Sources)
	return t, true
}

// TopicIDs returns every topic id in the order of topics.yaml.
func (b *Base) TopicIDs() []string {
	ids := make([]string, len(b.topics))
	for i, t := range b.topics {
		ids[i] = t.ID
	}
	return ids
}

// Text returns a topic's text in locale, falling back to English field by field (title, answer, steps) where the
// locale has none; Text.Fallback reports that, Text.Locale says which locale the title and answer are in. The bool
// is false only for an unknown topic id.
func (b *Base) Text(locale, id string) (Text, bool) {
	if _, ok := b.byID[id]; !ok {
		return Text{}, false
	}
	en := b.texts[SourceLocale]
	src := en.topics[id]
	out := Text{
		Title:    src.Title,
		Answer:   src.Answer,
		Steps:    slices.Clone(src.Steps),
		Examples: slices.Clone(src.Examples),
		Locale:   SourceLocale,
		Reviewed: en.reviewed,
	}
	if locale == SourceLocale {
		return out, true
	}
	lt, ok := b.texts[locale]
	if !ok {
		out.Fallback = true
		return out, true
	}
	tt, ok := lt.topics[id]
	if !ok || tt.Title == "" || tt.Answer == "" {
		// Without its own title and answer a locale shows the English topic as a whole, rather than one reply that
		// mixes two languages.
		out.Fallback = true
		return out, true
	}
	out.Title, out.Answer, out.Locale, out.Reviewed = tt.Title, tt.Answer, locale, lt.reviewed
	if len(tt.Examples) > 0 {
		out.Examples = slices.Clone(tt.Examples)
	}
	switch {
	case len(tt.Steps) > 0:
		out.Steps = slices.Clone(tt.Steps)
	case len(src.Steps) > 0:
		out.Fallback = true
	}
	return out, true
}

// Themes returns the themes in menu order, each with its topic ids.
func (b *Base) Themes() []Theme {
	out := make([]Theme, len(b.themes))
	for i, t := range b.themes {
		out[i] = Theme{ID: t.ID, Topics: slices.Clone(t.Topics)}
	}
	return out
}

// ThemeTitle returns a theme's title in locale, or the English one (Fallback true). The bool is false for an unknown
// theme id.
func (b *Base) ThemeTitle(locale, id string) (ThemeText, bool) {
	en, ok := b.texts[SourceLocale].themes[id]
	if !ok {
		return ThemeText{}, false
	}
	if lt, ok := b.texts[locale]; ok {
		if t, ok := lt.themes[id]; ok {
			return ThemeText{Title: t, Locale: locale}, true
		}
	}
	return ThemeText{Title: en, Locale: SourceLocale, Fallback: locale != SourceLocale}, true
}

// Coverage reports, for every supported locale, how many topics, examples and theme titles it has.
func (b *Base) Coverage() map[string]Coverage {
	out := make(map[string]Coverage, len(locales))
	for _, loc := range locales {
		c := Coverage{Locale: loc, Total: len(b.topics)}
		lt, ok := b.texts[loc]
		if ok {
			c.File, c.Reviewed, c.Examples, c.Themes = true, lt.reviewed, lt.examples, len(lt.themes)
		}
		for _, t := range b.topics {
			if ok {
				if tt, has := lt.topics[t.ID]; has && tt.Title != "" && tt.Answer != "" {
					c.Topics++
					continue
				}
			}
			c.Missing = append(c.Missing, t.ID)
		}
		out[loc] = c
	}
	return out
}
