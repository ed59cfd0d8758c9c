package screener

import (
	"slices"
	"sort"
)

// Text is what the user reads about a flag or a positive check: a short title, why it matters in plain words, and
// what to do.
type Text struct {
	Title  string `yaml:"title"`
	Why    string `yaml:"why"`
	Advice string `yaml:"advice"`
}

// Text returns the text of a flag or positive check in locale, each missing field taken from English. ok is false
// when the id is unknown.
func (s *Screener) Text(locale, id string) (Text, bool) {
	pick := func(f *textFile) (Text, bool) {
		if f == nil {
			return Text{}, false
		}
		if t, ok := f.Flags[id]; ok {
			return t, true
		}
		t, ok := f.Positives[id]
		return t, ok
	}
	en, ok := pick(s.texts["en"])
	if !ok {
		return Text{}, false
	}
	t, _ := pick(s.texts[locale])
	if t.Title == "" {
		t.Title = en.Title
	}
	if t.Why == "" {
		t.Why = en.Why
	}
	if t.Advice == "" {
		t.Advice = en.Advice
	}
	return t, true
}

// Question returns the yes/no question with this id in locale, or in English.
func (s *Screener) Question(locale, id string) (string, bool) {
	if f := s.texts[locale]; f != nil && f.Questions[id] != "" {
		return f.Questions[id], true
	}
	q, ok := s.texts["en"].Questions[id]
	return q, ok && q != ""
}

// Summary returns the one-paragraph summary of a risk level (high, medium, low) in locale, or in English.
func (s *Screener) Summary(locale, risk string) (string, bool) {
	if f := s.texts[locale]; f != nil && f.Risk[risk] != "" {
		return f.Risk[risk], true
	}
	t, ok := s.texts["en"].Risk[risk]
	return t, ok && t != ""
}

// Coverage says how far one locale is: its text file (strings present out of those English has, reviewed by a
// native speaker or not) and its patterns (flags with phrases in that language, how many of those groups come from
// a source).
type Coverage struct {
	HasFile    bool     `json:"has_file"`
	Reviewed   bool     `json:"reviewed"`
	Translator string   `json:"translator,omitempty"`
	Strings    int      `json:"strings"`
	Total      int      `json:"total"`
	Missing    []string `json:"missing,omitempty"` // "flags.<id>.why", "questions.<id>", "risk.high"...
	// FlagsWithPatterns counts the red flags that have phrases in this language, out of all flags.
	FlagsWithPatterns int `json:"flags_with_patterns"`
	Flags             int `json:"flags"`
	// VerifiedGroups counts the pattern groups in this language whose phrases come from a source (H or M).
	VerifiedGroups int `json:"verified_groups"`
	Groups         int `json:"groups"`
}

// Locales reports the coverage of every project locale, for `safepassage content lint`.
func (s *Screener) Locales() map[string]Coverage {
	out := map[string]Coverage{}
	en := s.texts["en"]
	for _, loc := range locales {
		c := Coverage{Flags: len(s.rules)}
		f := s.texts[loc]
		if f != nil {
			c.HasFile = true
			c.Reviewed = f.Meta.Reviewed != nil && *f.Meta.Reviewed
			c.Translator = f.Meta.Translator
		}
		count := func(key string, have bool) {
			c.Total++
			if have {
				c.Strings++
			} else {
				c.Missing = append(c.Missing, key)
			}
		}
		for _, r := range s.rules {
			var t Text
			if f != nil {
				t = f.Flags[r.ID]
			}
			count("flags."+r.ID+".title", t.Title != "")
			count("flags."+r.ID+".why", t.Why != "")
			count("flags."+r.ID+".advice", t.Advice != "")
		}
		for _, p := range s.positives {
			var t Text
			if f != nil {
				t = f.Positives[p.ID]
			}
			count("positives."+p.ID+".title", t.Title != "")
			count("positives."+p.ID+".why", t.Why != "")
			if en.Positives[p.ID].Advice != "" {
				count("positives."+p.ID+".advice", t.Advice != "")
			}
		}
		for _, q := range s.questions {
			count("questions."+q.ID, f != nil && f.Questions[q.ID] != "")
		}
		for _, r := range riskLevels {
			count("risk."+r, f != nil && f.Risk[r] != "")
		}
		withPatterns := map[int]bool{}
		for _, g := range s.groups {
			if g.lang != loc {
				continue
			}
			c.Groups++
			if g.verified {
				c.VerifiedGroups++
			}
			if !g.positive {
				withPatterns[g.owner] = true
			}
		}
		c.FlagsWithPatterns = len(withPatterns)
		sort.Strings(c.Missing)
		out[loc] = c
	}
	return out
}

// LocaleKeys returns the project's locale keys in their usual order.
func LocaleKeys() []string { return slices.Clone(locales) }
