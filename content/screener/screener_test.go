package screener

import (
	"encoding/json"
	"errors"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

var loadOnce = sync.OnceValues(func() (*Screener, error) { return Load(Files) })

func load(t testing.TB) *Screener {
	t.Helper()
	s, err := loadOnce()
	if err != nil {
		t.Fatalf("Load(Files): %v", err)
	}
	return s
}

func ids(fs []Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.ID
	}
	sort.Strings(out)
	return out
}

func find(fs []Finding, id string) (Finding, bool) {
	for _, f := range fs {
		if f.ID == id {
			return f, true
		}
	}
	return Finding{}, false
}

// conformanceOffer is the offer the project's conformance check screens and expects to be high risk.
const conformanceOffer = "URGENT hiring!! Customer service staff for a company in Sihanoukville, Cambodia. Salary 1500 USD/month, no experience needed, free flight ticket and hotel. Tourist visa is fine, we change it later. Pay 300 USDT deposit to secure your seat. Contact HR on Telegram @hr_mandy_jobs only."

func TestLoadEmbedded(t *testing.T) {
	s := load(t)
	if n := len(s.FlagIDs()); n < 30 {
		t.Errorf("%d flags, want the research's section A (about 30)", n)
	}
	for _, id := range s.FlagIDs() {
		r, _ := s.Rule(id)
		if len(r.Sources) == 0 {
			t.Errorf("%s: no sources", id)
		}
		for _, src := range r.Sources {
			if src.Title == "" || (len(src.URLs) == 0 && src.Note == "") {
				t.Errorf("%s: source %s not expanded", id, src.Key)
			}
		}
		if !slices.Contains(r.Langs, "en") {
			t.Errorf("%s: no English patterns", id)
		}
		if txt, ok := s.Text("en", id); !ok || txt.Title == "" || txt.Why == "" || txt.Advice == "" {
			t.Errorf("%s: English text incomplete: %+v", id, txt)
		}
	}
}

// mapFS copies the embedded files so that a test can break one of them.
func mapFS(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(Files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(Files, p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestLoadRejects(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		edit  func(string) string
		wants []string // every one must appear in the error
	}{
		{"duplicate id", "data/rules/3-channel.yaml",
			func(s string) string { return strings.Replace(s, "id: urgency_pressure", "id: hotspot_location", 1) },
			[]string{"data/rules/5-places.yaml: flag hotspot_location: duplicate id"}},
		{"unknown severity", "data/rules/3-channel.yaml",
			func(s string) string { return strings.Replace(s, "severity: MEDIUM", "severity: SEVERE", 1) },
			[]string{`flag messaging_app_only_contact: unknown severity "SEVERE"`}},
		{"no source", "data/rules/3-channel.yaml",
			func(s string) string {
				return strings.Replace(s, "sources: [INTERPOL-2025-SEC]", "sources: []", 1)
			},
			[]string{"flag ai_or_fake_interview: no sources"}},
		{"unknown source", "data/rules/3-channel.yaml",
			func(s string) string {
				return strings.Replace(s, "sources: [INTERPOL-2025-SEC]", "sources: [NOWHERE]", 1)
			},
			[]string{`flag ai_or_fake_interview: unknown source "NOWHERE"`}},
		{"no English patterns", "data/rules/3-channel.yaml",
			func(s string) string {
				return strings.Replace(s, `    patterns:
      - lang: en
        verified: false
        conf: own
        phrases: ["interview by chat only"`, `    patterns:
      - lang: fr
        verified: false
        conf: own
        phrases: ["interview by chat only"`, 1)
			},
			[]string{"flag ai_or_fake_interview: no English (en) patterns"}},
		{"verified missing", "data/rules/3-channel.yaml",
			func(s string) string {
				return strings.Replace(s, "- {lang: am, verified: false, conf: own, phrases: [\"በአስቸኳይ\"]}", "- {lang: am, conf: own, phrases: [\"በአስቸኳይ\"]}", 1)
			},
			[]string{"flag urgency_pressure: patterns", "`verified` is required"}},
		{"verified contradicts conf", "data/rules/3-channel.yaml",
			func(s string) string {
				return strings.Replace(s, "- {lang: am, verified: false, conf: own,", "- {lang: am, verified: true, conf: own,", 1)
			},
			[]string{"verified: true does not fit conf own"}},
		{"unknown field", "data/rules/3-channel.yaml",
			func(s string) string { return strings.Replace(s, "negatable: true", "negateable: true", 1) },
			[]string{"parse data/rules/3-channel.yaml", "negateable"}},
		{"missing English text", "text/en.yaml",
			func(s string) string {
				return strings.Replace(s, "  urgency_pressure:\n    title: They rush you\n", "  urgency_pressure:\n", 1)
			},
			[]string{"text/en.yaml: flag urgency_pressure: title, why and advice are required"}},
		{"missing question text", "text/en.yaml",
			func(s string) string { return strings.Replace(s, "  under_18: Are you under 18?\n", "", 1) },
			[]string{"text/en.yaml: question under_18: text is required"}},
		{"unknown id in text", "text/en.yaml",
			func(s string) string { return s + "\n  no_such_question: Hello?\n" },
			[]string{`text/en.yaml: questions: unknown question "no_such_question"`}},
		{"question with unknown flag", "data/questions.yaml",
			func(s string) string {
				return strings.Replace(s, "yes: {flag: minor_or_student_targeted}", "yes: {flag: minors}", 1)
			},
			[]string{`question under_18: yes: unknown flag "minors"`}},
		{"bad phrase", "data/rules/3-channel.yaml",
			func(s string) string { return strings.Replace(s, `"camera off"`, `"x"`, 1) },
			[]string{`phrase "x": too short`}},
		{"unknown ILO indicator", "data/rules/3-channel.yaml",
			func(s string) string { return strings.Replace(s, "ilo: [abuse_of_vulnerability]", "ilo: [slavery]", 1) },
			[]string{`unknown ILO indicator "slavery"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := mapFS(t)
			before := string(m[tt.file].Data)
			after := tt.edit(before)
			if after == before {
				t.Fatalf("the edit did not change %s", tt.file)
			}
			m[tt.file] = &fstest.MapFile{Data: []byte(after)}
			_, err := Load(m)
			if err == nil {
				t.Fatal("Load accepted broken data")
			}
			for _, w := range tt.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
		})
	}
	t.Run("text file for an unknown locale and without meta", func(t *testing.T) {
		m := mapFS(t)
		m["text/xx.yaml"] = &fstest.MapFile{Data: []byte("risk: {high: x}\n")}
		m["text/th.yaml"] = &fstest.MapFile{Data: []byte("risk: {high: x}\n")}
		_, err := Load(m)
		if err == nil {
			t.Fatal("Load accepted broken text files")
		}
		for _, w := range []string{`text/xx.yaml: "xx" is not a project locale`, "text/th.yaml: meta.locale", "text/th.yaml: meta.reviewed is required", "text/th.yaml: meta.translator is required"} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error does not mention %q:\n%v", w, err)
			}
		}
	})
	t.Run("errors are joined", func(t *testing.T) {
		m := mapFS(t)
		m["data/questions.yaml"] = &fstest.MapFile{Data: []byte("questions: [{id: a}, {id: a}]\n")}
		_, err := Load(m)
		var joined interface{ Unwrap() []error }
		if !errors.As(err, &joined) || len(joined.Unwrap()) < 2 {
			t.Fatalf("want several joined errors, got %v", err)
		}
	})
}

func TestConformanceOffer(t *testing.T) {
	s := load(t)
	r := s.Check(conformanceOffer)
	if r.Risk != RiskHigh {
		t.Fatalf("risk %s, want high; flags %v", r.Risk, ids(r.Flags))
	}
	for _, id := range []string{"recruitment_fee_or_deposit", "fee_in_crypto_or_to_personal_account",
		"tourist_or_visit_visa_for_work", "hotspot_location", "too_good_salary_low_skill",
		"no_experience_no_qualifications", "free_everything_then_debt", "messaging_app_only_contact",
		"urgency_pressure", "scam_typical_job_title"} {
		if _, ok := find(r.Flags, id); !ok {
			t.Errorf("missing flag %s; got %v", id, ids(r.Flags))
		}
	}
	// Escalations from the research: a fee paid in crypto is CRITICAL; free flights with a hotspot are HIGH; no
	// experience with a too-good salary is HIGH.
	for id, want := range map[string]string{"recruitment_fee_or_deposit": "CRITICAL", "free_everything_then_debt": "HIGH",
		"no_experience_no_qualifications": "HIGH", "fee_in_crypto_or_to_personal_account": "CRITICAL"} {
		if f, _ := find(r.Flags, id); f.Severity != want {
			t.Errorf("%s severity %q, want %s", id, f.Severity, want)
		}
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"risk", "score", "flags"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON has no %q: %s", k, b)
		}
	}
	f := m["flags"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "severity", "evidence"} {
		if _, ok := f[k]; !ok {
			t.Errorf("flag JSON has no %q: %v", k, f)
		}
	}
}

func TestEvidenceIsOriginalText(t *testing.T) {
	s := load(t)
	texts := []string{conformanceOffer,
		"Ｓｅｎｄ ｙｏｕｒ ｐａｓｓｐｏｒｔ ｃｏｐｙ ｏｎ Ｔｅｌｅｇｒａｍ",
		"Gửi ảnh hộ chiếu qua Zalo, phí hồ sơ 2 triệu",
		"高薪急招！柬埔寨西港网络客服，月薪1.5万元，包吃包住"}
	for _, text := range texts {
		r := s.Check(text)
		if len(r.Flags) == 0 {
			t.Errorf("no flags for %q", text)
		}
		for _, f := range append(r.Flags, r.Positives...) {
			for _, e := range f.Evidence {
				if !strings.Contains(text, strings.TrimSuffix(e, "…")) {
					t.Errorf("%s: evidence %q is not a span of the original %q", f.ID, e, text)
				}
			}
		}
	}
}
