package screener

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestScore(t *testing.T) {
	f := func(sevs ...string) []Finding {
		var out []Finding
		for i, s := range sevs {
			out = append(out, Finding{ID: string(rune('a' + i)), Severity: s})
		}
		return out
	}
	tests := []struct {
		name      string
		flags     []Finding
		positives int
		want      string
	}{
		{"nothing", nil, 0, RiskLow},
		{"one critical", f("CRITICAL"), 0, RiskHigh},
		{"critical is never lowered", f("CRITICAL"), 5, RiskHigh},
		{"two high", f("HIGH", "HIGH"), 0, RiskHigh},
		{"high and two medium", f("HIGH", "MEDIUM", "MEDIUM"), 0, RiskHigh},
		{"high, medium and a low that adds weight", f("HIGH", "MEDIUM", "LOW"), 0, RiskHigh},
		{"one high", f("HIGH"), 0, RiskMedium},
		{"high and medium", f("HIGH", "MEDIUM"), 0, RiskMedium},
		{"three medium", f("MEDIUM", "MEDIUM", "MEDIUM"), 0, RiskMedium},
		{"low alone", f("LOW", "LOW"), 0, RiskLow},
		{"high lowered by two positives", f("HIGH", "HIGH"), 2, RiskMedium},
		{"high not lowered by one positive", f("HIGH", "HIGH"), 1, RiskHigh},
		{"medium lowered", f("MEDIUM"), 1, RiskLow},
		{"medium with a high flag stays", f("HIGH"), 3, RiskMedium},
		{"more medium flags than positives", f("MEDIUM", "MEDIUM"), 1, RiskMedium},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := score(tt.flags, tt.positives); got != tt.want {
				t.Errorf("score = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestQuestionsAndAnswers(t *testing.T) {
	s := load(t)
	r := s.Check("Hotel job in Dubai, good benefits. Send your CV.")
	if r.Risk != RiskLow {
		t.Fatalf("risk %s for a bland offer (flags %v)", r.Risk, ids(r.Flags))
	}
	if len(r.Questions) == 0 || len(r.Questions) > MaxQuestions {
		t.Fatalf("%d questions, want 1..%d", len(r.Questions), MaxQuestions)
	}
	if r.Questions[0] != "asked_to_pay" {
		t.Errorf("first question %s, want asked_to_pay", r.Questions[0])
	}
	if slices.Contains(r.Questions, "pay_crypto_or_personal") {
		t.Error("asks about crypto payment before any fee is known")
	}
	for _, q := range r.Questions {
		if txt, ok := s.Question("en", q); !ok || !strings.HasSuffix(txt, "?") {
			t.Errorf("question %s has no English text: %q", q, txt)
		}
	}

	// Yes to "did they ask you to pay?" adds the fee flag, and then the crypto question becomes useful.
	r2 := s.Answer(r, "asked_to_pay", true)
	if _, ok := find(r2.Flags, "recruitment_fee_or_deposit"); !ok || r2.Risk != RiskMedium {
		t.Fatalf("after paying yes: risk %s flags %v", r2.Risk, ids(r2.Flags))
	}
	if slices.Contains(r2.Questions, "asked_to_pay") || !slices.Contains(r2.Questions, "pay_crypto_or_personal") {
		t.Errorf("questions after the answer: %v", r2.Questions)
	}
	if _, ok := find(r.Flags, "recruitment_fee_or_deposit"); ok {
		t.Error("Answer modified its input")
	}
	// Crypto: CRITICAL, and the fee escalates with it.
	r3 := s.Answer(r2, "pay_crypto_or_personal", true)
	if r3.Risk != RiskHigh {
		t.Errorf("after crypto yes: risk %s", r3.Risk)
	}
	if f, _ := find(r3.Flags, "recruitment_fee_or_deposit"); f.Severity != "CRITICAL" {
		t.Errorf("fee severity %s after crypto, want CRITICAL", f.Severity)
	}
	// Answering again changes nothing; an unknown question changes nothing.
	if r4 := s.Answer(r3, "pay_crypto_or_personal", false); !slices.Equal(ids(r4.Flags), ids(r3.Flags)) {
		t.Error("a second answer changed the report")
	}
	if r5 := s.Answer(r3, "no_such_question", true); r5.Risk != r3.Risk || len(r5.Flags) != len(r3.Flags) {
		t.Error("an unknown question changed the report")
	}

	// "No" can add a flag too, and "yes" a positive check.
	r6 := s.Answer(r, "contract_before", false)
	if _, ok := find(r6.Flags, "no_written_contract_or_unreadable_contract"); !ok {
		t.Errorf("no contract: flags %v", ids(r6.Flags))
	}
	r7 := s.Answer(s.Check("Customer service job, contact us on WhatsApp."), "licensed_recruiter", true)
	if _, ok := find(r7.Positives, "licensed_agency"); !ok {
		t.Errorf("licensed yes: positives %v", ids(r7.Positives))
	}

	// A report stored as JSON and read back can still be answered.
	b, _ := json.Marshal(r2)
	var back Report
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if got := s.Answer(back, "pay_crypto_or_personal", true); got.Risk != r3.Risk || !slices.Equal(ids(got.Flags), ids(r3.Flags)) {
		t.Errorf("answer on a stored report: %s %v, want %s %v", got.Risk, ids(got.Flags), r3.Risk, ids(r3.Flags))
	}
}

func TestQuestionsSkipWhatTheTextShows(t *testing.T) {
	s := load(t)
	r := s.Check(conformanceOffer)
	for _, q := range []string{"asked_to_pay", "tourist_visa", "chat_only", "pay_crypto_or_personal"} {
		if slices.Contains(r.Questions, q) {
			t.Errorf("asks %s although the text shows it", q)
		}
	}
	if len(r.Questions) > MaxQuestions {
		t.Errorf("%d questions", len(r.Questions))
	}
}

func TestText(t *testing.T) {
	s := load(t)
	en, ok := s.Text("en", "hotspot_location")
	if !ok || en.Title == "" {
		t.Fatal("no English text for hotspot_location")
	}
	if xx, ok := s.Text("xx", "hotspot_location"); !ok || xx != en {
		t.Errorf("locale without a file should fall back to English: %+v", xx)
	}
	if p, ok := s.Text("xx", "government_programme"); !ok || p.Title == "" {
		t.Errorf("positive check text: %+v %v", p, ok)
	}
	if _, ok := s.Text("en", "nope"); ok {
		t.Error("unknown id has text")
	}
	for _, risk := range []string{RiskHigh, RiskMedium, RiskLow} {
		if sum, ok := s.Summary("km", risk); !ok || sum == "" {
			t.Errorf("no summary for %s", risk)
		}
	}
	if _, ok := s.Question("vi", "nope"); ok {
		t.Error("unknown question has text")
	}
}

func TestLocales(t *testing.T) {
	s := load(t)
	cov := s.Locales()
	if len(cov) != 24 {
		t.Fatalf("%d locales, want 24", len(cov))
	}
	en := cov["en"]
	if !en.HasFile || en.Strings != en.Total || len(en.Missing) > 0 {
		t.Errorf("English incomplete: %+v", en)
	}
	if en.FlagsWithPatterns != en.Flags {
		t.Errorf("English patterns for %d of %d flags", en.FlagsWithPatterns, en.Flags)
	}
	for _, loc := range LocaleKeys() {
		c := cov[loc]
		t.Logf("%-8s text %3d/%-3d reviewed=%-5v flags with patterns %2d/%d, verified groups %2d/%d", loc, c.Strings,
			c.Total, c.Reviewed, c.FlagsWithPatterns, c.Flags, c.VerifiedGroups, c.Groups)
		if c.FlagsWithPatterns == 0 {
			t.Errorf("%s: no patterns at all", loc)
		}
	}
}

func TestRunBatch(t *testing.T) {
	s := load(t)
	in := strings.Join([]string{
		`{"id": "a", "text": ` + mustJSON(conformanceOffer) + `}`,
		``,
		`not json`,
		`{"id": 7, "text": "Factory job in Osaka, written contract, work visa."}`,
		`{"id": "c"}`,
		`{"id": "d", "text": ""}`,
	}, "\n")
	var out bytes.Buffer
	detect := func(string) string { return "en" }
	if err := RunBatch(context.Background(), s, detect, strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	var lines []map[string]any
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("output line %q: %v", sc.Text(), err)
		}
		lines = append(lines, m)
	}
	if len(lines) != 5 {
		t.Fatalf("%d output lines, want 5 (blank line skipped): %s", len(lines), out.String())
	}
	if lines[0]["id"] != "a" || lines[0]["risk"] != "high" || lines[0]["lang"] != "en" || lines[0]["flags"] == nil {
		t.Errorf("line 1: %v", lines[0])
	}
	if lines[1]["error"] == nil || lines[1]["line"] != float64(3) || lines[1]["risk"] != nil {
		t.Errorf("bad JSON line: %v", lines[1])
	}
	if lines[2]["id"] != "7" || lines[2]["risk"] == nil {
		t.Errorf("numeric id: %v", lines[2])
	}
	if lines[3]["id"] != "c" || lines[3]["error"] == nil {
		t.Errorf("missing text: %v", lines[3])
	}
	if lines[4]["risk"] != "low" {
		t.Errorf("empty text: %v", lines[4])
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := RunBatch(ctx, s, nil, strings.NewReader(in), &out); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled batch: %v", err)
	}
	long := `{"id":"x","text":"` + strings.Repeat("a", MaxBatchLine) + `"}` + "\n" + `{"id":"y","text":"ok"}`
	out.Reset()
	if err := RunBatch(context.Background(), s, nil, strings.NewReader(long), &out); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(out.String(), "\n"); got != 2 || !strings.Contains(out.String(), "longer than") {
		t.Errorf("long line: %q", out.String())
	}
}

func mustJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// offer2KB is a realistic recruiter chat of about 2 KB: the conformance offer plus the kind of talk around it.
var offer2KB = strings.Repeat("Hello dear, thank you for your interest in our company. We are a big international company with many "+
	"branches and good management. The work is simple, you only answer customers on the computer. Working hours are "+
	"from 9 am to 6 pm with one day off per week. We provide training for new staff and a friendly team. ", 5) +
	conformanceOffer + " Please send your full name, age and a photo of your passport so we can book the ticket. Reply today, the places are few. Our manager will call you after we check your documents."

func BenchmarkCheck(b *testing.B) {
	s := load(b)
	if n := len(offer2KB); n < 2000 || n > 2200 {
		b.Fatalf("the offer is %d bytes, want about 2 KB", n)
	}
	b.SetBytes(int64(len(offer2KB)))
	b.ReportAllocs()
	for b.Loop() {
		_ = s.Check(offer2KB)
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(Files); err != nil {
			b.Fatal(err)
		}
	}
}
