package topics

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

func TestLoadEmbedded(t *testing.T) {
	b := loadEmbedded(t)
	ids := b.TopicIDs()
	for _, id := range contractIDs {
		if !slices.Contains(ids, id) {
			t.Errorf("contract id %q missing", id)
		}
	}
	examples := 0
	for _, id := range ids {
		top, _ := b.Topic(id)
		tx, ok := b.Text("en", id)
		if !ok {
			t.Fatalf("Text(en, %q) not found", id)
		}
		if n := len(tx.Examples); n < 8 || n > 12 {
			t.Errorf("topic %s has %d English examples, want 8 to 12", id, n)
		}
		if len(top.Sources) == 0 {
			t.Errorf("topic %s has no source", id)
		}
		if len(top.Buttons) == 0 {
			t.Errorf("topic %s offers no button", id)
		}
		examples += len(tx.Examples)
	}
	t.Logf("%d topics (%d contract ids), %d English examples, %d themes", len(ids), len(contractIDs), examples,
		len(b.Themes()))
}

// TestAnswersHonest checks rules of content that code can check: no phone numbers in answers, the help button is
// named as the UI names it, and the privacy topics say what the bot keeps and how to delete it.
func TestAnswersHonest(t *testing.T) {
	b := loadEmbedded(t)
	for _, id := range b.TopicIDs() {
		tx, _ := b.Text("en", id)
		digits := 0
		for _, r := range tx.Answer {
			if r >= '0' && r <= '9' {
				digits++
			} else {
				digits = 0
			}
			if digits >= 4 {
				t.Errorf("topic %s: answer has a run of 4 or more digits (a phone number?): %q", id, tx.Answer)
				break
			}
		}
		if strings.Contains(strings.ToLower(tx.Answer), "hotline") && !strings.Contains(tx.Answer, "Get help") {
			t.Errorf("topic %s: mentions a hotline without pointing to Get help", id)
		}
	}
	for _, id := range []string{"about_this_bot", "data_privacy"} {
		tx, _ := b.Text("en", id)
		if id == "data_privacy" {
			for _, want := range []string{"/delete", "language", "country", "step", "job offers"} {
				if !strings.Contains(tx.Answer, want) {
					t.Errorf("data_privacy answer does not mention %q", want)
				}
			}
		}
		if id == "about_this_bot" && !strings.Contains(tx.Answer, "can be wrong") {
			t.Errorf("about_this_bot answer does not say that checks can be wrong")
		}
	}
}

func TestTextFallback(t *testing.T) {
	b := withLocaleFile(t, "th", thaiFixture)
	tests := []struct {
		name, locale, id string
		wantLocale       string
		wantFallback     bool
	}{
		{"english", "en", "passport_retention", "en", false},
		{"translated, English has steps the fixture lacks", "th", "passport_retention", "th", true},
		{"translated, steps from English", "th", "recruitment_fees", "th", true},
		{"not translated", "th", "embassy_help", "en", true},
		{"locale without a file", "km", "embassy_help", "en", true},
		{"unknown locale", "xx", "embassy_help", "en", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tx, ok := b.Text(tt.locale, tt.id)
			if !ok {
				t.Fatalf("Text(%q, %q) not found", tt.locale, tt.id)
			}
			if tx.Locale != tt.wantLocale {
				t.Errorf("Locale = %q, want %q", tx.Locale, tt.wantLocale)
			}
			if tx.Title == "" || tx.Answer == "" {
				t.Errorf("empty title or answer: %+v", tx)
			}
			en, _ := b.Text("en", tt.id)
			if tt.wantLocale == "th" && tx.Title == en.Title {
				t.Errorf("Title = %q, the English one", tx.Title)
			}
			if tt.id == "passport_retention" && tt.locale == "th" && !slices.Equal(tx.Steps, en.Steps) {
				t.Errorf("Steps = %q, want the English steps as fallback", tx.Steps)
			}
			if tx.Fallback != tt.wantFallback {
				t.Errorf("Fallback = %v, want %v", tx.Fallback, tt.wantFallback)
			}
		})
	}
	if _, ok := b.Text("en", "no_such_topic"); ok {
		t.Error("Text found an unknown topic")
	}
}

func TestThemes(t *testing.T) {
	b := loadEmbedded(t)
	themes := b.Themes()
	var order []string
	seen := map[string]bool{}
	for _, th := range themes {
		order = append(order, th.ID)
		title, ok := b.ThemeTitle("en", th.ID)
		if !ok || title.Title == "" || title.Fallback {
			t.Errorf("ThemeTitle(en, %s) = %+v, %v", th.ID, title, ok)
		}
		if tt, _ := b.ThemeTitle("xx", th.ID); !tt.Fallback || tt.Title != title.Title {
			t.Errorf("ThemeTitle(xx, %s) = %+v, want the English title as fallback", th.ID, tt)
		}
		for _, id := range th.Topics {
			if seen[id] {
				t.Errorf("topic %s in two themes", id)
			}
			seen[id] = true
			if top, _ := b.Topic(id); top.Theme != th.ID {
				t.Errorf("topic %s listed under theme %s but has theme %s", id, th.ID, top.Theme)
			}
		}
	}
	want := []string{"before_you_go", "money", "recruiter_tricks", "at_work", "scam_compounds", "getting_help", "about"}
	if !slices.Equal(order, want) {
		t.Errorf("theme order = %v, want %v", order, want)
	}
	if len(seen) != len(b.TopicIDs()) {
		t.Errorf("themes list %d topics, the base has %d", len(seen), len(b.TopicIDs()))
	}
}

func TestCoverage(t *testing.T) {
	b := withLocaleFile(t, "th", thaiFixture)
	cov := b.Coverage()
	if len(cov) != len(locales) {
		t.Errorf("Coverage has %d locales, want %d", len(cov), len(locales))
	}
	n := len(b.TopicIDs())
	if c := cov["en"]; !c.File || c.Topics != n || c.Total != n || len(c.Missing) != 0 || c.Examples < 8*n {
		t.Errorf("Coverage[en] = %+v", c)
	}
	if c := cov["th"]; !c.File || c.Reviewed || c.Topics != 3 || c.Examples != 8 || len(c.Missing) != n-3 {
		t.Errorf("Coverage[th] = %+v, want 3 topics and 8 examples", c)
	}
	if c := cov["km"]; c.File || c.Topics != 0 || len(c.Missing) != n {
		t.Errorf("Coverage[km] = %+v, want nothing", c)
	}
}

// TestLoadRejects feeds Load broken knowledge bases: each must be refused with an error naming the file and entry.
func TestLoadRejects(t *testing.T) {
	structure, err := Files.ReadFile("topics.yaml")
	if err != nil {
		t.Fatal(err)
	}
	english, err := Files.ReadFile("text/en.yaml")
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("word ", MaxAnswerLen/5+1)
	tests := []struct {
		name  string
		edit  func(st, en string) (string, string)
		extra map[string]string // more files
		want  []string          // all must appear in the error
	}{
		{
			name: "missing source",
			edit: func(st, en string) (string, string) {
				return strings.Replace(st, "sources: [ILO-FL, LA-SCMP, KE-EMB-2022]", "sources: []", 1), en
			},
			want: []string{"topics.yaml", `"threats_violence"`, "no source"},
		},
		{
			name: "unknown source key",
			edit: func(st, en string) (string, string) {
				return strings.Replace(st, "sources: [ILO-FL, LA-SCMP, KE-EMB-2022]", "sources: [ILO-FL, NOPE]", 1), en
			},
			want: []string{"topics.yaml", `"threats_violence"`, `unknown source "NOPE"`},
		},
		{
			name: "answer too long",
			edit: func(st, en string) (string, string) {
				i := strings.Index(en, "  data_privacy:\n    title:")
				j := i + strings.Index(en[i:], "    steps:")
				return st, en[:i] + "  data_privacy:\n    title: \"Your data and privacy\"\n    answer: \"" + long +
					"\"\n" + en[j:]
			},
			want: []string{"text/en.yaml", `"data_privacy"`, "answer has", "more than 600"},
		},
		{
			name: "unknown related id",
			edit: func(st, en string) (string, string) {
				return strings.Replace(st, "related: [about_this_bot, confiscated_phone]",
					"related: [about_this_bot, no_such_topic]", 1), en
			},
			want: []string{"topics.yaml", `"data_privacy"`, `unknown related id "no_such_topic"`},
		},
		{
			name: "duplicate id",
			edit: func(st, en string) (string, string) {
				return strings.Replace(st, "  - id: data_privacy\n", "  - id: about_this_bot\n", 1), en
			},
			want: []string{"topics.yaml", `"about_this_bot"`, "used twice", `"data_privacy"`, "contract id"},
		},
		{
			name: "unknown button and theme",
			edit: func(st, en string) (string, string) {
				st = strings.Replace(st, "    theme: about\n    related: [about_this_bot, confiscated_phone]\n    buttons: [topics]",
					"    theme: misc\n    related: [about_this_bot, confiscated_phone]\n    buttons: [call_me]", 1)
				return st, en
			},
			want: []string{`"data_privacy"`, `unknown theme "misc"`, `unknown button "call_me"`},
		},
		{
			name: "title too long",
			edit: func(st, en string) (string, string) {
				return st, strings.Replace(en, `title: "About this bot"`,
					`title: "About this bot, which is a very long title"`, 1)
			},
			want: []string{"text/en.yaml", `"about_this_bot"`, "title has"},
		},
		{
			name: "English topic missing",
			edit: func(st, en string) (string, string) {
				i := strings.Index(en, "  data_privacy:\n")
				return st, en[:i]
			},
			want: []string{"text/en.yaml", `"data_privacy"`, "needs a title, an answer and examples"},
		},
		{
			name: "misspelt field",
			edit: func(st, en string) (string, string) {
				return st, strings.Replace(en, "    examples:\n      - \"who are you\"", "    exemples:\n      - \"who are you\"", 1)
			},
			want: []string{"text/en.yaml", "exemples"},
		},
		{
			name: "locale file without meta, with unknown id and theme",
			extra: map[string]string{"text/th.yaml": "themes:\n  money: \"เงิน\"\n  food: \"อาหาร\"\n" +
				"topics:\n  no_such_topic:\n    title: \"x\"\n    answer: \"y\"\n"},
			want: []string{"text/th.yaml", "no meta block", `topic "no_such_topic": unknown topic id`,
				`theme "food": unknown theme id`},
		},
		{
			name:  "meta with the wrong locale",
			extra: map[string]string{"text/vi.yaml": "meta: {locale: th, reviewed: false, translator: \"x\"}\n"},
			want:  []string{"text/vi.yaml", `meta.locale is "th", want "vi"`},
		},
		{
			name:  "meta without reviewed",
			extra: map[string]string{"text/vi.yaml": "meta: {locale: vi, translator: \"x\"}\n"},
			want:  []string{"text/vi.yaml", "meta.reviewed is missing"},
		},
		{
			name:  "unsupported locale file",
			extra: map[string]string{"text/de.yaml": "meta: {locale: de, reviewed: false, translator: \"x\"}\n"},
			want:  []string{"text/de.yaml", `"de" is not a supported locale`},
		},
		{
			name: "same example in two topics",
			extra: map[string]string{"text/vi.yaml": "meta: {locale: vi, reviewed: false, translator: \"x\"}\n" +
				"topics:\n  recruitment_fees:\n    examples: [\"phí môi giới\"]\n" +
				"  debt_bondage:\n    examples: [\"Phi moi gioi\"]\n"},
			want: []string{"text/vi.yaml", "is also an example of topic"},
		},
		{
			name: "synonym word in two groups",
			edit: func(st, en string) (string, string) {
				return strings.Replace(st, "en: [ransom, buyout]", "en: [ransom, buyout, deposit]", 1), en
			},
			want: []string{"topics.yaml", `synonym group "ransom"`, `"deposit" is also in group "fee"`},
		},
		{
			name: "stop word that is a synonym",
			edit: func(st, en string) (string, string) {
				return strings.Replace(st, "  en: [a, an, the,", "  en: [a, an, the, passport,", 1), en
			},
			want: []string{"topics.yaml", "stopwords", `"passport" is also in synonym group "passport"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, en := string(structure), string(english)
			if tt.edit != nil {
				st, en = tt.edit(st, en)
				if st == string(structure) && en == string(english) {
					t.Fatal("the edit changed nothing: the fixture no longer matches the data")
				}
			}
			fsys := fstest.MapFS{
				"topics.yaml":  &fstest.MapFile{Data: []byte(st)},
				"text/en.yaml": &fstest.MapFile{Data: []byte(en)},
			}
			for name, body := range tt.extra {
				fsys[name] = &fstest.MapFile{Data: []byte(body)}
			}
			b, err := Load(fsys)
			if err == nil {
				t.Fatalf("Load accepted it (%d topics)", len(b.TopicIDs()))
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
		})
	}
}

// TestLoadReportsEveryProblem checks that Load does not stop at the first problem.
func TestLoadReportsEveryProblem(t *testing.T) {
	structure, _ := Files.ReadFile("topics.yaml")
	english, _ := Files.ReadFile("text/en.yaml")
	st := strings.Replace(string(structure), "related: [about_this_bot, confiscated_phone]",
		"related: [about_this_bot, nowhere]", 1)
	st = strings.Replace(st, "sources: [ILO-FL, LA-SCMP, KE-EMB-2022]", "sources: []", 1)
	_, err := Load(fstest.MapFS{
		"topics.yaml":  &fstest.MapFile{Data: []byte(st)},
		"text/en.yaml": &fstest.MapFile{Data: english},
		"text/xx.yaml": &fstest.MapFile{Data: []byte("meta: {}\n")},
	})
	if err == nil {
		t.Fatal("Load accepted it")
	}
	for _, w := range []string{`"nowhere"`, `"threats_violence": no source`, "text/xx.yaml"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error does not mention %q:\n%v", w, err)
		}
	}
}

func TestLimits(t *testing.T) {
	b := loadEmbedded(t)
	for _, loc := range []string{"en"} {
		for _, id := range b.TopicIDs() {
			tx, _ := b.Text(loc, id)
			if n := utf8.RuneCountInString(tx.Title); n > MaxTitleLen {
				t.Errorf("%s %s: title %d characters", loc, id, n)
			}
			if n := utf8.RuneCountInString(tx.Answer); n > MaxAnswerLen {
				t.Errorf("%s %s: answer %d characters", loc, id, n)
			}
			if len(id) > MaxIDLen {
				t.Errorf("%s: id longer than %d bytes", id, MaxIDLen)
			}
		}
	}
}
