package bot_test

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/safepassage/safepassage/bot/chattest"
	"github.com/safepassage/safepassage/locales"
)

// TestOfferExplainedInAnotherLanguage screens the screener's own test offers, one scam per offer language, and
// explains each in every locale whose red-flag texts are translated: the verdict must be that locale's risk summary
// and flag titles, never English ones (an offer in Thai explained in Burmese, one in English in Amharic).
func TestOfferExplainedInAnotherLanguage(t *testing.T) {
	env := chattest.NewEnv(t)
	f, err := os.Open("../content/screener/testdata/cases.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	offers := map[string]string{"en": chattest.ScamOffer}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var c struct{ Label, Lang, Text string }
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		if _, seen := offers[c.Lang]; c.Label == "scam" && !seen {
			offers[c.Lang] = c.Text
		}
	}
	cov := env.Library.Screener.Locales()
	pairs, explained := 0, map[string]bool{}
	for _, to := range locales.Supported {
		if c := cov[to]; to != "en" && (!c.HasFile || c.Strings < c.Total) {
			t.Logf("%s: red-flag texts not translated yet (%d/%d); not tested", to, c.Strings, c.Total)
			continue
		}
		explained[to] = true
		for from, offer := range offers {
			r := env.Library.Screener.Check(offer)
			if len(r.Flags) == 0 {
				t.Errorf("offer in %s: no flag found", from)
				continue
			}
			v := env.Engine.Verdict(to, r, true)
			summary, _ := env.Library.Screener.Summary(to, r.Risk)
			if !strings.Contains(v, summary) {
				t.Errorf("%s offer explained in %s: no %s summary", from, to, to)
			}
			for _, fl := range r.Flags {
				title, _ := env.Library.Screener.Text(to, fl.ID)
				if !strings.Contains(v, title.Title) {
					t.Errorf("%s offer explained in %s: flag %s title %q missing", from, to, fl.ID, title.Title)
				}
				if en, _ := env.Library.Screener.Text("en", fl.ID); to != "en" && en.Title != title.Title && strings.Contains(v, en.Title) {
					t.Errorf("%s offer explained in %s: English title %q in the verdict", from, to, en.Title)
				}
			}
			if re, ok := chattest.Scripts[to]; ok && !re.MatchString(v) {
				t.Errorf("%s offer explained in %s: not in %s script", from, to, to)
			}
			pairs++
		}
	}
	t.Logf("%d offer languages × %d explanation locales = %d pairs checked", len(offers), len(explained), pairs)
}
