package distress

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"
)

// embedded loads the embedded phrase files once for the whole test binary.
var embedded = sync.OnceValues(func() (*Detector, error) { return Load(Files) })

func mustDetector(t testing.TB) *Detector {
	t.Helper()
	d, err := embedded()
	if err != nil {
		t.Fatalf("Load(Files): %v", err)
	}
	return d
}

// explain returns why each matched phrase fired or not, for failure messages.
func explain(d *Detector, text string) string {
	var b strings.Builder
	d.detect(text, &b)
	if b.Len() == 0 {
		return "(no phrase matched)"
	}
	return strings.TrimSpace(b.String())
}

func TestEmbeddedPhrasesLoadWithFullCoverage(t *testing.T) {
	d := mustDetector(t)
	cov := d.Coverage()
	total := 0
	for _, l := range Locales() {
		t.Logf("%-8s %3d signal phrases", l, cov[l])
		total += cov[l]
		if cov[l] < 10 {
			t.Errorf("%s: %d signal phrases, want at least 10", l, cov[l])
		}
	}
	t.Logf("total %d signal phrases in %d locales", total, len(cov))
}

func TestConformance(t *testing.T) {
	d := mustDetector(t)
	tests := []struct {
		text string
		want bool
	}{
		{"please help me they locked us in and took my passport", true},
		{"is my employer allowed to keep my passport?", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			h, got := d.Detect(tt.text)
			if got != tt.want {
				t.Errorf("Detect(%q) = %v %+v, want %v\n%s", tt.text, got, h, tt.want, explain(d, tt.text))
			}
		})
	}
}

func TestHitContents(t *testing.T) {
	d := mustDetector(t)
	h, ok := d.Detect("please help me they locked us in and took my passport")
	if !ok {
		t.Fatal("no hit")
	}
	if h.Lang != "en" {
		t.Errorf("Lang = %q, want en", h.Lang)
	}
	for _, k := range []string{KindHelpMe, KindHeld, KindDocumentsTaken} {
		if !slices.Contains(h.Kinds, k) {
			t.Errorf("Kinds = %v, want %s among them", h.Kinds, k)
		}
	}
	for _, e := range h.Evidence {
		if strings.Contains("please help me they locked us in and took my passport", e) {
			continue
		}
		t.Errorf("evidence %q is not a phrase of the message", e)
	}
	if want := Kinds(); !slices.IsSortedFunc(h.Kinds, func(a, b string) int {
		return slices.Index(want, a) - slices.Index(want, b)
	}) {
		t.Errorf("Kinds %v not in the order of Kinds()", h.Kinds)
	}
}

func TestMatchingRules(t *testing.T) {
	d := mustDetector(t)
	tests := []struct {
		name, text string
		want       bool
	}{
		{"whole-word: sos inside a word", "our social media job", false},
		{"whole message help", "HELP!!!", true},
		{"whole message help repeated", "help help help", true},
		{"help inside a sentence is not a whole message", "thanks for your help", false},
		{"bot command", "/help", false},
		{"curly apostrophe", "they won’t let me leave", true},
		{"no apostrophe", "they wont let me leave", true},
		{"elongated letters", "pleeease heeelp meee", true},
		{"gap phrase in order", "kinuha nila yung passport ko", true},
		{"gap phrase too far apart", "kinuha nila " + strings.Repeat("x ", 30) + "passport ko", false},
		{"gap phrase in the wrong order", "passport ko kinuha", false},
		{"prefix mode takes endings", "забрали паспорта у всех нас", true},
		{"nospace mode ignores spaces", "ช่วย ด้วย", true},
		{"arabic with harakat", "سَاعِدُونِي", true},
		{"empty", "   ", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := d.Detect(tt.text)
			if got != tt.want {
				t.Errorf("Detect(%q) = %v, want %v\n%s", tt.text, got, tt.want, explain(d, tt.text))
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Won’t", "wont"},
		{"est-ce légal", "est ce legal"},
		{"pleeeease", "please"},
		{"help", "help"},
		{"aaa bbb", "a b"},
		{"good", "good"},
		{"أخذوا جوازي", "اخذوا جوازي"},
		{"فِدْيَة", "فديه"},
		{"پاسپورٹ لے لیا", "پاسپورٹ لے ليا"},
		{"ช่วยด้วยยยย", "ช่วยด้วย"},
		{"  a \t b ", "a b"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := normalize(tt.in); got != tt.want {
				t.Errorf("normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLoadReportsEveryProblem(t *testing.T) {
	good := "meta: {locale: en, reviewed: false, translator: x}\nmatch: word\n" +
		"signals:\n  help_me:\n    - {text: \"help me\", verified: false}\ncues:\n  question: [\"how do\"]\n"
	fsys := fstest.MapFS{
		"phrases/en.yaml": {Data: []byte(good)},
		"phrases/xx.yaml": {Data: []byte(strings.Replace(good, "locale: en", "locale: xx", 1))},
		"phrases/fr.yaml": {Data: []byte("meta: {locale: es, translator: x}\nmatch: word\nsignals:\n" +
			"  held:\n    - {text: \"on est enfermés\"}\n    - {text: \"  \", verified: false}\n" +
			"    - {text: \"aidez\", fires: sometimes, verified: false}\n" +
			"    - {text: \"On est enfermés\", verified: false}\n" +
			"  hungry:\n    - {text: \"faim\", verified: false}\n" +
			"cues:\n  question: [\"comment\", \"comment\"]\n")},
		"phrases/es.yaml": {Data: []byte("meta: {locale: es, reviewed: false, translator: x}\nmatch: fuzzy\n")},
		"phrases/pt.yml":  {Data: []byte(good)},
		"phrases/ru.yaml": {Data: []byte("meta: {locale: ru, reviewed: false, translator: x}\nmatch: prefix\nsignals:\n" +
			"  held:\n    - {text: \"a … … b\", verified: false}\n    - {text: \"x\", whole: true, colour: red, verified: false}\n")},
	}
	_, err := Load(fsys)
	if err == nil {
		t.Fatal("Load accepted broken files")
	}
	msg := err.Error()
	for _, want := range []string{
		`phrases/xx.yaml: unknown locale "xx"`,
		`phrases/fr.yaml: meta.locale is "es", want "fr"`,
		`phrases/fr.yaml: meta.reviewed is missing`,
		`phrases/fr.yaml: signals.held[0] "on est enfermés": needs a source (a research key) or verified: false`,
		`phrases/fr.yaml: signals.held[1] "  ": empty phrase`,
		`phrases/fr.yaml: signals.held[2] "aidez": fires is "sometimes"`,
		`phrases/fr.yaml: signals.held[3] "On est enfermés": same phrase as signals.held[0]`,
		`phrases/fr.yaml: signals: unknown kind "hungry"`,
		`phrases/fr.yaml: cues.question[1] "comment": listed twice`,
		`phrases/es.yaml: match is "fuzzy"`,
		`phrases/pt.yml: phrase files end in .yaml`,
		"field colour not found",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error does not mention %q\nfull error:\n%s", want, msg)
		}
	}
	// A file that decodes must report the gap error; load it alone.
	_, err = Load(fstest.MapFS{"phrases/ru.yaml": {Data: []byte("meta: {locale: ru, reviewed: false, translator: x}\n" +
		"match: prefix\nsignals:\n  held:\n    - {text: \"a … … b\", verified: false}\n")}})
	if err == nil || !strings.Contains(err.Error(), "empty part around a gap mark") {
		t.Errorf("gap error not reported: %v", err)
	}
	if _, err := Load(fstest.MapFS{}); err == nil {
		t.Error("Load of an empty file system succeeded")
	}
}

// caseFile is the shape of testdata/cases.yaml and testdata/holdout.yaml.
type caseFile struct {
	Cases map[string]struct {
		Distress  []string `yaml:"distress"`
		Lookalike []string `yaml:"lookalike"`
		Ambiguous []string `yaml:"ambiguous"`
	} `yaml:"cases"`
}

func readCases(t *testing.T, name string) caseFile {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var cf caseFile
	if err := yaml.Unmarshal(raw, &cf); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for l := range cf.Cases {
		if !slices.Contains(Locales(), l) {
			t.Fatalf("%s: unknown locale %q", name, l)
		}
	}
	return cf
}

// caseFiles are the test sets, all written by the distress helper (LLM), none real. cases.yaml is the development
// set. The holdout files were each written blind and run once before any phrase was tuned on them; their first-run
// numbers are in their headers (the honest estimate of how the lists do on unseen wording). After that their misses
// were fixed with general phrases and cues, so they are now regression sets like cases.yaml.
var caseFiles = []string{"cases.yaml", "holdout.yaml", "holdout2.yaml", "holdout3.yaml", "holdout4.yaml"}

// TestCases is the bar: every distress message raises the alarm and no look-alike does, in every language,
// on every test set. Per-language recall and false alarms are logged.
func TestCases(t *testing.T) {
	d := mustDetector(t)
	type tally struct{ dTotal, dHit, lTotal, lHit int }
	perLang := map[string]*tally{}
	for _, name := range caseFiles {
		cf := readCases(t, name)
		var file tally
		for _, l := range Locales() {
			c, ok := cf.Cases[l]
			if !ok {
				continue
			}
			if perLang[l] == nil {
				perLang[l] = &tally{}
			}
			t.Run(name+"/"+l, func(t *testing.T) {
				if name == "cases.yaml" && (len(c.Distress) < 3 || len(c.Lookalike) < 3) {
					t.Errorf("%d distress and %d look-alike cases, want at least 3 of each", len(c.Distress), len(c.Lookalike))
				}
				for _, m := range c.Distress {
					if _, ok := d.Detect(m); ok {
						file.dHit++
						perLang[l].dHit++
					} else {
						t.Errorf("missed distress %q\n%s", m, explain(d, m))
					}
				}
				for _, m := range c.Lookalike {
					if h, ok := d.Detect(m); ok {
						file.lHit++
						perLang[l].lHit++
						t.Errorf("false alarm on %q: %+v\n%s", m, h, explain(d, m))
					}
				}
				for _, m := range c.Ambiguous {
					h, ok := d.Detect(m)
					t.Logf("ambiguous %q -> distress=%v %v", m, ok, h.Evidence)
				}
				file.dTotal += len(c.Distress)
				file.lTotal += len(c.Lookalike)
				perLang[l].dTotal += len(c.Distress)
				perLang[l].lTotal += len(c.Lookalike)
			})
		}
		t.Logf("%-13s recall %3d/%3d  false alarms %d/%d", name, file.dHit, file.dTotal, file.lHit, file.lTotal)
	}
	var all tally
	for _, l := range Locales() {
		if c := perLang[l]; c != nil {
			t.Logf("%-8s recall %2d/%2d  false alarms %d/%d", l, c.dHit, c.dTotal, c.lHit, c.lTotal)
			all.dTotal += c.dTotal
			all.dHit += c.dHit
			all.lTotal += c.lTotal
			all.lHit += c.lHit
		}
	}
	t.Logf("all: %d languages, recall %d/%d, false alarms %d/%d", len(perLang), all.dHit, all.dTotal, all.lHit, all.lTotal)
	if len(perLang) < 12 {
		t.Errorf("cases in %d languages, want at least 12", len(perLang))
	}
}
