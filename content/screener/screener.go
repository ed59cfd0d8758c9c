// Package screener checks a job offer or a recruiter chat for the red flags of recruitment into scam compounds and
// forced labour, and says how risky it looks.
//
// The rules are data (data/rules/*.yaml, one entry per flag of the research's red-flag checklist, section A), as are
// the positive checks that lower the risk (data/positives.yaml, section E), the follow-up questions
// (data/questions.yaml), the salary ranges (data/salary.yaml), the negation cues (data/negation.yaml) and the
// sources every rule cites (data/sources.yaml). The words the user reads are in text/<locale>.yaml, English being
// the fallback. Files embeds all of it; Load validates it and builds one Aho-Corasick automaton over every phrase
// of every language, so a message that mixes languages is matched in one pass.
//
// Text is folded (textnorm.FoldMap) and unmasked (look-alike letters, leetspeak, spaced-out letters) before
// matching; evidence is always cut from the original text. A Report holds no user text but the evidence, and
// nothing here logs.
//
// It imports only content/textnorm of the program's own packages, and must not import bot, store, locales or cmd.
package screener

import (
	"embed"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/safepassage/safepassage/content/textnorm"
)

// Files holds the rules, positive checks, questions, salary ranges, sources and texts.
//
//go:embed data text
var Files embed.FS

// MaxInput is the number of bytes of a text that Check reads; the rest is ignored. A forwarded offer or a chat
// excerpt is far shorter (a Telegram message holds at most 4096 characters).
const MaxInput = 64 << 10

// Report is the verdict on one text. It is small and can be stored as JSON; only Risk and the flag ids need to be
// kept, never the evidence.
type Report struct {
	Risk      string    `json:"risk"` // high, medium or low
	Score     float64   `json:"score"`
	Flags     []Finding `json:"flags"`
	Positives []Finding `json:"positives,omitempty"`
	Questions []string  `json:"questions,omitempty"` // ids of follow-up questions to ask, most useful first
	// Answers holds the follow-up questions answered so far (id → yes), so that Answer can be called on a Report
	// read back from storage.
	Answers map[string]bool `json:"answers,omitempty"`
}

// Finding is one red flag or positive check found, with the words of the original text that showed it. Evidence is
// empty when the user's answer to a follow-up question showed it.
type Finding struct {
	ID       string   `json:"id"`
	Severity string   `json:"severity,omitempty"` // empty for positive checks
	Evidence []string `json:"evidence"`
}

// Risk levels, from the research's scoring rule.
const (
	RiskHigh   = "high"
	RiskMedium = "medium"
	RiskLow    = "low"
)

var riskLevels = []string{RiskHigh, RiskMedium, RiskLow}

// Rule describes a red flag for display and lint: its severity, escalations, ILO indicators and sources.
type Rule struct {
	ID        string
	Section   string // money, offer, channel, travel, places
	Severity  string
	Escalate  []Escalation
	ILO       []string // ids of data/ilo.yaml
	ILONote   string   // why there is no ILO indicator, when there is none
	Sources   []Source
	Negatable bool
	Note      string
	Langs     []string // locales with patterns
}

// Escalation raises a flag's severity when one of the With flags is also found. One with only a Condition cannot be
// seen in the text (for example a deployment ban for the worker's country) and is kept for the explanation.
type Escalation struct {
	To        string
	With      []string
	Condition string
}

// Source is a reference from the research's source list.
type Source struct {
	Key   string
	Title string
	URLs  []string
	Note  string
}

type rule struct {
	Rule
	sev    int
	groups []int
}

type positive struct {
	ID      string
	Check   int // number of the check in the research's section E
	Note    string
	Sources []Source
	groups  []int
}

// group is one language's phrases for a flag or a positive check.
type group struct {
	owner     int // index in rules or positives
	positive  bool
	lang      string
	verified  bool
	sev       int // overrides the rule's severity when set
	negatable bool
	phrases   []string
	near      []string // when set, a phrase counts only with one of these within window bytes
	window    int
}

type question struct {
	ID           string
	ILO          []string
	shows, askIf []string
	yes, no      effect
}

// Screener checks texts against the loaded rules. It is immutable and safe for concurrent use.
type Screener struct {
	rules     []rule
	positives []positive
	groups    []group
	questions []question
	ruleIndex map[string]int
	posIndex  map[string]int
	qIndex    map[string]int
	sources   map[string]Source
	ilo       map[string]string
	negCues   []string
	salary    *salaryRules
	texts     map[string]*textFile
	m         *matcher
}

// MaxQuestions is the most follow-up questions a Report asks.
const MaxQuestions = 5

const maxEvidence = 3       // per finding
const maxEvidenceBytes = 96 // per excerpt
const negationWindow = 40   // bytes before a phrase in which a negation cue cancels it
const maxPhraseBytes = 240  // longest phrase, folded
const maxHits = 4096        // matches read from one text; a text that repeats a phrase thousands of times gains nothing

// compile builds the automaton from the validated data.
func (s *Screener) compile() error {
	b := &matcherBuilder{index: map[string]int{}}
	for gi, g := range s.groups {
		for _, p := range g.phrases {
			b.add(p, ref{refPhrase, int32(gi)})
		}
		for _, p := range g.near {
			b.add(p, ref{refNear, int32(gi)})
		}
	}
	for _, c := range s.negCues {
		b.add(c, ref{kind: refNeg})
	}
	s.salary.addPatterns(b)
	s.m = b.build()
	return nil
}

// acc gathers what the text showed for one flag or positive check.
type acc struct {
	sev   int
	spans [][2]int32 // in the unmasked text
}

// Check screens a text. It never fails: an empty or unreadable text gives a low-risk report with questions.
func (s *Screener) Check(text string) Report {
	if len(text) > MaxInput {
		cut := MaxInput
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	fm := textnorm.FoldMap(text)
	um := fm.Unmask()
	ub := um.Bytes()
	hits := s.m.scan(um, make([]hit, 0, 32))

	// scan returns hits in order of their end offset, so negEnds is sorted.
	var negEnds []int32
	var hub, high, cue bool
	for _, h := range hits {
		for _, r := range s.m.patterns[h.pat].refs {
			switch r.kind {
			case refNeg:
				negEnds = append(negEnds, h.end)
			case refHub:
				hub = true
			case refHigh:
				high = true
			case refCue:
				cue = true
			}
		}
	}
	flags := map[int]*acc{}
	pos := map[int]*acc{}
	for _, h := range hits {
		for _, r := range s.m.patterns[h.pat].refs {
			if r.kind != refPhrase {
				continue
			}
			g := &s.groups[r.idx]
			if g.negatable && negated(ub, negEnds, int(h.start)) {
				continue
			}
			span := [2]int32{h.start, h.end}
			if len(g.near) > 0 {
				var ok bool
				if span, ok = s.nearby(ub, hits, r.idx, h, g.window); !ok {
					continue
				}
			}
			into := flags
			sev := g.sev
			if g.positive {
				into = pos
			} else if sev == 0 {
				sev = s.rules[g.owner].sev
			}
			a := into[g.owner]
			if a == nil {
				a = &acc{}
				into[g.owner] = a
			}
			a.sev = max(a.sev, sev)
			a.spans = append(a.spans, span)
		}
	}

	rep := Report{}
	for ri, a := range flags {
		rep.Flags = append(rep.Flags, Finding{ID: s.rules[ri].ID, Severity: severityNames[a.sev],
			Evidence: evidence(um, a.spans)})
	}
	if sal, ok := s.salary.judge(um, hub || s.salary.hubFlagged(rep.Flags), high, cue || s.salary.lowSkill(rep.Flags)); ok {
		rep.Flags = s.addSalaryFinding(rep.Flags, sal)
	}
	for pi, a := range pos {
		rep.Positives = append(rep.Positives, Finding{ID: s.positives[pi].ID, Evidence: evidence(um, a.spans)})
	}
	s.finish(&rep)
	return rep
}

// nearby looks for a phrase that group gi needs within window bytes of h, in the same clause; it returns the span
// covering both. hits are sorted by end offset.
func (s *Screener) nearby(text []byte, hits []hit, gi int32, h hit, window int) ([2]int32, bool) {
	best, found := [2]int32{}, false
	from := sort.Search(len(hits), func(i int) bool { return hits[i].end >= h.start-int32(window) })
	for _, o := range hits[from:] {
		if o.end > h.end+int32(window+maxPhraseBytes) {
			break
		}
		if o.start == h.start && o.end == h.end {
			continue
		}
		near := false
		for _, r := range s.m.patterns[o.pat].refs {
			if r.kind == refNear && r.idx == gi {
				near = true
				break
			}
		}
		if !near {
			continue
		}
		if o.start >= h.end+int32(window) || h.start >= o.end+int32(window) {
			continue
		}
		if !sameClause(text, int(min(h.end, o.end)), int(max(h.start, o.start))) {
			continue
		}
		span := [2]int32{min(h.start, o.start), max(h.end, o.end)}
		if !found || span[1]-span[0] < best[1]-best[0] {
			best, found = span, true
		}
	}
	return best, found
}

// negated reports whether a negation cue ends shortly before start, in the same clause: "no placement fee", "we
// never ask for your passport", "không mất phí". negEnds is sorted; only the closest cue before start can qualify,
// since any clause break or distance that rules it out rules out the earlier ones too.
func negated(text []byte, negEnds []int32, start int) bool {
	i := sort.Search(len(negEnds), func(i int) bool { return int(negEnds[i]) > start }) - 1
	if i < 0 {
		return false
	}
	e := int(negEnds[i])
	return start-e <= negationWindow && sameClause(text, e, start)
}

// evidence cuts the original words behind spans, in text order, without repeats.
func evidence(um *textnorm.Mapped, spans [][2]int32) []string {
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	// Overlapping matches ("no experience", "no experience needed") become one excerpt.
	merged := spans[:0]
	for _, sp := range spans {
		if n := len(merged); n > 0 && sp[0] < merged[n-1][1] {
			merged[n-1][1] = max(merged[n-1][1], sp[1])
			continue
		}
		merged = append(merged, sp)
	}
	out := []string{}
	for _, sp := range merged {
		e := strings.TrimSpace(um.Excerpt(int(sp[0]), int(sp[1])))
		if len(e) > maxEvidenceBytes {
			cut := maxEvidenceBytes
			for cut > 0 && !utf8.RuneStart(e[cut]) {
				cut--
			}
			e = e[:cut] + "…"
		}
		if e == "" || slices.Contains(out, e) {
			continue
		}
		out = append(out, e)
		if len(out) == maxEvidence {
			break
		}
	}
	return out
}

// finish escalates, orders, scores and picks the questions; Check and Answer share it.
func (s *Screener) finish(r *Report) {
	s.escalate(r.Flags)
	sort.SliceStable(r.Flags, func(i, j int) bool {
		a, b := r.Flags[i], r.Flags[j]
		if sa, sb := severities[a.Severity], severities[b.Severity]; sa != sb {
			return sa > sb
		}
		return s.ruleIndex[a.ID] < s.ruleIndex[b.ID]
	})
	sort.SliceStable(r.Positives, func(i, j int) bool {
		return s.posIndex[r.Positives[i].ID] < s.posIndex[r.Positives[j].ID]
	})
	if r.Flags == nil {
		r.Flags = []Finding{}
	}
	r.Risk, r.Score = score(r.Flags, len(r.Positives))
	r.Questions = s.pickQuestions(r)
}

// escalate applies the data's combination rules ("free flights" is HIGH with a hotspot) until nothing changes.
// Severities only go up, so applying it again after an answer adds a flag is safe.
func (s *Screener) escalate(flags []Finding) {
	present := map[string]bool{}
	for _, f := range flags {
		present[f.ID] = true
	}
	for changed := true; changed; {
		changed = false
		for i := range flags {
			ri, ok := s.ruleIndex[flags[i].ID]
			if !ok {
				continue
			}
			for _, e := range s.rules[ri].Escalate {
				if severities[e.To] <= severities[flags[i].Severity] {
					continue
				}
				for _, w := range e.With {
					if present[w] {
						flags[i].Severity = e.To
						changed = true
						break
					}
				}
			}
		}
	}
}

// weights turn severities into the score: a number for sorting and trends, not a probability.
var weights = map[string]float64{"CRITICAL": 10, "HIGH": 4, "MEDIUM": 2, "LOW": 1}

const positiveWeight = 2

// score applies the research's rule (redflags.md, "Score combinations"):
//   - any CRITICAL flag → high;
//   - two or more HIGH, or one HIGH with two or more MEDIUM → high;
//   - otherwise medium if any flag.
//
// Two readings of the research are ours: a LOW flag alone (an age limit, a friend as recruiter) leaves the risk low,
// since the research calls those flags "LOW alone (raises the weight of other flags)"; next to a HIGH flag a LOW
// flag counts as a MEDIUM one. Positive checks (section E) lower the risk one step, never below medium while a HIGH
// flag stands and never at all with a CRITICAL flag: high needs two positive checks to become medium; medium becomes
// low when there is no HIGH flag and at least as many positive checks as MEDIUM flags.
func score(flags []Finding, positives int) (string, float64) {
	var crit, high, medium, low int
	total := 0.0
	for _, f := range flags {
		total += weights[f.Severity]
		switch f.Severity {
		case "CRITICAL":
			crit++
		case "HIGH":
			high++
		case "MEDIUM":
			medium++
		case "LOW":
			low++
		}
	}
	total = max(0, total-positiveWeight*float64(positives))
	risk := RiskLow
	switch {
	case crit > 0:
		return RiskHigh, total
	case high >= 2 || (high == 1 && medium+low >= 2):
		risk = RiskHigh
	case high+medium > 0:
		risk = RiskMedium
	}
	switch {
	case risk == RiskHigh && positives >= 2:
		risk = RiskMedium
	case risk == RiskMedium && high == 0 && positives >= medium:
		risk = RiskLow
	}
	return risk, total
}

// pickQuestions chooses up to MaxQuestions follow-up questions, in the data's order of usefulness, skipping those
// already answered and those whose flag or positive check the text already showed.
func (s *Screener) pickQuestions(r *Report) []string {
	present := map[string]bool{}
	for _, f := range r.Flags {
		present[f.ID] = true
	}
	for _, p := range r.Positives {
		present[p.ID] = true
	}
	var out []string
	for _, q := range s.questions {
		if _, done := r.Answers[q.ID]; done {
			continue
		}
		if slices.ContainsFunc(q.shows, func(id string) bool { return present[id] }) {
			continue
		}
		if len(q.askIf) > 0 && !slices.ContainsFunc(q.askIf, func(id string) bool { return present[id] }) {
			continue
		}
		out = append(out, q.ID)
		if len(out) == MaxQuestions {
			break
		}
	}
	return out
}

// Answer records the user's answer to a follow-up question and returns the report scored again. An unknown or
// already answered question leaves the report as it was. r is not modified.
func (s *Screener) Answer(r Report, questionID string, yes bool) Report {
	qi, ok := s.qIndex[questionID]
	if !ok {
		return r
	}
	if _, done := r.Answers[questionID]; done {
		return r
	}
	out := Report{
		Flags:     slices.Clone(r.Flags),
		Positives: slices.Clone(r.Positives),
		Answers:   map[string]bool{questionID: yes},
	}
	for k, v := range r.Answers {
		out.Answers[k] = v
	}
	q := s.questions[qi]
	e := q.no
	if yes {
		e = q.yes
	}
	if e.Flag != "" && !slices.ContainsFunc(out.Flags, func(f Finding) bool { return f.ID == e.Flag }) {
		out.Flags = append(out.Flags, Finding{ID: e.Flag, Severity: s.rules[s.ruleIndex[e.Flag]].Severity,
			Evidence: []string{}})
	}
	if e.Positive != "" && !slices.ContainsFunc(out.Positives, func(f Finding) bool { return f.ID == e.Positive }) {
		out.Positives = append(out.Positives, Finding{ID: e.Positive, Evidence: []string{}})
	}
	s.finish(&out)
	return out
}

// Rule returns the description of a red flag.
func (s *Screener) Rule(id string) (Rule, bool) {
	i, ok := s.ruleIndex[id]
	if !ok {
		return Rule{}, false
	}
	return s.rules[i].Rule, true
}

// FlagIDs returns the ids of all red flags, in the data's order.
func (s *Screener) FlagIDs() []string {
	out := make([]string, len(s.rules))
	for i, r := range s.rules {
		out[i] = r.ID
	}
	return out
}

// QuestionIDs returns the ids of all follow-up questions, most useful first.
func (s *Screener) QuestionIDs() []string {
	out := make([]string, len(s.questions))
	for i, q := range s.questions {
		out[i] = q.ID
	}
	return out
}
