package topics

import (
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/safepassage/safepassage/content/textnorm"
	"gopkg.in/yaml.v3"
)

type heldoutFile struct {
	InDomain    []heldoutQuestion `yaml:"in_domain"`
	OutOfDomain []string          `yaml:"out_of_domain"`
}

// heldoutQuestion is a question and the topic that answers it.
type heldoutQuestion struct {
	Q     string `yaml:"q"`
	Topic string `yaml:"topic"`
}

func readYAML(t testing.TB, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func loadEmbedded(t testing.TB) *Base {
	t.Helper()
	b, err := Load(Files)
	if err != nil {
		t.Fatalf("Load(Files): %v", err)
	}
	return b
}

// TestHeldoutAccuracy measures search on questions that are not examples. heldout.yaml was used while search was
// built (its first results led to the current scoring); heldout2.yaml was written before the last changes to the
// examples and to scoring and was run only once they were done.
func TestHeldoutAccuracy(t *testing.T) {
	b := loadEmbedded(t)
	for _, file := range []string{"testdata/heldout.yaml", "testdata/heldout2.yaml"} {
		t.Run(file, func(t *testing.T) {
			var h heldoutFile
			readYAML(t, file, &h)
			if len(h.InDomain) < 40 {
				t.Fatalf("%s has %d in-domain questions, want at least 40", file, len(h.InDomain))
			}
			for _, q := range h.InDomain {
				if _, ok := b.Topic(q.Topic); !ok {
					t.Errorf("question %q expects unknown topic %q", q.Q, q.Topic)
				}
			}
			top1, top3, confident, confidentRight := score(t, b, "en", h.InDomain)
			n := len(h.InDomain)
			acc := float64(top1) / float64(n)
			t.Logf("%s: top-1 %d/%d = %.1f%%; top-3 %d/%d = %.1f%%; confident %d/%d, of which right %d",
				file, top1, n, 100*acc, top3, n, 100*float64(top3)/float64(n), confident, n, confidentRight)
			if acc < 0.85 {
				t.Errorf("top-1 accuracy %.1f%%, want at least 85%%", 100*acc)
			}
		})
	}
}

// score searches each question in locale and counts the right first answers, the right answers among the first three,
// the confident answers and the confident right ones, logging every miss.
func score(t *testing.T, b *Base, locale string, questions []heldoutQuestion) (top1, top3, confident, confidentRight int) {
	t.Helper()
	for _, q := range questions {
		m := b.Search(q.Q, locale)
		for i, x := range m {
			if i < 3 && x.TopicID == q.Topic {
				top3++
			}
		}
		switch {
		case len(m) == 0:
			t.Logf("miss %q: nothing found (want %s)", q.Q, q.Topic)
			continue
		case m[0].TopicID == q.Topic:
			top1++
		default:
			t.Logf("miss %q: %s first (coverage %.2f, confident %v), want %s", q.Q, m[0].TopicID, m[0].Coverage,
				m[0].Confident, q.Topic)
		}
		if m[0].Confident {
			confident++
			if m[0].TopicID == q.Topic {
				confidentRight++
			}
		}
	}
	return top1, top3, confident, confidentRight
}

func TestOutOfDomainNotConfident(t *testing.T) {
	b := loadEmbedded(t)
	var h heldoutFile
	readYAML(t, "testdata/heldout.yaml", &h)
	if len(h.OutOfDomain) < 10 {
		t.Fatalf("heldout.yaml has %d out-of-domain messages, want at least 10", len(h.OutOfDomain))
	}
	msgs := append(slices.Clone(h.OutOfDomain),
		"สวัสดีครับ",            // Thai: hello
		"今天天气怎么样",               // Chinese: how is the weather today
		"¿dónde está la playa?", // Spanish: where is the beach
		"",
		"   ",
		"?!",
	)
	for _, msg := range msgs {
		t.Run(msg, func(t *testing.T) {
			m := b.Search(msg, "en")
			if len(m) > 0 && m[0].Confident {
				t.Errorf("Search(%q) is confident: %s (coverage %.2f, matched %.1f)", msg, m[0].TopicID,
					m[0].Coverage, m[0].Matched)
			}
		})
	}
}

func TestPlacementFeeQuestion(t *testing.T) {
	b := loadEmbedded(t)
	q := "is it normal that the agency asks me for a placement fee before I fly?"
	m := b.Search(q, "en")
	if len(m) == 0 || m[0].TopicID != "recruitment_fees" {
		t.Fatalf("Search(%q) = %+v, want recruitment_fees first", q, m)
	}
	if !m[0].Confident {
		t.Errorf("Search(%q): recruitment_fees not confident (coverage %.2f, matched %.1f)", q, m[0].Coverage,
			m[0].Matched)
	}
}

// TestSearchCases checks a few behaviours by name: typos, short questions, another language via synonyms.
func TestSearchCases(t *testing.T) {
	b := loadEmbedded(t)
	tests := []struct {
		name, query, want string
	}{
		{"short", "agent fee?", "recruitment_fees"},
		{"typo in passport", "my boss took my pasport", "passport_retention"},
		{"typo in recruiter", "how to check a recuiter", "verify_recruiter"},
		{"upper case and punctuation", "WHO ARE YOU???", "about_this_bot"},
		{"spanish word through synonyms", "pasaporte", "passport_retention"},
		{"thai word through synonyms", "พาสปอร์ต", "passport_retention"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := b.Search(tt.query, "en")
			if len(m) == 0 {
				t.Fatalf("Search(%q) found nothing, want %s", tt.query, tt.want)
			}
			ids := make([]string, len(m))
			for i, x := range m {
				ids[i] = x.TopicID
			}
			if !slices.Contains(ids[:min(3, len(ids))], tt.want) {
				t.Errorf("Search(%q) = %v, want %s in the first three", tt.query, ids, tt.want)
			}
		})
	}
}

// withoutExample returns a copy of b, reduced to its English texts, whose index lacks one English example: the
// leave-one-out run. The thresholds were calibrated on English alone; keeping the other locales out also keeps the
// run's cost (one index build per example) from growing with every translation.
func withoutExample(b *Base, id string, i int) *Base {
	c := &Base{topics: b.topics, byID: b.byID, themes: b.themes, groups: b.groups,
		stopwords: b.stopwords, texts: map[string]*localeText{SourceLocale: b.texts[SourceLocale]}}
	en := *b.texts[SourceLocale]
	en.topics = maps.Clone(en.topics)
	tt := en.topics[id]
	tt.Examples = slices.Delete(slices.Clone(tt.Examples), i, i+1)
	en.topics[id] = tt
	c.texts[SourceLocale] = &en
	c.index = buildIndex(c)
	return c
}

type scored struct {
	cov, matched  float64
	hits, content int
	right         bool
}

func (s scored) confident() bool { return confident(s.cov, s.matched, s.hits, s.content) }

// leaveOneOut searches every English example against an index built without it.
func leaveOneOut(t testing.TB, b *Base) []scored {
	var out []scored
	for _, top := range b.topics {
		for i, ex := range b.texts[SourceLocale].topics[top.ID].Examples {
			m := withoutExample(b, top.ID, i).Search(ex, "en")
			if len(m) == 0 {
				out = append(out, scored{})
				continue
			}
			out = append(out, scored{m[0].Coverage, m[0].Matched, m[0].Hits, m[0].Terms, m[0].TopicID == top.ID})
		}
	}
	return out
}

func TestLeaveOneOut(t *testing.T) {
	if testing.Short() {
		t.Skip("rebuilds the index once per example")
	}
	b := loadEmbedded(t)
	res := leaveOneOut(t, b)
	right, conf := 0, 0
	for _, r := range res {
		if r.right {
			right++
			if r.confident() {
				conf++
			}
		}
	}
	t.Logf("leave-one-out over %d English examples: top-1 %d (%.1f%%), right and confident %d (%.1f%%)",
		len(res), right, 100*float64(right)/float64(len(res)), conf, 100*float64(conf)/float64(len(res)))
	if float64(right) < 0.6*float64(len(res)) {
		t.Errorf("leave-one-out top-1 %d/%d, want at least 60%%", right, len(res))
	}
}

// TestCalibration shows where the confidence thresholds come from: the in-domain scores of the leave-one-out run
// and the out-of-domain scores of testdata/calibration.yaml. It fails if the thresholds let a calibration message
// through or reject most in-domain questions.
func TestCalibration(t *testing.T) {
	if testing.Short() {
		t.Skip("rebuilds the index once per example")
	}
	b := loadEmbedded(t)
	var cal heldoutFile
	readYAML(t, "testdata/calibration.yaml", &cal)
	var ood []scored
	for _, msg := range cal.OutOfDomain {
		m := b.Search(msg, "en")
		if len(m) == 0 {
			ood = append(ood, scored{})
			continue
		}
		ood = append(ood, scored{cov: m[0].Coverage, matched: m[0].Matched, hits: m[0].Hits, content: m[0].Terms})
	}
	in := leaveOneOut(t, b)
	var inRight []scored
	for _, r := range in {
		if r.right {
			inRight = append(inRight, r)
		}
	}
	q := func(xs []scored, f func(scored) float64) string {
		v := make([]float64, len(xs))
		for i, x := range xs {
			v[i] = f(x)
		}
		sort.Float64s(v)
		var parts []string
		for _, p := range []float64{0, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 1} {
			parts = append(parts, fmt.Sprintf("p%.0f=%.2f", 100*p, v[int(p*float64(len(v)-1))]))
		}
		return strings.Join(parts, " ")
	}
	cov := func(s scored) float64 { return s.cov }
	mat := func(s scored) float64 { return s.matched }
	t.Logf("in-domain (leave-one-out, right top-1, n=%d) coverage: %s", len(inRight), q(inRight, cov))
	t.Logf("in-domain (leave-one-out, right top-1, n=%d) matched:  %s", len(inRight), q(inRight, mat))
	t.Logf("out-of-domain (calibration, n=%d) coverage: %s", len(ood), q(ood, cov))
	t.Logf("out-of-domain (calibration, n=%d) matched:  %s", len(ood), q(ood, mat))
	// The grid a maintainer looks at to move the thresholds.
	for _, c := range []float64{0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7} {
		var line []string
		for _, w := range []float64{2, 2.5, 3, 3.5, 4} {
			acc, pass := 0, 0
			for _, r := range inRight {
				if r.cov >= c && r.matched >= w && (r.hits >= 2 || r.content <= 1) {
					acc++
				}
			}
			for _, r := range ood {
				if r.cov >= c && r.matched >= w && (r.hits >= 2 || r.content <= 1) {
					pass++
				}
			}
			line = append(line, fmt.Sprintf("w>=%.1f: in %3d ood %2d", w, acc, pass))
		}
		t.Logf("cov>=%.2f  %s   (in: of %d right leave-one-out answers; ood: of %d)", c, strings.Join(line, " | "),
			len(inRight), len(ood))
	}
	accepted, wrongAccepted, passed := 0, 0, 0
	for _, r := range inRight {
		if r.confident() {
			accepted++
		}
	}
	for _, r := range in {
		if !r.right && r.confident() {
			wrongAccepted++
		}
	}
	for i, r := range ood {
		if r.confident() {
			passed++
			t.Logf("calibration message %q passes the thresholds (coverage %.2f, matched %.1f)", cal.OutOfDomain[i],
				r.cov, r.matched)
		}
	}
	t.Logf("thresholds (coverage %.2f, matched %.1f): accept %d/%d right and %d/%d wrong leave-one-out answers; "+
		"let through %d/%d calibration messages", MinCoverage, MinMatchedWeight, accepted, len(inRight), wrongAccepted,
		len(in)-len(inRight), passed, len(ood))
	if passed > 1 {
		t.Errorf("%d calibration messages pass the thresholds, want at most 1 of %d", passed, len(ood))
	}
	// At most one out-of-domain message comes first; within that, the thresholds must still answer a good share of
	// questions outright (the rest get the suggested topics). 35%: see the comment on MinCoverage.
	if share := float64(accepted) / float64(len(inRight)); share < 0.35 {
		t.Errorf("thresholds accept %.1f%% of the right in-domain answers, want at least 35%%", 100*share)
	}
}

// TestHeldoutNotTuned guards the held-out sets: their questions are not examples, and no synonym word appears only
// there (a word is taken to appear in the texts when a word with the same stem does).
func TestHeldoutNotTuned(t *testing.T) {
	b := loadEmbedded(t)
	var h heldoutFile
	for _, file := range []string{"testdata/heldout.yaml", "testdata/heldout2.yaml"} {
		var f heldoutFile
		readYAML(t, file, &f)
		h.InDomain = append(h.InDomain, f.InDomain...)
		h.OutOfDomain = append(h.OutOfDomain, f.OutOfDomain...)
	}
	examples := map[string]bool{}
	var corpus strings.Builder
	for _, lt := range b.texts {
		for _, tt := range lt.topics {
			for _, ex := range tt.Examples {
				examples[textnorm.Fold(ex)] = true
			}
			corpus.WriteString(textnorm.Fold(tt.Title + " " + tt.Answer + " " + strings.Join(tt.Steps, " ") + " " +
				strings.Join(tt.Examples, " ") + "\n"))
		}
	}
	var held strings.Builder
	for _, q := range h.InDomain {
		if examples[textnorm.Fold(q.Q)] {
			t.Errorf("held-out question %q is also an example", q.Q)
		}
		held.WriteString(textnorm.Fold(q.Q) + "\n")
	}
	for _, msg := range h.OutOfDomain {
		held.WriteString(textnorm.Fold(msg) + "\n")
	}
	for _, g := range b.groups {
		for _, w := range g.words {
			fw := textnorm.Fold(w)
			re := regexp.MustCompile(`(^|\P{L})` + regexp.QuoteMeta(fw) + `($|\P{L})`)
			// An inflection of a word the texts use ("recruiters" for "recruiter") shares its stem with them.
			stem := regexp.MustCompile(`(^|\P{L})` + regexp.QuoteMeta(prefixRunes(fw, stemLen)))
			if re.MatchString(held.String()) && !stem.MatchString(corpus.String()) {
				t.Errorf("synonym %q (group %s) appears in heldout.yaml but in no text: tuning on the held-out set",
					w, g.id)
			}
		}
	}
}

// withLocaleFile loads the embedded files plus one more locale file, as a translator would add it.
func withLocaleFile(t testing.TB, locale, body string) *Base {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, name := range []string{"topics.yaml", "text/en.yaml"} {
		data, err := Files.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	fsys["text/"+locale+".yaml"] = &fstest.MapFile{Data: []byte(body)}
	b, err := Load(fsys)
	if err != nil {
		t.Fatalf("Load with text/%s.yaml: %v", locale, err)
	}
	return b
}

const thaiFixture = `meta:
  locale: th
  reviewed: false
  translator: "machine (LLM), not reviewed by a native speaker; test fixture"
topics:
  passport_retention:
    title: "นายจ้างยึดพาสปอร์ต"
    answer: "คุณควรถือพาสปอร์ตของคุณเอง"
    examples:
      - "บริษัทขอยึดพาสปอร์ต"
      - "นายจ้างเก็บหนังสือเดินทางของฉันไว้"
      - "เอเจนซี่ไม่คืนพาสปอร์ตให้"
  recruitment_fees:
    title: "ค่าหัวคิว"
    answer: "คนงานไม่ควรต้องจ่ายค่าหัวคิว"
    examples:
      - "ต้องจ่ายค่าหัวคิวให้นายหน้าไหม"
      - "นายหน้าเรียกเก็บค่าดำเนินการก่อนบิน"
      - "ค่าสมัครงานต่างประเทศแพงมาก"
  confiscated_phone:
    title: "ถูกยึดโทรศัพท์"
    answer: "การยึดโทรศัพท์ตัดคุณจากครอบครัว"
    examples:
      - "หัวหน้ายึดโทรศัพท์มือถือของเรา"
      - "ไม่ให้ใช้โทรศัพท์ที่ทำงาน"
`

func TestThaiFileMakesThaiQueriesWork(t *testing.T) {
	b := withLocaleFile(t, "th", thaiFixture)
	tests := []struct{ query, want string }{
		{"นายจ้างยึดพาสปอร์ตของผม", "passport_retention"},     // my employer seized my passport
		{"บริษัทเก็บพาสปอร์ตไว้ไม่คืน", "passport_retention"}, // the company keeps the passport, won't return it
		{"นายหน้าให้จ่ายค่าหัวคิวก่อน", "recruitment_fees"},   // the broker wants the fee first
		{"เขายึดโทรศัพท์มือถือของฉัน", "confiscated_phone"},   // they seized my mobile phone
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			// The user chose English but types Thai: the Thai examples must still be searched.
			m := b.Search(tt.query, "en")
			if len(m) == 0 || m[0].TopicID != tt.want {
				t.Fatalf("Search(%q) = %+v, want %s first", tt.query, m, tt.want)
			}
			t.Logf("%q -> %s coverage %.2f matched %.1f confident %v locale %s", tt.query, m[0].TopicID,
				m[0].Coverage, m[0].Matched, m[0].Confident, m[0].Locale)
		})
	}
	if m := b.Search("สวัสดีครับ วันนี้อากาศดี", "th"); len(m) > 0 && m[0].Confident { // hello, nice weather today
		t.Errorf("Thai small talk is confident: %+v", m[0])
	}
}

func TestFoldedVietnamese(t *testing.T) {
	b := withLocaleFile(t, "vi", `meta: {locale: vi, reviewed: false, translator: "machine (LLM); test fixture"}
topics:
  recruitment_fees:
    examples:
      - "chi phí môi giới đi làm ở nước ngoài là bao nhiêu"
      - "công ty bắt nộp phí hồ sơ trước khi bay"
`)
	m := b.Search("chi phi moi gioi", "vi")
	if len(m) == 0 || m[0].TopicID != "recruitment_fees" {
		t.Fatalf("Search(%q) = %+v, want recruitment_fees", "chi phi moi gioi", m)
	}
	if m[0].Locale != "vi" {
		t.Errorf("best text locale = %q, want vi", m[0].Locale)
	}
}

func BenchmarkSearch(b *testing.B) {
	base := loadEmbedded(b)
	q := "my agent wants a placement fee before i fly, is this normal?"
	if len(q) != 60 {
		b.Fatalf("question has %d characters, want 60", len(q))
	}
	if m := base.Search(q, "en"); len(m) == 0 || m[0].TopicID != "recruitment_fees" {
		b.Fatalf("Search(%q) = %+v", q, m)
	}
	b.ReportAllocs()
	for b.Loop() {
		base.Search(q, "en")
	}
}

// BenchmarkSearch24Locales searches a knowledge base where every one of the 24 locales holds the whole English text:
// the size of a full translation, and a worst case for the index, since every word then occurs in every locale.
func BenchmarkSearch24Locales(b *testing.B) {
	fsys := fstest.MapFS{}
	st, _ := Files.ReadFile("topics.yaml")
	en, _ := Files.ReadFile("text/en.yaml")
	fsys["topics.yaml"] = &fstest.MapFile{Data: st}
	for _, loc := range locales {
		data := strings.Replace(string(en), "locale: en", "locale: "+loc, 1)
		fsys["text/"+loc+".yaml"] = &fstest.MapFile{Data: []byte(data)}
	}
	base, err := Load(fsys)
	if err != nil {
		b.Fatal(err)
	}
	q := "my agent wants a placement fee before i fly, is this normal?"
	if m := base.Search(q, "en"); len(m) == 0 || m[0].TopicID != "recruitment_fees" {
		b.Fatalf("Search(%q) = %+v", q, m)
	}
	b.ReportAllocs()
	for b.Loop() {
		base.Search(q, "en")
	}
}

// TestSearchConcurrent runs searches from several goroutines; run it with -race.
func TestSearchConcurrent(t *testing.T) {
	b := loadEmbedded(t)
	queries := []string{"agent fee?", "my boss took my passport", "พาสปอร์ต", "hello", "they force me to scam people"}
	want := make([][]Match, len(queries))
	for i, q := range queries {
		want[i] = b.Search(q, "en")
	}
	done := make(chan error)
	for g := range 8 {
		go func() {
			for n := range 200 {
				i := (g + n) % len(queries)
				if got := b.Search(queries[i], "en"); !slices.Equal(got, want[i]) {
					done <- fmt.Errorf("Search(%q) = %+v, want %+v", queries[i], got, want[i])
					return
				}
			}
			done <- nil
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// BenchmarkLoad measures parsing, validating and indexing the embedded knowledge base (done once at start-up).
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(Files); err != nil {
			b.Fatal(err)
		}
	}
}
