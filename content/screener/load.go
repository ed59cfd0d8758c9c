package screener

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// The YAML shapes of the data files. They are decoded strictly: an unknown field is an error, so that a typo in a
// rule does not silently switch it off.

type sourcesFile struct {
	Sources map[string]struct {
		Title string   `yaml:"title"`
		URLs  []string `yaml:"urls"`
		Note  string   `yaml:"note"`
	} `yaml:"sources"`
}

type iloFile struct {
	Source     string `yaml:"source"`
	Indicators []struct {
		ID   string `yaml:"id"`
		Name string `yaml:"name"`
	} `yaml:"indicators"`
}

type rulesFile struct {
	Section string     `yaml:"section"`
	Flags   []ruleYAML `yaml:"flags"`
}

type ruleYAML struct {
	ID        string         `yaml:"id"`
	Severity  string         `yaml:"severity"`
	Escalate  []escalateYAML `yaml:"escalate"`
	ILO       []string       `yaml:"ilo"`
	ILONote   string         `yaml:"ilo_note"`
	Sources   []string       `yaml:"sources"`
	Negatable bool           `yaml:"negatable"`
	Note      string         `yaml:"note"`
	Patterns  []groupYAML    `yaml:"patterns"`
}

type escalateYAML struct {
	To        string   `yaml:"to"`
	With      []string `yaml:"with"`
	Condition string   `yaml:"condition"`
}

type groupYAML struct {
	Lang     string   `yaml:"lang"`
	Verified *bool    `yaml:"verified"`
	Conf     string   `yaml:"conf"`
	Source   string   `yaml:"source"`
	Note     string   `yaml:"note"`
	Severity string   `yaml:"severity"`
	Phrases  []string `yaml:"phrases"`
	Near     []string `yaml:"near"`
	Window   int      `yaml:"window"`
}

type positivesFile struct {
	Positives []struct {
		ID        string      `yaml:"id"`
		Check     int         `yaml:"check"`
		Sources   []string    `yaml:"sources"`
		Negatable bool        `yaml:"negatable"`
		Note      string      `yaml:"note"`
		Patterns  []groupYAML `yaml:"patterns"`
	} `yaml:"positives"`
}

type questionsFile struct {
	Questions []struct {
		ID    string   `yaml:"id"`
		ILO   []string `yaml:"ilo"`
		Shows []string `yaml:"shows"`
		AskIf []string `yaml:"ask_if"`
		Yes   effect   `yaml:"yes"`
		No    effect   `yaml:"no"`
	} `yaml:"questions"`
}

type effect struct {
	Flag     string `yaml:"flag"`
	Positive string `yaml:"positive"`
}

type negationFile struct {
	Note string              `yaml:"note"`
	Cues map[string][]string `yaml:"cues"`
}

type textFile struct {
	Meta struct {
		Locale     string `yaml:"locale"`
		Reviewed   *bool  `yaml:"reviewed"`
		Translator string `yaml:"translator"`
	} `yaml:"meta"`
	Risk      map[string]string `yaml:"risk"`
	Flags     map[string]Text   `yaml:"flags"`
	Positives map[string]Text   `yaml:"positives"`
	Questions map[string]string `yaml:"questions"`
}

// locales are the 24 locale keys of the project (see the brief); patterns and text files use exactly these.
var locales = []string{"en", "my", "th", "km", "lo", "vi", "id", "ms", "tl", "zh-Hans", "zh-Hant", "hi", "bn", "ne",
	"si", "ta", "ur", "ar", "am", "sw", "fr", "es", "pt", "ru"}

var severities = map[string]int{"LOW": 1, "MEDIUM": 2, "HIGH": 3, "CRITICAL": 4}

var severityNames = [...]string{"", "LOW", "MEDIUM", "HIGH", "CRITICAL"}

// confidences are the research's tags: H found word for word in a source, M a close variant, L the researcher's own
// phrasing, and own for phrasing added by this package's author. Only H and M count as verified.
var confidences = map[string]bool{"H": true, "M": true, "L": false, "own": false}

// decodeStrict decodes one YAML document and rejects unknown fields.
func decodeStrict(data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

// loader collects every problem found, so that one lint run lists them all.
type loader struct {
	fsys fs.FS
	errs []error
	s    *Screener
	// broken records files that could not be read, so that references into them are not reported as unknown ids
	// as well.
	broken map[string]bool
}

// incomplete reports whether a rules or positives file failed to load, so that ids missing from it are not
// reported a second time.
func (l *loader) incomplete() bool {
	for name := range l.broken {
		if strings.HasPrefix(name, "data/rules/") || name == "data/positives.yaml" {
			return true
		}
	}
	return false
}

func (l *loader) errorf(format string, args ...any) {
	l.errs = append(l.errs, fmt.Errorf(format, args...))
}

func (l *loader) read(name string, v any) bool {
	data, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		l.errorf("read %s: %w", name, err)
		l.broken[name] = true
		return false
	}
	if err := decodeStrict(data, v); err != nil {
		l.errorf("parse %s: %w", name, err)
		l.broken[name] = true
		return false
	}
	return true
}

// Load reads the rules, positive checks, follow-up questions, salary ranges and texts from fsys (laid out as Files
// is: data/..., text/<locale>.yaml), validates them and builds the matcher. The error lists every problem found,
// joined with errors.Join, each naming its file and entry.
func Load(fsys fs.FS) (*Screener, error) {
	l := &loader{fsys: fsys, broken: map[string]bool{}, s: &Screener{
		ruleIndex: map[string]int{},
		posIndex:  map[string]int{},
		qIndex:    map[string]int{},
		sources:   map[string]Source{},
		ilo:       map[string]string{},
		texts:     map[string]*textFile{},
	}}
	l.loadSources()
	l.loadILO()
	l.loadRules()
	l.loadPositives()
	l.loadQuestions()
	l.loadNegation()
	l.loadSalary()
	l.loadTexts()
	if len(l.errs) > 0 {
		return nil, errors.Join(l.errs...)
	}
	if err := l.s.compile(); err != nil {
		return nil, err
	}
	return l.s, nil
}

func (l *loader) loadSources() {
	const name = "data/sources.yaml"
	var f sourcesFile
	if !l.read(name, &f) {
		return
	}
	for key, src := range f.Sources {
		if strings.TrimSpace(src.Title) == "" {
			l.errorf("%s: source %s: no title", name, key)
		}
		if len(src.URLs) == 0 && strings.TrimSpace(src.Note) == "" {
			l.errorf("%s: source %s: no URL and no note saying why", name, key)
		}
		for _, u := range src.URLs {
			if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
				l.errorf("%s: source %s: %q is not an http(s) URL", name, key, u)
			}
		}
		l.s.sources[key] = Source{Key: key, Title: src.Title, URLs: src.URLs, Note: src.Note}
	}
}

func (l *loader) loadILO() {
	const name = "data/ilo.yaml"
	var f iloFile
	if !l.read(name, &f) {
		return
	}
	if _, ok := l.s.sources[f.Source]; !ok {
		l.errorf("%s: unknown source %q", name, f.Source)
	}
	for _, ind := range f.Indicators {
		if ind.ID == "" || ind.Name == "" {
			l.errorf("%s: indicator %q: id and name are required", name, ind.ID)
			continue
		}
		if _, dup := l.s.ilo[ind.ID]; dup {
			l.errorf("%s: indicator %s: duplicate id", name, ind.ID)
		}
		l.s.ilo[ind.ID] = ind.Name
	}
}

func (l *loader) sourceList(where string, keys []string) []Source {
	if len(keys) == 0 {
		l.errorf("%s: no sources", where)
	}
	var out []Source
	for _, k := range keys {
		src, ok := l.s.sources[k]
		if !ok {
			if !l.broken["data/sources.yaml"] {
				l.errorf("%s: unknown source %q (not in data/sources.yaml)", where, k)
			}
			continue
		}
		out = append(out, src)
	}
	return out
}

func (l *loader) loadRules() {
	names, err := fs.Glob(l.fsys, "data/rules/*.yaml")
	if err != nil || len(names) == 0 {
		l.errorf("data/rules: no rule files (%v)", err)
		return
	}
	sort.Strings(names)
	for _, name := range names {
		var f rulesFile
		if !l.read(name, &f) {
			continue
		}
		if f.Section == "" {
			l.errorf("%s: no section", name)
		}
		for _, ry := range f.Flags {
			where := fmt.Sprintf("%s: flag %s", name, ry.ID)
			if ry.ID == "" {
				l.errorf("%s: a flag has no id", name)
				continue
			}
			if l.idTaken(ry.ID) {
				l.errorf("%s: duplicate id", where)
				continue
			}
			sev, ok := severities[ry.Severity]
			if !ok {
				l.errorf("%s: unknown severity %q", where, ry.Severity)
			}
			r := rule{
				Rule: Rule{ID: ry.ID, Section: f.Section, Severity: ry.Severity, ILO: ry.ILO, ILONote: ry.ILONote,
					Negatable: ry.Negatable, Note: ry.Note},
				sev: sev,
			}
			for _, ind := range ry.ILO {
				if _, ok := l.s.ilo[ind]; !ok {
					l.errorf("%s: unknown ILO indicator %q", where, ind)
				}
			}
			if len(ry.ILO) == 0 && ry.ILONote == "" {
				l.errorf("%s: no ILO indicator and no ilo_note saying why", where)
			}
			r.Sources = l.sourceList(where, ry.Sources)
			for _, e := range ry.Escalate {
				if _, ok := severities[e.To]; !ok {
					l.errorf("%s: escalate: unknown severity %q", where, e.To)
				}
				if len(e.With) == 0 && e.Condition == "" {
					l.errorf("%s: escalate to %s: needs `with` flags or a `condition`", where, e.To)
				}
				r.Escalate = append(r.Escalate, Escalation(e))
			}
			idx := len(l.s.rules)
			r.groups = l.groups(where, ry.Patterns, idx, false, ry.Negatable, &r.Rule)
			l.s.rules = append(l.s.rules, r)
			l.s.ruleIndex[ry.ID] = idx
		}
	}
	// Escalations may name flags from any file, so check them once all are read.
	for _, r := range l.s.rules {
		for _, e := range r.Escalate {
			for _, w := range e.With {
				if _, ok := l.s.ruleIndex[w]; !ok {
					if !l.incomplete() {
						l.errorf("flag %s: escalate with unknown flag %q", r.ID, w)
					}
				}
			}
		}
	}
}

func (l *loader) idTaken(id string) bool {
	_, r := l.s.ruleIndex[id]
	_, p := l.s.posIndex[id]
	return r || p
}

// groups validates pattern groups and appends them to the screener; it returns their indexes.
func (l *loader) groups(where string, gs []groupYAML, owner int, positive, negatable bool, info *Rule) []int {
	hasEnglish := false
	var out []int
	for i, g := range gs {
		gw := fmt.Sprintf("%s: patterns[%d] (%s)", where, i, g.Lang)
		if !slices.Contains(locales, g.Lang) {
			l.errorf("%s: unknown locale %q", gw, g.Lang)
		}
		if g.Verified == nil {
			l.errorf("%s: `verified` is required (true only for phrases found in a source)", gw)
			continue
		}
		want, ok := confidences[g.Conf]
		if !ok {
			l.errorf("%s: conf %q is not one of H, M, L, own", gw, g.Conf)
		} else if *g.Verified != want {
			l.errorf("%s: verified: %v does not fit conf %s", gw, *g.Verified, g.Conf)
		}
		if g.Source != "" {
			if _, ok := l.s.sources[g.Source]; !ok && !l.broken["data/sources.yaml"] {
				l.errorf("%s: unknown source %q", gw, g.Source)
			}
		} else if *g.Verified {
			l.errorf("%s: a verified group needs the source it was found in", gw)
		}
		sev := 0
		if g.Severity != "" {
			var ok bool
			if sev, ok = severities[g.Severity]; !ok {
				l.errorf("%s: unknown severity %q", gw, g.Severity)
			}
		}
		if len(g.Phrases) == 0 {
			l.errorf("%s: no phrases", gw)
		}
		for _, p := range append(slices.Clone(g.Phrases), g.Near...) {
			if msg := checkPhrase(p); msg != "" {
				l.errorf("%s: phrase %q: %s", gw, p, msg)
			}
		}
		window := g.Window
		if window == 0 {
			window = defaultNearWindow
		}
		if g.Lang == "en" {
			hasEnglish = true
		}
		if info != nil {
			info.Langs = appendUnique(info.Langs, g.Lang)
		}
		out = append(out, len(l.s.groups))
		l.s.groups = append(l.s.groups, group{
			owner: owner, positive: positive, lang: g.Lang, verified: *g.Verified, sev: sev,
			negatable: negatable, phrases: g.Phrases, near: g.Near, window: window,
		})
	}
	if !hasEnglish {
		l.errorf("%s: no English (en) patterns", where)
	}
	return out
}

const defaultNearWindow = 48

func appendUnique(xs []string, x string) []string {
	if slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}

func (l *loader) loadPositives() {
	const name = "data/positives.yaml"
	var f positivesFile
	if !l.read(name, &f) {
		return
	}
	for _, py := range f.Positives {
		where := fmt.Sprintf("%s: positive %s", name, py.ID)
		if py.ID == "" {
			l.errorf("%s: a positive check has no id", name)
			continue
		}
		if l.idTaken(py.ID) {
			l.errorf("%s: duplicate id", where)
			continue
		}
		if py.Check < 1 || py.Check > 5 {
			l.errorf("%s: check %d is not one of the research's section E checks 1-5", where, py.Check)
		}
		idx := len(l.s.positives)
		p := positive{ID: py.ID, Check: py.Check, Note: py.Note}
		p.Sources = l.sourceList(where, py.Sources)
		p.groups = l.groups(where, py.Patterns, idx, true, py.Negatable, nil)
		l.s.positives = append(l.s.positives, p)
		l.s.posIndex[py.ID] = idx
	}
}

func (l *loader) loadQuestions() {
	const name = "data/questions.yaml"
	var f questionsFile
	if !l.read(name, &f) {
		return
	}
	known := func(id string) bool { return l.idTaken(id) }
	for _, qy := range f.Questions {
		where := fmt.Sprintf("%s: question %s", name, qy.ID)
		if qy.ID == "" {
			l.errorf("%s: a question has no id", name)
			continue
		}
		if _, dup := l.s.qIndex[qy.ID]; dup || known(qy.ID) {
			l.errorf("%s: duplicate id", where)
			continue
		}
		for _, ind := range qy.ILO {
			if _, ok := l.s.ilo[ind]; !ok {
				l.errorf("%s: unknown ILO indicator %q", where, ind)
			}
		}
		for _, id := range append(slices.Clone(qy.Shows), qy.AskIf...) {
			if !known(id) && !l.incomplete() {
				l.errorf("%s: unknown flag or positive check %q", where, id)
			}
		}
		for label, e := range map[string]effect{"yes": qy.Yes, "no": qy.No} {
			if e.Flag != "" && e.Positive != "" {
				l.errorf("%s: %s: set a flag or a positive check, not both", where, label)
			}
			if _, ok := l.s.ruleIndex[e.Flag]; e.Flag != "" && !ok && !l.incomplete() {
				l.errorf("%s: %s: unknown flag %q", where, label, e.Flag)
			}
			if _, ok := l.s.posIndex[e.Positive]; e.Positive != "" && !ok && !l.incomplete() {
				l.errorf("%s: %s: unknown positive check %q", where, label, e.Positive)
			}
		}
		if qy.Yes == (effect{}) && qy.No == (effect{}) {
			l.errorf("%s: neither answer changes anything", where)
		}
		l.s.qIndex[qy.ID] = len(l.s.questions)
		l.s.questions = append(l.s.questions, question{ID: qy.ID, ILO: qy.ILO, shows: qy.Shows, askIf: qy.AskIf,
			yes: qy.Yes, no: qy.No})
	}
}

func (l *loader) loadNegation() {
	const name = "data/negation.yaml"
	var f negationFile
	if !l.read(name, &f) {
		return
	}
	if _, ok := f.Cues["en"]; !ok {
		l.errorf("%s: no English cues", name)
	}
	for lang, cues := range f.Cues {
		if !slices.Contains(locales, lang) {
			l.errorf("%s: unknown locale %q", name, lang)
		}
		for _, c := range cues {
			if msg := checkCue(c); msg != "" {
				l.errorf("%s: %s: cue %q: %s", name, lang, c, msg)
			}
			l.s.negCues = append(l.s.negCues, c)
		}
	}
	slices.Sort(l.s.negCues)
}

func (l *loader) loadTexts() {
	names, err := fs.Glob(l.fsys, "text/*.yaml")
	if err != nil || len(names) == 0 {
		l.errorf("text: no locale files (%v)", err)
		return
	}
	for _, name := range names {
		locale := strings.TrimSuffix(path.Base(name), ".yaml")
		if !slices.Contains(locales, locale) {
			l.errorf("%s: %q is not a project locale", name, locale)
			continue
		}
		var f textFile
		if !l.read(name, &f) {
			continue
		}
		if f.Meta.Locale != locale {
			l.errorf("%s: meta.locale %q does not match the file name", name, f.Meta.Locale)
		}
		if f.Meta.Reviewed == nil {
			l.errorf("%s: meta.reviewed is required", name)
		}
		if strings.TrimSpace(f.Meta.Translator) == "" {
			l.errorf("%s: meta.translator is required", name)
		}
		for id := range f.Flags {
			if _, ok := l.s.ruleIndex[id]; !ok && !l.incomplete() {
				l.errorf("%s: flags: unknown flag %q", name, id)
			}
		}
		for id := range f.Positives {
			if _, ok := l.s.posIndex[id]; !ok && !l.incomplete() {
				l.errorf("%s: positives: unknown positive check %q", name, id)
			}
		}
		for id := range f.Questions {
			if _, ok := l.s.qIndex[id]; !ok {
				l.errorf("%s: questions: unknown question %q", name, id)
			}
		}
		for risk := range f.Risk {
			if !slices.Contains(riskLevels, risk) {
				l.errorf("%s: risk: unknown level %q", name, risk)
			}
		}
		l.s.texts[locale] = &f
	}
	en := l.s.texts["en"]
	if en == nil {
		l.errorf("text/en.yaml: missing (English is the fallback for every locale)")
		return
	}
	for _, r := range l.s.rules {
		t := en.Flags[r.ID]
		if t.Title == "" || t.Why == "" || t.Advice == "" {
			l.errorf("text/en.yaml: flag %s: title, why and advice are required", r.ID)
		}
	}
	for _, p := range l.s.positives {
		t := en.Positives[p.ID]
		if t.Title == "" || t.Why == "" {
			l.errorf("text/en.yaml: positive %s: title and why are required", p.ID)
		}
	}
	for _, q := range l.s.questions {
		if en.Questions[q.ID] == "" {
			l.errorf("text/en.yaml: question %s: text is required", q.ID)
		}
	}
	for _, risk := range riskLevels {
		if en.Risk[risk] == "" {
			l.errorf("text/en.yaml: risk %s: summary is required", risk)
		}
	}
}
