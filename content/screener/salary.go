package screener

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	ahocorasick "github.com/BobuSumisu/aho-corasick"

	"github.com/safepassage/safepassage/content/textnorm"
)

// The salary check: find amounts of money with a currency and a pay period, turn them into US dollars a month, and
// flag pay above the threshold of data/salary.yaml for low-skill work where that threshold applies.

type salaryFile struct {
	ThresholdUSDPerMonth float64             `yaml:"threshold_usd_per_month"`
	Rationale            string              `yaml:"rationale"`
	Sources              []string            `yaml:"sources"`
	PerMonth             map[string]float64  `yaml:"per_month"`
	Judge                map[string][]string `yaml:"judge"`
	LowSkillFlags        []string            `yaml:"low_skill_flags"`
	LowSkillCues         []groupYAML         `yaml:"low_skill_cues"`
	HubFlags             []string            `yaml:"hub_flags"`
	Places               struct {
		Note     string      `yaml:"note"`
		Hub      []groupYAML `yaml:"hub"`
		HighWage []groupYAML `yaml:"high_wage"`
	} `yaml:"places"`
	Currencies []struct {
		Code      string   `yaml:"code"`
		PerUSD    float64  `yaml:"per_usd"`
		Source    string   `yaml:"source"`
		Note      string   `yaml:"note"`
		Aliases   []string `yaml:"aliases"`
		AfterOnly []string `yaml:"after_only"`
	} `yaml:"currencies"`
	Multipliers []struct {
		Value float64  `yaml:"value"`
		Words []string `yaml:"words"`
		// Implies is the currency a word means when none is written ("30 triệu" is in dong).
		Implies string `yaml:"implies"`
	} `yaml:"multipliers"`
	Periods map[string]struct {
		After  []string `yaml:"after"`
		Before []string `yaml:"before"`
	} `yaml:"periods"`
	SalaryWords     []string `yaml:"salary_words"`
	RangeConnectors []string `yaml:"range_connectors"`
	// DollarSignLocal lists words that show a bare "$" is a local peso or dollar, not the US dollar.
	DollarSignLocal []string `yaml:"dollar_sign_local"`
}

// The places an offer may name, for the salary check.
const (
	placeUnknown = "unknown"
	placeHub     = "hub"
	placeHigh    = "high_wage"
)

// periodNone is an amount with no period next to a salary word: taken as monthly, the way offers in the research
// quote pay.
const periodNone = "none"

type vocabKind uint8

const (
	vCurrency vocabKind = iota
	vCurrencyAfter
	vMultiplier
	vPeriodAfter
	vPeriodBefore
	vSalaryWord
	vDollarLocal
)

type vocab struct {
	kind  vocabKind
	cur   int     // currency index; for a multiplier, the currency it implies or -1
	value float64 // multiplier
	per   string  // period
}

type vocabPattern struct {
	text        string
	left, right bool
	entries     []vocab
}

type salaryRules struct {
	threshold     float64
	perMonth      map[string]float64
	judgeBy       map[string]map[string]bool
	lowSkillFlags []string
	hubFlags      []string
	cueGroups     []groupYAML
	hubGroups     []groupYAML
	highGroups    []groupYAML
	currencies    []currency
	trie          *ahocorasick.Trie
	vocab         []vocabPattern
	byText        [][]int
	rangeWords    []string
}

type currency struct {
	code   string
	perUSD float64
}

func (l *loader) loadSalary() {
	const name = "data/salary.yaml"
	var f salaryFile
	if !l.read(name, &f) {
		return
	}
	sr := &salaryRules{threshold: f.ThresholdUSDPerMonth, perMonth: f.PerMonth, judgeBy: map[string]map[string]bool{},
		lowSkillFlags: f.LowSkillFlags, hubFlags: f.HubFlags, cueGroups: f.LowSkillCues, hubGroups: f.Places.Hub,
		highGroups: f.Places.HighWage}
	l.s.salary = sr
	if f.ThresholdUSDPerMonth <= 0 {
		l.errorf("%s: threshold_usd_per_month must be positive", name)
	}
	if strings.TrimSpace(f.Rationale) == "" {
		l.errorf("%s: a rationale is required for the threshold", name)
	}
	l.sourceList(name, f.Sources)
	periods := []string{periodNone}
	for p := range f.Periods {
		periods = append(periods, p)
		if f.PerMonth[p] <= 0 {
			l.errorf("%s: period %s: per_month factor missing", name, p)
		}
	}
	for place, ps := range f.Judge {
		if place != placeHub && place != placeUnknown && place != placeHigh {
			l.errorf("%s: judge: unknown place kind %q", name, place)
		}
		sr.judgeBy[place] = map[string]bool{}
		for _, p := range ps {
			if !slices.Contains(periods, p) {
				l.errorf("%s: judge %s: unknown period %q", name, place, p)
			}
			sr.judgeBy[place][p] = true
		}
	}
	for _, id := range append(slices.Clone(f.LowSkillFlags), f.HubFlags...) {
		if _, ok := l.s.ruleIndex[id]; !ok {
			l.errorf("%s: unknown flag %q", name, id)
		}
	}
	if _, ok := l.s.ruleIndex[tooGoodSalary]; !ok {
		l.errorf("%s: the flag %s that the salary check raises is missing from the rules", name, tooGoodSalary)
	}
	checkGroups := func(what string, gs []groupYAML) {
		for i, g := range gs {
			where := fmt.Sprintf("%s: %s[%d] (%s)", name, what, i, g.Lang)
			if !slices.Contains(locales, g.Lang) {
				l.errorf("%s: unknown locale", where)
			}
			if g.Verified == nil {
				l.errorf("%s: `verified` is required", where)
			} else if want, ok := confidences[g.Conf]; !ok || want != *g.Verified {
				l.errorf("%s: conf %q does not fit verified: %v", where, g.Conf, *g.Verified)
			}
			if g.Source != "" {
				if _, ok := l.s.sources[g.Source]; !ok {
					l.errorf("%s: unknown source %q", where, g.Source)
				}
			} else if g.Verified != nil && *g.Verified {
				l.errorf("%s: a verified group needs the source it was found in", where)
			}
			for _, p := range g.Phrases {
				if msg := checkPhrase(p); msg != "" {
					l.errorf("%s: phrase %q: %s", where, p, msg)
				}
			}
		}
	}
	checkGroups("low_skill_cues", f.LowSkillCues)
	checkGroups("places.hub", f.Places.Hub)
	checkGroups("places.high_wage", f.Places.HighWage)

	vb := map[string]int{}
	addVocab := func(word string, v vocab) {
		w := fold(word)
		if w == "" {
			l.errorf("%s: empty vocabulary word %q", name, word)
			return
		}
		first, _ := utf8.DecodeRuneInString(w)
		last, _ := utf8.DecodeLastRuneInString(w)
		vp := vocabPattern{text: w, left: unicode.IsLetter(first) && !textnorm.Unspaced(first),
			right: unicode.IsLetter(last) && !textnorm.Unspaced(last)}
		key := fmt.Sprintf("%t%t\x00%s", vp.left, vp.right, w)
		i, ok := vb[key]
		if !ok {
			i = len(sr.vocab)
			vb[key] = i
			sr.vocab = append(sr.vocab, vp)
		}
		sr.vocab[i].entries = append(sr.vocab[i].entries, v)
	}
	for ci, c := range f.Currencies {
		where := fmt.Sprintf("%s: currency %s", name, c.Code)
		if c.Code == "" || c.PerUSD <= 0 {
			l.errorf("%s: code and a positive per_usd are required", where)
		}
		if c.Source == "" && c.Note == "" {
			l.errorf("%s: give the source of the rate or a note saying where it comes from", where)
		}
		if c.Source != "" {
			if _, ok := l.s.sources[c.Source]; !ok {
				l.errorf("%s: unknown source %q", where, c.Source)
			}
		}
		if len(c.Aliases)+len(c.AfterOnly) == 0 {
			l.errorf("%s: no aliases", where)
		}
		sr.currencies = append(sr.currencies, currency{code: c.Code, perUSD: c.PerUSD})
		for _, a := range c.Aliases {
			addVocab(a, vocab{kind: vCurrency, cur: ci})
		}
		for _, a := range c.AfterOnly {
			addVocab(a, vocab{kind: vCurrencyAfter, cur: ci})
		}
	}
	for _, m := range f.Multipliers {
		if m.Value <= 1 {
			l.errorf("%s: multiplier %v must be above 1", name, m.Value)
		}
		implied := -1
		if m.Implies != "" {
			implied = slices.IndexFunc(sr.currencies, func(c currency) bool { return c.code == m.Implies })
			if implied < 0 {
				l.errorf("%s: multiplier %v implies unknown currency %q", name, m.Value, m.Implies)
			}
		}
		for _, w := range m.Words {
			addVocab(w, vocab{kind: vMultiplier, value: m.Value, cur: implied})
		}
	}
	for p, ws := range f.Periods {
		for _, w := range ws.After {
			addVocab(w, vocab{kind: vPeriodAfter, per: p})
		}
		for _, w := range ws.Before {
			addVocab(w, vocab{kind: vPeriodBefore, per: p})
		}
	}
	for _, w := range f.SalaryWords {
		addVocab(w, vocab{kind: vSalaryWord})
	}
	for _, w := range f.DollarSignLocal {
		addVocab(w, vocab{kind: vDollarLocal})
	}
	for _, w := range f.RangeConnectors {
		sr.rangeWords = append(sr.rangeWords, fold(w))
	}
	texts := map[string]int{}
	var list []string
	for _, vp := range sr.vocab {
		if _, ok := texts[vp.text]; !ok {
			texts[vp.text] = len(list)
			list = append(list, vp.text)
		}
	}
	sr.byText = make([][]int, len(list))
	for i, vp := range sr.vocab {
		t := texts[vp.text]
		sr.byText[t] = append(sr.byText[t], i)
	}
	sr.trie = ahocorasick.NewTrieBuilder().AddStrings(list).Build()
}

// tooGoodSalary is the flag the salary check raises.
const tooGoodSalary = "too_good_salary_low_skill"

// addPatterns puts the place names and low-skill cues into the main automaton.
func (sr *salaryRules) addPatterns(b *matcherBuilder) {
	for _, gs := range []struct {
		groups []groupYAML
		kind   refKind
	}{{sr.cueGroups, refCue}, {sr.hubGroups, refHub}, {sr.highGroups, refHigh}} {
		for _, g := range gs.groups {
			for _, p := range g.Phrases {
				b.add(p, ref{kind: gs.kind})
			}
		}
	}
}

func (sr *salaryRules) lowSkill(flags []Finding) bool {
	return slices.ContainsFunc(flags, func(f Finding) bool { return slices.Contains(sr.lowSkillFlags, f.ID) })
}

func (sr *salaryRules) hubFlagged(flags []Finding) bool {
	return slices.ContainsFunc(flags, func(f Finding) bool { return slices.Contains(sr.hubFlags, f.ID) })
}

// salaryFinding is the best-paid judged amount.
type salaryFinding struct {
	usdPerMonth float64
	evidence    string
}

type vhit struct {
	start, end int
	v          vocab
}

type amount struct {
	start, end int // the number, with its multiplier and currency once attached
	value      float64
	cur        int  // -1 unknown
	dollarSign bool // the currency is a bare "$"
	mult       bool
	per        string
	perEnd     int
}

// judge finds the amounts in the folded and unmasked text (so "m0nth" and "ＵＳＤ" count) and returns the highest
// monthly pay above the threshold that the data says to judge for this place, if any.
func (sr *salaryRules) judge(um *textnorm.Mapped, hub, high, lowSkill bool) (salaryFinding, bool) {
	text := um.Bytes()
	place := placeUnknown
	switch {
	case hub:
		place = placeHub
	case high:
		place = placeHigh
	}
	judged := sr.judgeBy[place]
	if len(judged) == 0 || (place == placeUnknown && !lowSkill) {
		return salaryFinding{}, false
	}
	var vh []vhit
	sr.trie.Walk(text, func(end, n, t int64) bool {
		start, stop := int(end-n+1), int(end+1)
		for _, vi := range sr.byText[t] {
			vp := &sr.vocab[vi]
			if vp.left && start > 0 {
				if r, _ := utf8.DecodeLastRune(text[:start]); unicode.IsLetter(r) && !textnorm.Unspaced(r) {
					continue
				}
			}
			if vp.right && stop < len(text) {
				if r, _ := utf8.DecodeRune(text[stop:]); unicode.IsLetter(r) && !textnorm.Unspaced(r) {
					continue
				}
			}
			for _, v := range vp.entries {
				vh = append(vh, vhit{start, stop, v})
			}
		}
		return true
	})
	if len(vh) == 0 {
		return salaryFinding{}, false
	}
	sort.Slice(vh, func(i, j int) bool { return vh[i].start < vh[j].start })
	localDollar := slices.ContainsFunc(vh, func(h vhit) bool { return h.v.kind == vDollarLocal })
	amounts := scanAmounts(text)
	for i := range amounts {
		sr.attach(text, &amounts[i], vh)
	}
	sr.shareRanges(text, amounts, vh)
	best := salaryFinding{}
	found := false
	for _, a := range amounts {
		if a.cur < 0 || (a.dollarSign && localDollar) {
			continue
		}
		per := a.per
		if per == "" {
			per = sr.periodBefore(text, a, vh)
		}
		if per == "" {
			if !sr.salaryWordNear(text, a, vh) {
				continue
			}
			per = periodNone
		}
		if !judged[per] {
			continue
		}
		factor := 1.0
		if per != periodNone {
			factor = sr.perMonth[per]
		}
		usd := a.value / sr.currencies[a.cur].perUSD * factor
		// Parse noise (a phone number after a "$") is not pay.
		if usd < sr.threshold || usd > 1e6 || math.IsNaN(usd) {
			continue
		}
		if usd > best.usdPerMonth {
			end := max(a.end, a.perEnd)
			best = salaryFinding{usdPerMonth: usd, evidence: strings.TrimSpace(um.Excerpt(a.start, end))}
			found = true
		}
	}
	return best, found
}

// attach gives an amount the multiplier, currency and period written next to it.
func (sr *salaryRules) attach(text []byte, a *amount, vh []vhit) {
	near := func(from, to int) bool { // only spaces between
		if to < from {
			return false
		}
		for i := from; i < to; i++ {
			if text[i] != ' ' {
				return false
			}
		}
		return to-from <= 1
	}
	implied := -1
	for _, h := range vh {
		if h.v.kind == vMultiplier && !a.mult && near(a.end, h.start) {
			a.value *= h.v.value
			a.end = h.end
			a.mult = true
			implied = h.v.cur
		}
	}
	defer func() {
		if a.cur < 0 && implied >= 0 {
			a.cur = implied
		}
	}()
	for _, h := range vh {
		switch {
		case h.v.kind == vCurrency && near(h.end, a.start) && a.cur < 0:
			a.cur = h.v.cur
			a.start = h.start
			a.dollarSign = string(text[h.start:h.end]) == "$"
		case (h.v.kind == vCurrency || h.v.kind == vCurrencyAfter) && near(a.end, h.start) && a.cur < 0:
			a.cur = h.v.cur
			a.end = h.end
			a.dollarSign = string(text[h.start:h.end]) == "$"
		}
	}
	// A second currency in brackets ("RM15,000 (US$3,300) per month") or a range may sit between the amount and
	// its period: look a little further, within the clause.
	for _, h := range vh {
		if h.v.kind == vPeriodAfter && h.start >= a.end && h.start-a.end <= 24 && sameClause(text, a.end, h.start) {
			a.per, a.perEnd = h.v.per, h.end
			break
		}
	}
}

// shareRanges lets both ends of a range ("1,000-1,200 USD", "USD 1.000 sampai 1.200", "15-20 triệu") share the
// currency, multiplier and period written once.
func (sr *salaryRules) shareRanges(text []byte, as []amount, vh []vhit) {
	for i := 0; i+1 < len(as); i++ {
		a, b := &as[i], &as[i+1]
		gap := strings.TrimSpace(string(text[a.end:b.start]))
		if !(gap == "-" || gap == "–" || gap == "—" || gap == "~" || slices.Contains(sr.rangeWords, gap)) {
			continue
		}
		if a.cur < 0 {
			a.cur, a.dollarSign = b.cur, b.dollarSign
		}
		if b.cur < 0 {
			b.cur, b.dollarSign = a.cur, a.dollarSign
		}
		if !a.mult && b.mult {
			// "15-20 triệu": the multiplier written after the second number applies to the first.
			for _, h := range vh {
				if h.v.kind == vMultiplier && h.start >= b.start && h.end <= b.end {
					a.value *= h.v.value
					a.mult = true
					break
				}
			}
		}
		if a.per == "" {
			a.per, a.perEnd = b.per, b.perEnd
		}
		if b.per == "" {
			b.per, b.perEnd = a.per, a.perEnd
		}
		a.end = max(a.end, b.end)
		b.start = min(a.start, b.start)
	}
}

// periodBefore finds a period written before the amount ("monthly salary of $1,000", "lương tháng 15 triệu",
// "月薪1万").
func (sr *salaryRules) periodBefore(text []byte, a amount, vh []vhit) string {
	for i := len(vh) - 1; i >= 0; i-- {
		h := vh[i]
		if h.v.kind == vPeriodBefore && h.end <= a.start && a.start-h.end <= 30 && sameClause(text, h.end, a.start) {
			return h.v.per
		}
	}
	return ""
}

func (sr *salaryRules) salaryWordNear(text []byte, a amount, vh []vhit) bool {
	for _, h := range vh {
		if h.v.kind != vSalaryWord {
			continue
		}
		if h.end <= a.start && a.start-h.end <= 40 && sameClause(text, h.end, a.start) {
			return true
		}
		if h.start >= a.end && h.start-a.end <= 16 && sameClause(text, a.end, h.start) {
			return true
		}
	}
	return false
}

// scanAmounts finds numbers: digits in any script, with thousands separators (1,500 1.500 1 500 1'500) and a
// decimal part (1.5 15,5 3,950.00). A separator followed by exactly three digits groups thousands.
func scanAmounts(text []byte) []amount {
	var out []amount
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRune(text[i:])
		if !unicode.IsDigit(r) {
			i += w
			continue
		}
		if i > 0 && isLetterBefore(text, i) && !currencyGlued(text, i) {
			// "covid19", "e9": skip the whole run of digits.
			for i < len(text) {
				r, w := utf8.DecodeRune(text[i:])
				if !unicode.IsDigit(r) {
					break
				}
				i += w
			}
			continue
		}
		start := i
		var groups []string
		cur := []byte{}
		j := i
		for j < len(text) {
			r, w := utf8.DecodeRune(text[j:])
			if unicode.IsDigit(r) {
				cur = append(cur, byte('0'+digitValue(r)))
				j += w
				continue
			}
			if (r == ',' || r == '.' || r == ' ' || r == '\'' || r == '’') && j+w < len(text) {
				if r2, _ := utf8.DecodeRune(text[j+w:]); unicode.IsDigit(r2) {
					n := digitsAhead(text[j+w:])
					if r == ' ' && (n != 3 || len(cur) > 3) {
						break
					}
					groups = append(groups, string(cur))
					cur = []byte{}
					j += w
					continue
				}
			}
			break
		}
		groups = append(groups, string(cur))
		out = append(out, amount{start: start, end: j, value: parseGroups(groups), cur: -1})
		i = j
	}
	return out
}

// isLetterBefore reports a letter right before text[i]: "e9" or "covid19" are not amounts.
func isLetterBefore(text []byte, i int) bool {
	r, _ := utf8.DecodeLastRune(text[:i])
	// Scripts without spaces write numbers right after a word: 月薪1.5万, เงินเดือน15000.
	return unicode.IsLetter(r) && !textnorm.Unspaced(r)
}

// currencyGlued allows amounts written against a currency code: "rm15,000", "usd1500", "rp15".
func currencyGlued(text []byte, i int) bool {
	j := i
	for j > 0 && j > i-3 {
		r, w := utf8.DecodeLastRune(text[:j])
		if !unicode.IsLetter(r) || r >= utf8.RuneSelf {
			break
		}
		j -= w
	}
	if j == i || i-j > 3 {
		return false
	}
	if j > 0 {
		if r, _ := utf8.DecodeLastRune(text[:j]); unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func digitsAhead(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, w := utf8.DecodeRune(b)
		if !unicode.IsDigit(r) {
			break
		}
		n++
		b = b[w:]
	}
	return n
}

// digitValue is the value of a decimal digit of any script: Unicode puts each script's digits 0-9 in a row.
func digitValue(r rune) int {
	if r >= '0' && r <= '9' {
		return int(r - '0')
	}
	n := 0
	for n < 9 && unicode.IsDigit(r-rune(n)-1) {
		n++
	}
	return n % 10
}

func parseGroups(groups []string) float64 {
	if len(groups) == 1 {
		return atof(groups[0], "")
	}
	last := groups[len(groups)-1]
	if len(last) == 3 {
		return atof(strings.Join(groups, ""), "")
	}
	return atof(strings.Join(groups[:len(groups)-1], ""), last)
}

func atof(intPart, frac string) float64 {
	v := 0.0
	for _, c := range intPart {
		v = v*10 + float64(c-'0')
	}
	scale := 0.1
	for _, c := range frac {
		v += float64(c-'0') * scale
		scale /= 10
	}
	return v
}

// addSalaryFinding adds the salary evidence to the too-good-salary flag, raising it if the phrases did not.
func (s *Screener) addSalaryFinding(flags []Finding, sal salaryFinding) []Finding {
	for i := range flags {
		if flags[i].ID == tooGoodSalary {
			if !slices.Contains(flags[i].Evidence, sal.evidence) && len(flags[i].Evidence) < maxEvidence {
				flags[i].Evidence = append(flags[i].Evidence, sal.evidence)
			}
			return flags
		}
	}
	r := s.rules[s.ruleIndex[tooGoodSalary]]
	return append(flags, Finding{ID: tooGoodSalary, Severity: r.Severity, Evidence: []string{sal.evidence}})
}
