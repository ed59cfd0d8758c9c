package screener

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The goal for the screener: recall of at least 90% on scams with at most 10% false positives on legit
// offers. A scam counts as caught, and a legit offer as a false positive, when the risk is medium or high: both
// mean the bot warns. The same numbers for "high" alone are logged too.
const (
	minRecall = 0.90
	maxFPR    = 0.10
)

type labelled struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Lang  string `json:"lang"`
	Text  string `json:"text"`
	Notes string `json:"notes"`
}

func readCases(t *testing.T, path string) []labelled {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c labelled
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s line %d: %v", path, n, err)
		}
		if c.Label != "scam" && c.Label != "legit" {
			t.Fatalf("%s line %d: label %q", path, n, c.Label)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// researchCases finds ../shared/research/cases-dev.jsonl next to the repository root (the directory with go.mod).
func researchCases(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("repository root (go.mod) not found")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "research", "cases-dev.jsonl")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("research cases not available (%s): %v; the recall/false-positive check needs them", p, err)
	}
	return p
}

type tally struct{ scams, caught, caughtHigh, legit, falsePos, falsePosHigh int }

func (a *tally) add(c labelled, risk string) {
	warned := risk == RiskHigh || risk == RiskMedium
	if c.Label == "scam" {
		a.scams++
		if warned {
			a.caught++
		}
		if risk == RiskHigh {
			a.caughtHigh++
		}
		return
	}
	a.legit++
	if warned {
		a.falsePos++
	}
	if risk == RiskHigh {
		a.falsePosHigh++
	}
}

func ratio(n, d int) string {
	if d == 0 {
		return "  n/a"
	}
	return fmt.Sprintf("%4.0f%%", 100*float64(n)/float64(d))
}

// evaluate screens every case, logs recall and false-positive rate per language, and returns the totals.
// DISTRESS rows (a person already in danger) belong to the distress detector: they are left out of the totals and
// reported on their own.
func evaluate(t *testing.T, cases []labelled) tally {
	s := load(t)
	per := map[string]*tally{}
	var total tally
	var distress []string
	for _, c := range cases {
		r := s.Check(c.Text)
		if strings.Contains(c.Notes, "DISTRESS") {
			distress = append(distress, fmt.Sprintf("%s→%s", c.ID, r.Risk))
			continue
		}
		if per[c.Lang] == nil {
			per[c.Lang] = &tally{}
		}
		per[c.Lang].add(c, r.Risk)
		total.add(c, r.Risk)
		if warned := r.Risk != RiskLow; warned != (c.Label == "scam") {
			t.Logf("miss: %s (%s) risk %s flags %v positives %v", c.ID, c.Label, r.Risk, ids(r.Flags), ids(r.Positives))
		}
	}
	langs := make([]string, 0, len(per))
	for l := range per {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	t.Logf("%-8s %6s %7s %7s %6s %5s %7s", "lang", "scams", "recall", "r@high", "legit", "FPR", "FP@high")
	for _, l := range append(langs, "ALL") {
		a := &total
		if l != "ALL" {
			a = per[l]
		}
		t.Logf("%-8s %6d %7s %7s %6d %5s %7s", l, a.scams, ratio(a.caught, a.scams), ratio(a.caughtHigh, a.scams),
			a.legit, ratio(a.falsePos, a.legit), ratio(a.falsePosHigh, a.legit))
	}
	if len(distress) > 0 {
		t.Logf("DISTRESS rows, not counted (the distress detector's job): %s", strings.Join(distress, ", "))
	}
	return total
}

func assertGoal(t *testing.T, a tally) {
	t.Helper()
	if a.scams == 0 || a.legit == 0 {
		t.Fatalf("need both scams and legit offers, have %d and %d", a.scams, a.legit)
	}
	if r := float64(a.caught) / float64(a.scams); r < minRecall {
		t.Errorf("recall %.3f (%d/%d), want at least %.2f", r, a.caught, a.scams, minRecall)
	}
	if f := float64(a.falsePos) / float64(a.legit); f > maxFPR {
		t.Errorf("false-positive rate %.3f (%d/%d), want at most %.2f", f, a.falsePos, a.legit, maxFPR)
	}
}

// TestResearchCases measures the screener on the research's labelled cases, read at run time and never copied
// into the repository.
func TestResearchCases(t *testing.T) {
	assertGoal(t, evaluate(t, readCases(t, researchCases(t))))
}

// TestOwnCases measures it on testdata/cases.jsonl: offers written for this test in languages the research has
// few or no cases for. They were written by the same author as the patterns, so they show that the patterns work
// in those languages, not how well they do on real offers.
func TestOwnCases(t *testing.T) {
	cases := readCases(t, filepath.Join("testdata", "cases.jsonl"))
	langs := map[string]bool{}
	for _, c := range cases {
		langs[c.Lang] = true
	}
	for _, l := range []string{"th", "my", "vi", "id", "tl", "zh-Hans", "km", "es", "fr", "ar"} {
		if !langs[l] {
			t.Errorf("no own cases in %s", l)
		}
	}
	assertGoal(t, evaluate(t, cases))
}
