package bot

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/safepassage/safepassage/content/distress"
	"github.com/safepassage/safepassage/content/hotlines"
	"github.com/safepassage/safepassage/content/textnorm"
)

// Button data of the help flow.
const (
	dataLocation  = "loc"       // the web page could not read the location: ask for the country instead
	prefixCountry = "cc:"       // cc:TH — the user is in Thailand; cc:all — show every country
	prefixFrom    = "from:"     // from:MM — the user comes from Myanmar; from:all — every country
	prefixMore    = "more:"     // more:TH — every contact for Thailand
	dataAll       = "all"       // with prefixCountry or prefixFrom: the whole list
	shortList     = 5           // contacts shown before "More contacts"
	stepAwaitFrom = "from"      // the next text names the user's own country
	maxCountryRow = 3           // country buttons to a row
	helpRef       = "help_menu" // ref of the help reply that asks where the user is
	borderMetres  = 3000        // a shared location this close to a border asks which side the user is on
	// maxCountryWords is the most words a typed answer to "which country?" may have to be taken for one.
	maxCountryWords = 3
)

// hotspots are offered first when we ask where someone is: the countries where scam compounds and the people
// trafficked into them are most often reported (../shared/research/redflags.md, section A5).
var hotspots = []string{"MM", "KH", "LA", "TH", "PH", "MY", "AE"}

// helpNow is the help reply reached from every screen: the contacts for where the user is, if we know it, or the
// question where they are (with a location button and the hotspot countries).
func (c *conv) helpNow() []Reply {
	if c.user.Country != "" {
		return c.contacts(c.user.Country, false)
	}
	c.state.Step = stepAwaitCountry
	return []Reply{
		{Text: c.t("help_intro"), Kind: KindHotlines, Ref: helpRef, RequestLocation: true,
			Buttons: [][]Button{{{Label: c.t("button_share_location"), Data: dataLocation}}}},
		c.countryPrompt(prefixCountry, hotspots),
	}
}

// helpButton answers the buttons of the help flow; ok is false for data that is not one of them.
func (c *conv) helpButton(data string) ([]Reply, bool) {
	switch {
	case data == dataLocation:
		c.state.Step = stepAwaitCountry
		return []Reply{c.countryPrompt(prefixCountry, hotspots)}, true
	case data == prefixCountry+dataAll:
		c.state.Step = stepAwaitCountry
		return []Reply{c.countryPrompt(prefixCountry, c.lib.Hotlines.Countries())}, true
	case data == prefixFrom+dataAll:
		c.state.Step = stepAwaitFrom
		return []Reply{c.countryPrompt(prefixFrom, c.lib.Hotlines.Countries())}, true
	}
	if cc, ok := strings.CutPrefix(data, prefixCountry); ok {
		c.user.Country = cc
		return c.contacts(cc, false), true
	}
	if cc, ok := strings.CutPrefix(data, prefixFrom); ok {
		c.user.Nationality = cc
		return c.contacts(c.user.Country, false), true
	}
	if cc, ok := strings.CutPrefix(data, prefixMore); ok {
		return c.contacts(cc, true), true
	}
	return nil, false
}

// knownHelpButton reports whether data is a help-flow button the engine could have sent.
func (e *Engine) knownHelpButton(data string) bool {
	if data == dataLocation || data == prefixCountry+dataAll || data == prefixFrom+dataAll {
		return true
	}
	for _, p := range []string{prefixCountry, prefixFrom, prefixMore} {
		if cc, ok := strings.CutPrefix(data, p); ok {
			return slices.Contains(e.lib.Hotlines.Countries(), cc)
		}
	}
	return false
}

// located answers a shared location: the country it falls in, then its contacts.
func (c *conv) located(lat, lon float64) []Reply {
	cc, ok := c.lib.Geo.Country(lat, lon)
	if !ok {
		c.state.Step = stepAwaitCountry
		return []Reply{c.countryPrompt(prefixCountry, hotspots)}
	}
	c.user.Country = cc
	replies := c.contacts(cc, false)
	// Near a border the map's line may be on the wrong side of the town (Myawaddy and Mae Sot lie 2 km apart):
	// show the contacts of the side the point falls on, and let the user say which country they are in.
	near := slices.DeleteFunc(c.lib.Geo.Near(lat, lon, borderMetres), func(cc string) bool {
		return !slices.Contains(c.lib.Hotlines.Countries(), cc) // a country without contacts has no button
	})
	if len(near) > 1 {
		replies = append(replies, c.countryPrompt(prefixCountry, near))
	}
	return replies
}

// countryTyped answers a country typed while the bot waits for one ("Thailand", "ประเทศไทย", "TH"); ok is false
// when the text names no country, so that it is handled as an ordinary message.
func (c *conv) countryTyped(text string) ([]Reply, bool) {
	cc, ok := c.countryFromText(text)
	if !ok {
		return nil, false
	}
	if c.state.Step == stepAwaitFrom {
		c.user.Nationality = cc
		return c.contacts(c.user.Country, false), true
	}
	c.user.Country = cc
	return c.contacts(cc, false), true
}

// countryFromText finds a country the directory knows in text: its code, or its name in the user's language or in
// English.
func (c *conv) countryFromText(text string) (string, bool) {
	t := countryKey(text)
	if t == "" || len(strings.Fields(t)) > maxCountryWords {
		return "", false // a sentence that names a country ("is a job in Thailand safe?") is a question, not an answer
	}
	for _, cc := range c.lib.Hotlines.Countries() {
		if t == strings.ToLower(cc) {
			return cc, true
		}
		for _, loc := range []string{c.lang, "en"} {
			name := countryKey(countryName(loc, cc))
			if name == "" {
				continue
			}
			// The name alone, or with a word or two around it ("in Thailand", "ประเทศไทย").
			if t == name || strings.Contains(" "+t+" ", " "+name+" ") || !strings.Contains(t, " ") && strings.Contains(t, name) {
				return cc, true
			}
		}
	}
	return "", false
}

// countryKey folds a country name or a typed answer for comparison: case, diacritics, invisible characters and the
// bracketed part of names such as "Myanmar (Burma)" removed, punctuation turned to spaces.
func countryKey(s string) string {
	if i := strings.IndexAny(s, "(（"); i > 0 {
		s = s[:i]
	}
	s = textnorm.Fold(s)
	s = strings.Map(func(r rune) rune {
		if unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// contacts is the help reply for someone in country in: who to call first, the contacts (a short list, or all of
// them), what to say when calling, and buttons for more.
func (c *conv) contacts(in string, all bool) []Reply {
	c.state.Step = stepNone
	from := c.user.Nationality
	if in == "" { // only the home country is known: show its lines for the family
		in, from = from, ""
	}
	list := c.lib.Hotlines.Route(in, from)
	name := countryName(c.lang, in)
	if len(list) == 0 {
		return []Reply{{Text: c.td("help_no_contacts", map[string]any{"Country": name}), Kind: KindHotlines, Ref: in,
			Buttons: [][]Button{{{Label: c.t("button_other_country"), Data: prefixCountry + dataAll}}}}}
	}
	shown := list
	if !all && len(shown) > shortList {
		shown = shown[:shortList]
	}
	var b strings.Builder
	b.WriteString(c.td("help_contacts", map[string]any{"Country": name}))
	for _, ct := range shown {
		b.WriteString("\n\n")
		b.WriteString(c.contactLine(ct))
	}
	var rows [][]Button
	if len(shown) < len(list) {
		rows = append(rows, []Button{{Label: c.t("button_more_contacts"), Data: prefixMore + in}})
	}
	if from == "" {
		rows = append(rows, []Button{{Label: c.t("help_where_from_button"), Data: prefixFrom + dataAll}})
	}
	rows = append(rows, []Button{{Label: c.t("button_other_country"), Data: prefixCountry + dataAll}})
	return []Reply{
		{Text: b.String(), Kind: KindHotlines, Ref: in},
		{Text: c.t("help_call_script") + "\n\n" + c.t("help_safety_tip"), Kind: KindHotlines, Ref: in, Buttons: rows},
	}
}

// contactLine is one contact as a user reads it: name, numbers in a form a phone can dial (international format, or
// the short code), other channels, hours. Doubts the data records are said, not hidden.
func (c *conv) contactLine(ct hotlines.Contact) string {
	var b strings.Builder
	b.WriteString("• ")
	b.WriteString(ct.Name)
	if ct.NameLocal != "" && ct.NameLocal != ct.Name {
		fmt.Fprintf(&b, " (%s)", ct.NameLocal)
	}
	for _, n := range ct.Numbers {
		num := n.International
		if num == "" {
			num = n.Display
		}
		if num == "" {
			num = n.Number
		}
		fmt.Fprintf(&b, "\n  📞 %s", num)
		if n.Label != "" {
			fmt.Fprintf(&b, " (%s)", n.Label)
		}
		if n.Disputed || n.Unvalidated != "" {
			b.WriteString(" ⚠ " + c.t("help_number_unsure"))
		}
	}
	for _, ch := range ct.Channels {
		fmt.Fprintf(&b, "\n  %s: %s", ch.Type, ch.Value)
	}
	if ct.Hours != "" {
		fmt.Fprintf(&b, "\n  🕒 %s", ct.Hours)
	}
	return b.String()
}

// countryPrompt asks which country the user is in (prefixCountry) or comes from (prefixFrom), with ccs as buttons.
func (c *conv) countryPrompt(prefix string, ccs []string) Reply {
	id := "help_country_prompt"
	if prefix == prefixFrom {
		id = "help_where_from"
	}
	return Reply{Text: c.t(id), Kind: KindHotlines, Ref: helpRef, Buttons: c.countryButtons(prefix, ccs)}
}

// countryButtons lists countries as buttons, named in the user's language, three to a row, with "Other country"
// after a short list.
func (c *conv) countryButtons(prefix string, ccs []string) [][]Button {
	var rows [][]Button
	var row []Button
	for _, cc := range ccs {
		row = append(row, Button{Label: countryName(c.lang, cc), Data: prefix + cc})
		if len(row) == maxCountryRow {
			rows = append(rows, row)
			row = nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	if len(ccs) < len(c.lib.Hotlines.Countries()) {
		rows = append(rows, []Button{{Label: c.t("button_other_country"), Data: prefix + dataAll}})
	}
	return rows
}

// countryName is the country's name in the locale (CLDR data of golang.org/x/text), or in English, or its code.
func countryName(locale, cc string) string {
	region, err := language.ParseRegion(cc)
	if err != nil {
		return cc
	}
	for _, loc := range []string{locale, "en"} {
		tag, err := language.Parse(loc)
		if err != nil {
			continue
		}
		if n := display.Regions(tag); n != nil {
			if name := n.Name(region); name != "" {
				return name
			}
		}
	}
	return cc
}

// distress answers a message that signals danger: help first, in one message that stands on its own (the
// emergency number when the country is known), then the contacts or the question where the user is.
func (c *conv) distress(kinds []string) []Reply {
	text := c.t("help_distress")
	if c.user.Country != "" {
		if ct, ok := c.lib.Hotlines.Emergency(c.user.Country); ok {
			text += "\n\n" + c.contactLine(ct)
		}
	}
	replies := append([]Reply{{Text: text, Kind: KindHotlines, Ref: "distress"}}, c.helpNow()...)
	// Then the offer to go on, with the topic that fits what they wrote (a family asked for ransom, a person made
	// to scam), one tap away.
	last := &replies[len(replies)-1]
	last.Text += "\n\n" + c.t("help_continue")
	if id := distressTopic(kinds); id != "" {
		if t, ok := c.lib.Topics.Text(c.lang, id); ok {
			last.Buttons = append(last.Buttons, []Button{{Label: t.Title, Data: prefixTopic + id}})
		}
	}
	return replies
}

// distressTopic is the knowledge-base topic offered after help, for the most specific kind of distress detected.
func distressTopic(kinds []string) string {
	for _, k := range []string{distress.KindRansomFamily, distress.KindForcedScamming, distress.KindDebtBondage,
		distress.KindDocumentsTaken} {
		if slices.Contains(kinds, k) {
			switch k {
			case distress.KindRansomFamily:
				return "ransom_demands"
			case distress.KindForcedScamming:
				return "victim_not_criminal"
			case distress.KindDebtBondage:
				return "debt_bondage"
			case distress.KindDocumentsTaken:
				return "passport_retention"
			}
		}
	}
	if len(kinds) > 0 {
		return "what_to_do_if_trapped"
	}
	return ""
}
