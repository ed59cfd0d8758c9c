// Package chattest is the conversation harness every channel shares: one table of conversation cases (what a user
// sends, what must come back), run through each channel by a small driver that speaks that channel's protocol —
// the engine itself, the web chat's JSON API, Telegram through a fake Bot API. A behaviour is specified once and
// checked everywhere; a channel's own tests only add what is particular to it.
//
// It imports the engine's types and the locales, never a channel.
package chattest

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/safepassage/safepassage/locales"
)

// Input is one thing a user does: type text, or press a button, with their platform's language hint.
type Input struct {
	Text   string
	Button string
	Lang   string
}

// Observed is one reply as a channel showed it. Kind is known only where the channel exposes it (web, engine).
type Observed struct {
	Text    string
	Kind    string
	Ref     string
	Buttons []Button
}

// Button is a button as shown: its label and the data pressing it sends.
type Button struct {
	Label, Data string
}

// Driver sends one input as user (a name unique to the case) and returns the replies the channel showed.
type Driver interface {
	Send(t *testing.T, user string, in Input) []Observed
	// Kinds reports whether the channel exposes reply kinds.
	Kinds() bool
}

// Step is one input and what must come back.
type Step struct {
	In   Input
	Want Want
}

// Want is what the replies to one step must show.
type Want struct {
	Script    string   // the replies are written in this locale's script (see Scripts)
	NotScript string   // no reply text is in this locale's script
	Texts     []string // UI message ids, in Locale, that must appear in the replies' text or button labels
	Locale    string   // locale of Texts (default "en")
	Contains  []string // raw text that must appear in the replies (a phone number, a name)
	Buttons   []string // button data that must be offered
	FirstKind string   // the kind of the first reply (checked where the channel exposes kinds)
	FirstRef  string   // the ref of the first reply (likewise)
	NotFirst  string   // a kind the first reply must not be (likewise)
	NoKind    string   // a kind that must not appear (likewise)
}

// Case is a named conversation.
type Case struct {
	Name  string
	Steps []Step
}

// Scripts are regular expressions that match a letter of each non-Latin locale's script.
var Scripts = map[string]*regexp.Regexp{
	"my": regexp.MustCompile(`[\x{1000}-\x{109f}]`), "th": regexp.MustCompile(`[\x{0e00}-\x{0e7f}]`),
	"km": regexp.MustCompile(`[\x{1780}-\x{17ff}]`), "lo": regexp.MustCompile(`[\x{0e80}-\x{0eff}]`),
	"hi": regexp.MustCompile(`[\x{0900}-\x{097f}]`), "ne": regexp.MustCompile(`[\x{0900}-\x{097f}]`),
	"bn": regexp.MustCompile(`[\x{0980}-\x{09ff}]`), "si": regexp.MustCompile(`[\x{0d80}-\x{0dff}]`),
	"ta": regexp.MustCompile(`[\x{0b80}-\x{0bff}]`), "ur": regexp.MustCompile(`[\x{0600}-\x{06ff}]`),
	"ar": regexp.MustCompile(`[\x{0600}-\x{06ff}]`), "am": regexp.MustCompile(`[\x{1200}-\x{137f}]`),
	"zh-Hans": regexp.MustCompile(`[\x{4e00}-\x{9fff}]`), "zh-Hant": regexp.MustCompile(`[\x{4e00}-\x{9fff}]`),
	"ru": regexp.MustCompile(`[\x{0400}-\x{04ff}]`),
}

// Run runs every case through d. Each case gets its own user, so cases do not see each other's state.
func Run(t *testing.T, d Driver, cat *locales.Catalog, cases []Case) {
	t.Helper()
	for i, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			user := fmt.Sprintf("case%03d", i)
			for j, s := range c.Steps {
				got := d.Send(t, user, s.In)
				if err := check(cat, d.Kinds(), s.Want, got); err != nil {
					t.Fatalf("step %d (%+v): %v\nreplies: %s", j+1, s.In, err, describe(got))
				}
			}
		})
	}
}

func check(cat *locales.Catalog, kinds bool, w Want, got []Observed) error {
	if len(got) == 0 {
		return fmt.Errorf("no reply")
	}
	var all, labels strings.Builder
	var data []string
	for _, o := range got {
		if strings.TrimSpace(o.Text) == "" {
			return fmt.Errorf("a reply has empty text")
		}
		all.WriteString(o.Text)
		all.WriteByte('\n')
		for _, b := range o.Buttons {
			if b.Label == "" {
				return fmt.Errorf("button %q has no label", b.Data)
			}
			if len(b.Data) > 64 {
				return fmt.Errorf("button data %q is over 64 bytes", b.Data)
			}
			data = append(data, b.Data)
			labels.WriteString(b.Label + "\n")
		}
	}
	text := all.String()
	if w.Script != "" {
		re, ok := Scripts[w.Script]
		if !ok {
			return fmt.Errorf("no script known for %q", w.Script)
		}
		if !re.MatchString(text) {
			return fmt.Errorf("replies are not in %s script", w.Script)
		}
	}
	if w.NotScript != "" && Scripts[w.NotScript].MatchString(text) {
		return fmt.Errorf("replies are in %s script", w.NotScript)
	}
	loc := w.Locale
	if loc == "" {
		loc = locales.Default
	}
	for _, id := range w.Texts {
		want := cat.Text(loc, id, nil)
		if !strings.Contains(text+labels.String(), FirstLine(want)) {
			return fmt.Errorf("message %s/%s (%q) not in the replies", loc, id, FirstLine(want))
		}
	}
	for _, s := range w.Contains {
		if !strings.Contains(text, s) {
			return fmt.Errorf("%q not in the replies", s)
		}
	}
	for _, b := range w.Buttons {
		if !slices.Contains(data, b) {
			return fmt.Errorf("button %q not offered (got %v)", b, data)
		}
	}
	if kinds && w.FirstKind != "" && got[0].Kind != w.FirstKind {
		return fmt.Errorf("first reply is %q, want %q", got[0].Kind, w.FirstKind)
	}
	if kinds && w.FirstRef != "" && got[0].Ref != w.FirstRef {
		return fmt.Errorf("first reply's ref is %q, want %q", got[0].Ref, w.FirstRef)
	}
	if kinds && w.NotFirst != "" && got[0].Kind == w.NotFirst {
		return fmt.Errorf("first reply is %q", w.NotFirst)
	}
	if kinds && w.NoKind != "" {
		for _, o := range got {
			if o.Kind == w.NoKind {
				return fmt.Errorf("a reply is %q", w.NoKind)
			}
		}
	}
	return nil
}

// FirstLine is the first line of s: what a test looks for in a reply, whatever follows it.
func FirstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func describe(got []Observed) string {
	var b strings.Builder
	for _, o := range got {
		fmt.Fprintf(&b, "\n  [%s %s] %.80q buttons=%v", o.Kind, o.Ref, o.Text, o.Buttons)
	}
	return b.String()
}
