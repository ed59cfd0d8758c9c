package bot

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/safepassage/safepassage/content/screener"
	"github.com/safepassage/safepassage/store"
)

// Offer screening.
const (
	prefixQuestion = "q:" // q:<check number>:<question id>:y|n|s — an answer to a follow-up question
	minOfferRunes  = 30   // shorter than this, a text sent as an offer is asked for again
	longText       = 200  // a typed text this long is taken for an offer, not a question
	maxQuestions   = 5    // follow-up questions asked at most
	maxEvidence    = 3    // quoted spans shown per flag
	maxExplained   = 4    // flags explained in full; the others are listed by title
)

// checkState is what the engine keeps between the follow-up questions of one check: the verdict without its
// evidence (the offer's words are never stored), and the questions still to ask.
type checkState struct {
	N      int             `json:"n"` // the user's check number, in its buttons: an old check's buttons do not apply
	Report screener.Report `json:"report"`
	Asked  int             `json:"asked"`
	Total  int             `json:"total"` // questions to ask, fixed when the check starts
	// Skipped are the questions the user skipped: a later answer recomputes the questions, and must not bring them back.
	Skipped []string `json:"skipped,omitempty"`
	Lang    string   `json:"lang"` // the offer's language, for statistics
}

// offerLike reports whether a typed text should go to the screener rather than to the knowledge base: it was
// forwarded, sent as a photo's or document's caption, sent after "Check a job offer", or is long; or it is not a
// question and carries two red flags or more.
func (c *conv) offerLike(text string) bool {
	m := c.msg
	if m.Forwarded || m.Media == MediaPhoto || m.Media == MediaDoc || c.state.Step == stepAwaitOffer {
		return true
	}
	if utf8.RuneCountInString(text) >= longText {
		return true
	}
	if strings.ContainsAny(text, "?？؟") {
		return false
	}
	return len(c.screen(text).Flags) >= 2
}

// screen runs the screener on the message's text once per message.
func (c *conv) screen(text string) screener.Report {
	if c.report == nil {
		r := c.lib.Screener.Check(text)
		c.report = &r
	}
	return *c.report
}

// check screens an offer and explains the verdict in the user's language, then asks the first follow-up question.
func (c *conv) check(text string) []Reply {
	if utf8.RuneCountInString(text) < minOfferRunes {
		c.state.Step = stepAwaitOffer
		return []Reply{{Text: c.t("check_too_short"), Kind: KindPrompt}}
	}
	c.state.Step = stepNone
	r := c.screen(text)
	offerLang, _ := c.textLang()
	if err := c.store.RecordScreening(c.ctx, store.Screening{Lang: offerLang, Risk: r.Risk, Flags: flagIDs(r)}); err != nil {
		c.log.ErrorContext(c.ctx, "record screening", "err", err)
	}
	replies := []Reply{{Text: c.verdict(r, true), Kind: KindCheck, Ref: r.Risk}}
	c.state.Checks++
	c.state.Check = &checkState{N: c.state.Checks, Report: withoutEvidence(r), Lang: offerLang,
		Total: min(len(r.Questions), maxQuestions)}
	return append(replies, c.nextQuestion()...)
}

// verdict is the text of a report in the conversation's language.
func (c *conv) verdict(r screener.Report, evidence bool) string {
	return c.Verdict(c.lang, r, evidence)
}

// Verdict is the text of a report in locale: the risk summary, then each flag with why it matters, what to do and
// (with evidence) the words of the offer that showed it, the most severe first.
func (e *Engine) Verdict(locale string, r screener.Report, evidence bool) string {
	c := &conv{Engine: e, lang: locale}
	var b strings.Builder
	summary, _ := c.lib.Screener.Summary(c.lang, r.Risk)
	b.WriteString(riskIcon(r.Risk) + " " + summary)
	if len(r.Flags) == 0 {
		b.WriteString("\n\n" + c.t("check_none"))
	} else {
		b.WriteString("\n\n" + c.cat.Plural(c.lang, "check_found", len(r.Flags), nil))
	}
	for i, f := range bySeverity(r.Flags) {
		t, ok := c.lib.Screener.Text(c.lang, f.ID)
		if !ok {
			continue
		}
		if i >= maxExplained { // the rest by title only: a long message is not read to the end
			if i == maxExplained {
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "\n⚠️ %s", t.Title)
			continue
		}
		fmt.Fprintf(&b, "\n\n⚠️ %s\n%s", t.Title, t.Why)
		if t.Advice != "" {
			fmt.Fprintf(&b, "\n👉 %s", t.Advice)
		}
		if evidence && len(f.Evidence) > 0 {
			ev := f.Evidence
			if len(ev) > maxEvidence {
				ev = ev[:maxEvidence]
			}
			quoted := make([]string, len(ev))
			for i, e := range ev {
				quoted[i] = "«" + e + "»"
			}
			b.WriteString("\n" + c.td("check_evidence", map[string]any{"Evidence": strings.Join(quoted, ", ")}))
		}
	}
	for _, p := range r.Positives {
		if t, ok := c.lib.Screener.Text(c.lang, p.ID); ok {
			fmt.Fprintf(&b, "\n\n✅ %s\n%s", t.Title, t.Why)
		}
	}
	return b.String()
}

// nextQuestion asks the next follow-up question of the check in progress, or closes the check.
func (c *conv) nextQuestion() []Reply {
	cs := c.state.Check
	if cs == nil {
		return nil
	}
	for _, q := range cs.Report.Questions {
		if _, answered := cs.Report.Answers[q]; answered || slices.Contains(cs.Skipped, q) || cs.Asked >= maxQuestions {
			continue
		}
		text, ok := c.lib.Screener.Question(c.lang, q)
		if !ok {
			continue
		}
		cs.Asked++
		head := c.td("check_question", map[string]any{"Number": cs.Asked, "Total": max(cs.Total, cs.Asked)})
		data := fmt.Sprintf("%s%d:%s:", prefixQuestion, cs.N, q)
		return []Reply{{Text: head + "\n" + text, Kind: KindCheck, Ref: q, Buttons: [][]Button{{
			{Label: c.t("button_yes"), Data: data + "y"},
			{Label: c.t("button_no"), Data: data + "n"},
			{Label: c.t("button_skip"), Data: data + "s"},
		}}}}
	}
	c.state.Check = nil
	return []Reply{{Text: c.t("check_done"), Kind: KindCheck, Buttons: [][]Button{
		{{Label: c.t("button_check"), Data: dataCheck}},
	}}}
}

// answer takes the answer to a follow-up question, updates the verdict and asks the next question.
func (c *conv) answer(data string) []Reply {
	n, q, a, _ := parseAnswer(data)
	cs := c.state.Check
	if cs != nil && cs.N == n {
		if _, answered := cs.Report.Answers[q]; answered || slices.Contains(cs.Skipped, q) {
			return c.nextQuestion() // a second tap on the same question: carry on where the check is
		}
	}
	if cs == nil || cs.N != n || !slices.Contains(cs.Report.Questions, q) {
		// A question of an earlier check: nothing to update.
		return append([]Reply{{Text: c.t("button_expired"), Kind: KindPrompt}}, c.menu()...)
	}
	var replies []Reply
	if a == "y" || a == "n" {
		before := cs.Report.Risk
		cs.Report = c.lib.Screener.Answer(cs.Report, q, a == "y")
		text := c.t("check_updated")
		if cs.Report.Risk != before {
			text += "\n\n" + c.verdict(cs.Report, false)
		}
		replies = append(replies, Reply{Text: text, Kind: KindCheck, Ref: cs.Report.Risk})
	} else {
		// Skipped: remember it, without an answer that would change the verdict.
		cs.Skipped = append(cs.Skipped, q)
	}
	return append(replies, c.nextQuestion()...)
}

// knownQuestionButton reports whether data is an answer button for a question the screener has.
func (e *Engine) knownQuestionButton(data string) bool {
	_, q, _, ok := parseAnswer(data)
	return ok && slices.Contains(e.lib.Screener.QuestionIDs(), q)
}

// parseAnswer splits the data of an answer button, q:<check number>:<question id>:<y|n|s>.
func parseAnswer(data string) (n int, question, answer string, ok bool) {
	rest, found := strings.CutPrefix(data, prefixQuestion)
	parts := strings.Split(rest, ":")
	if !found || len(parts) != 3 {
		return 0, "", "", false
	}
	n, err := strconv.Atoi(parts[0])
	if err != nil || n < 1 {
		return 0, "", "", false
	}
	switch parts[2] {
	case "y", "n", "s":
		return n, parts[1], parts[2], true
	}
	return 0, "", "", false
}

// bySeverity orders flags from the most to the least severe, keeping the screener's order within a severity.
func bySeverity(flags []screener.Finding) []screener.Finding {
	rank := map[string]int{"CRITICAL": 0, "HIGH": 1, "MEDIUM": 2, "LOW": 3}
	out := slices.Clone(flags)
	slices.SortStableFunc(out, func(a, b screener.Finding) int { return rank[a.Severity] - rank[b.Severity] })
	return out
}

func riskIcon(risk string) string {
	switch risk {
	case screener.RiskHigh:
		return "🔴"
	case screener.RiskMedium:
		return "🟠"
	}
	return "🟢"
}

func flagIDs(r screener.Report) []string {
	ids := make([]string, len(r.Flags))
	for i, f := range r.Flags {
		ids[i] = f.ID
	}
	return ids
}

// withoutEvidence strips the offer's words from a report before it is stored.
func withoutEvidence(r screener.Report) screener.Report {
	strip := func(fs []screener.Finding) []screener.Finding {
		out := make([]screener.Finding, len(fs))
		for i, f := range fs {
			out[i] = screener.Finding{ID: f.ID, Severity: f.Severity}
		}
		return out
	}
	r.Flags = strip(r.Flags)
	r.Positives = strip(r.Positives)
	return r
}
