// Package hotlines holds the hotline directory (hotlines.yaml, embedded) and routes a person to the contacts that fit
// where they are and where they come from: emergency and anti-trafficking lines of the country they are in, their own
// embassy there, labour, NGO and child lines, then their home country's lines for their family.
//
// Every number is parsed with libphonenumber (github.com/nyaruka/phonenumbers) when the directory loads, so that a
// typo fails the load instead of reaching a person in danger. The package holds no mutable state.
//
// It must not import the engine (package bot), the store, locales or any channel adapter.
package hotlines

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"
)

// FileName is the name of the directory file inside the file system given to Load.
const FileName = "hotlines.yaml"

// Files holds the embedded directory file, FileName.
//
//go:embed hotlines.yaml
var Files embed.FS

// Contact types.
const (
	TypeEmergency       = "emergency"
	TypeAntiTrafficking = "anti_trafficking"
	TypeLabourMigration = "labour_migration"
	TypeChild           = "child"
	TypeNGO             = "ngo"
	TypeEmbassy         = "embassy"
	TypeInternational   = "international"
)

// Global is the country code of contacts that serve everyone, wherever they are.
const Global = "XX"

// Number kinds, set by Load.
const (
	KindE164        = "e164"        // a valid number for the contact's country: Tel is E.164
	KindShort       = "short"       // a short code (libphonenumber's short-number data, or 3-6 digits not starting with 0)
	KindUnvalidated = "unvalidated" // libphonenumber rejects it; kept as printed because the data says why
)

// Number is one phone number of a contact. Number, Label, Note, Disputed and Unvalidated come from the data file;
// Kind, Display, International and Tel are set by Load.
type Number struct {
	Number      string `yaml:"number" json:"number"`
	Label       string `yaml:"label,omitempty" json:"label,omitempty"`
	Note        string `yaml:"note,omitempty" json:"note,omitempty"`
	Disputed    bool   `yaml:"disputed,omitempty" json:"disputed,omitempty"`
	Unvalidated string `yaml:"unvalidated,omitempty" json:"unvalidated,omitempty"`

	Kind          string `yaml:"-" json:"kind"`
	Display       string `yaml:"-" json:"display"`
	International string `yaml:"-" json:"international,omitempty"`
	Tel           string `yaml:"-" json:"tel"`
}

// Channel is a way to reach a contact other than a phone call (WhatsApp, web, e-mail, an app ...).
type Channel struct {
	Type  string `yaml:"type" json:"type"`
	Value string `yaml:"value" json:"value"`
	Note  string `yaml:"note,omitempty" json:"note,omitempty"`
}

// Source is where a contact's details were found, with the source's date as the research gives it.
type Source struct {
	URL  string `yaml:"url" json:"url"`
	Date string `yaml:"date" json:"date"`
}

// Contact is one line or office of the directory.
type Contact struct {
	ID            string    `yaml:"id" json:"id"`
	Country       string    `yaml:"country" json:"country"`
	Serves        string    `yaml:"serves,omitempty" json:"serves,omitempty"`
	Type          string    `yaml:"type" json:"type"`
	Name          string    `yaml:"name" json:"name"`
	NameLocal     string    `yaml:"name_local,omitempty" json:"name_local,omitempty"`
	Numbers       []Number  `yaml:"numbers,omitempty" json:"numbers,omitempty"`
	Channels      []Channel `yaml:"channels,omitempty" json:"channels,omitempty"`
	Languages     []string  `yaml:"languages,omitempty" json:"languages,omitempty"`
	LanguagesNote string    `yaml:"languages_note,omitempty" json:"languages_note,omitempty"`
	Hours         string    `yaml:"hours" json:"hours"`
	Sources       []Source  `yaml:"sources" json:"sources"`
	Checked       string    `yaml:"checked" json:"checked"`
	Confidence    string    `yaml:"confidence" json:"confidence"`
	Notes         string    `yaml:"notes,omitempty" json:"notes,omitempty"`
	Conflict      string    `yaml:"conflict,omitempty" json:"conflict,omitempty"`
}

// Directory is the loaded, validated hotline directory. It is read-only and safe for concurrent use.
type Directory struct {
	contacts  []Contact        // file order
	byCountry map[string][]int // indexes into contacts, file order
	byID      map[string]int
}

type file struct {
	Contacts []Contact `yaml:"contacts"`
}

var (
	idPattern   = regexp.MustCompile(`^[a-z]{2}-[a-z0-9]+(-[a-z0-9]+)*$`)
	shortDigits = regexp.MustCompile(`^[1-9][0-9]{2,5}$`)
	dialChars   = regexp.MustCompile(`^\+?[0-9 ()./-]+$`)

	knownTypes = []string{TypeEmergency, TypeAntiTrafficking, TypeLabourMigration, TypeChild, TypeNGO, TypeEmbassy,
		TypeInternational}
	knownChannels = []string{"whatsapp", "line", "viber", "telegram", "facebook", "social", "sms", "tty", "web",
		"email", "app", "phone_letters", "other"}
	knownConfidence = []string{"high", "medium", "low"}
)

// Load reads FileName from fsys, validates every contact and parses every number. The error lists every problem
// found (errors.Join), each naming the file and the contact id.
func Load(fsys fs.FS) (*Directory, error) {
	data, err := fs.ReadFile(fsys, FileName)
	if err != nil {
		return nil, fmt.Errorf("load hotlines %s: %w", FileName, err)
	}
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("load hotlines %s: %w", FileName, err)
	}
	if len(f.Contacts) == 0 {
		return nil, fmt.Errorf("load hotlines %s: no contacts", FileName)
	}
	d := &Directory{byCountry: map[string][]int{}, byID: map[string]int{}}
	var errs []error
	for i := range f.Contacts {
		c := &f.Contacts[i]
		name := c.ID
		if name == "" {
			name = fmt.Sprintf("#%d (no id)", i+1)
		}
		for _, p := range validate(c) {
			errs = append(errs, fmt.Errorf("load hotlines %s: contact %s: %s", FileName, name, p))
		}
		if c.ID != "" {
			if j, dup := d.byID[c.ID]; dup {
				errs = append(errs, fmt.Errorf("load hotlines %s: contact %s: duplicate id (also contact #%d)",
					FileName, name, j+1))
			} else {
				d.byID[c.ID] = i
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	d.contacts = f.Contacts
	for i, c := range d.contacts {
		d.byCountry[c.Country] = append(d.byCountry[c.Country], i)
	}
	return d, nil
}

// validate checks c and fills in the parsed number fields. It returns every problem found.
func validate(c *Contact) []string {
	var ps []string
	add := func(format string, args ...any) { ps = append(ps, fmt.Sprintf(format, args...)) }

	if !idPattern.MatchString(c.ID) {
		add("id %q must look like %q", c.ID, "th-anti-trafficking-1300")
	}
	countryOK := c.Country == Global || validCountry(c.Country)
	if !countryOK {
		add("country %q is not an ISO 3166-1 alpha-2 country code (or %s for global)", c.Country, Global)
	} else if !strings.HasPrefix(c.ID, strings.ToLower(c.Country)+"-") {
		add("id must start with %q", strings.ToLower(c.Country)+"-")
	}
	if !slices.Contains(knownTypes, c.Type) {
		add("type %q is not one of %s", c.Type, strings.Join(knownTypes, ", "))
	}
	switch {
	case c.Type == TypeEmbassy && c.Serves == "":
		add("an embassy needs serves: the nationality it serves")
	case c.Type != TypeEmbassy && c.Serves != "":
		add("serves is only for type %s", TypeEmbassy)
	case c.Serves != "" && !validCountry(c.Serves):
		add("serves %q is not an ISO 3166-1 alpha-2 country code", c.Serves)
	case c.Serves != "" && c.Serves == c.Country:
		add("serves %q is the host country itself", c.Serves)
	}
	if strings.TrimSpace(c.Name) == "" {
		add("name is empty")
	}
	if !c.reachable() && strings.TrimSpace(c.Notes) == "" {
		add("no numbers and no channels: say in notes why the contact is kept")
	}
	disputed := false
	for i := range c.Numbers {
		n := &c.Numbers[i]
		disputed = disputed || n.Disputed
		if !countryOK {
			continue
		}
		if err := parseNumber(n, c.Country); err != nil {
			add("number %q: %v", n.Number, err)
		}
	}
	if disputed && strings.TrimSpace(c.Conflict) == "" {
		add("a number is disputed: say why in conflict")
	}
	for _, ch := range c.Channels {
		if !slices.Contains(knownChannels, ch.Type) {
			add("channel type %q is not one of %s", ch.Type, strings.Join(knownChannels, ", "))
		}
		if strings.TrimSpace(ch.Value) == "" {
			add("channel %s has no value", ch.Type)
		}
	}
	for _, l := range c.Languages {
		if _, err := language.Parse(l); err != nil {
			add("language %q is not a BCP 47 tag", l)
		}
	}
	if strings.TrimSpace(c.Hours) == "" {
		add("hours is empty (write %q if the source does not say)", "not stated in source")
	}
	if len(c.Sources) == 0 {
		add("no sources")
	}
	for _, s := range c.Sources {
		u, err := url.Parse(s.URL)
		if s.URL == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			add("source url %q is not an http(s) URL", s.URL)
		}
		if strings.TrimSpace(s.Date) == "" {
			add("source %q has no date (write %q if the source shows none)", s.URL, "undated")
		}
	}
	if _, err := time.Parse(time.DateOnly, c.Checked); err != nil {
		add("checked %q is not a date YYYY-MM-DD", c.Checked)
	}
	if !slices.Contains(knownConfidence, c.Confidence) {
		add("confidence %q is not one of %s", c.Confidence, strings.Join(knownConfidence, ", "))
	}
	return ps
}

// parseNumber classifies n.Number for a contact in country cc and fills Kind, Display, International and Tel.
func parseNumber(n *Number, cc string) error {
	raw := strings.TrimSpace(n.Number)
	if !dialChars.MatchString(raw) {
		return errors.New("only digits, spaces, ()./- and a leading + are allowed (letters go in a phone_letters channel)")
	}
	digits := phonenumbers.NormalizeDigitsOnly(raw)
	region := cc
	if cc == Global {
		region = "" // only numbers in international form parse without a region
	}
	intl := strings.HasPrefix(raw, "+") || strings.HasPrefix(digits, "00")
	pn, perr := phonenumbers.Parse(raw, region)
	valid := perr == nil && phonenumbers.IsValidNumber(pn)
	if valid && cc != Global && !phonenumbers.IsValidNumberForRegion(pn, cc) {
		return fmt.Errorf("valid for %s, not for the contact's country %s",
			phonenumbers.GetRegionCodeForNumber(pn), cc)
	}
	if n.Unvalidated != "" {
		if valid {
			return errors.New("marked unvalidated, but libphonenumber accepts it: remove unvalidated")
		}
		n.Kind = KindUnvalidated
		n.Display = raw
		n.Tel = digits
		if strings.HasPrefix(raw, "+") {
			n.Tel = "+" + digits
		}
		return nil
	}
	if valid {
		n.Kind = KindE164
		n.Display = phonenumbers.Format(pn, phonenumbers.NATIONAL)
		n.International = phonenumbers.Format(pn, phonenumbers.INTERNATIONAL)
		n.Tel = phonenumbers.Format(pn, phonenumbers.E164)
		return nil
	}
	if !intl && cc != Global {
		knownShort := perr == nil && phonenumbers.IsValidShortNumberForRegion(pn, cc)
		if knownShort || shortDigits.MatchString(digits) {
			n.Kind = KindShort
			n.Display = digits
			n.Tel = digits
			return nil
		}
	}
	if perr != nil {
		return fmt.Errorf("not a phone number for %s (%v) nor a short code", cc, perr)
	}
	return fmt.Errorf("not a valid number for %s nor a short code", cc)
}

// validCountry reports whether cc is an ISO 3166-1 alpha-2 code of a country (upper case).
func validCountry(cc string) bool {
	if len(cc) != 2 || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z' {
		return false
	}
	r, err := language.ParseRegion(cc)
	return err == nil && r.IsCountry() && r.String() == cc
}

// ParseCountry upper-cases and checks a country code typed by a person or passed by a caller ("th", " TH "); ok is
// false for anything but an ISO 3166-1 alpha-2 country code (not XX, not numeric or three-letter codes).
func ParseCountry(s string) (cc string, ok bool) {
	cc = strings.ToUpper(strings.TrimSpace(s))
	return cc, validCountry(cc)
}

// Route returns the contacts for someone physically in country in who comes from country from (ISO 3166-1 alpha-2,
// either may be empty, case does not matter), in this order:
//
//  1. emergency lines of in;
//  2. anti-trafficking lines of in;
//  3. embassies and labour offices in in that serve from;
//  4. labour-migration, NGO, child and international lines of in;
//  5. from's own lines for someone abroad and their family (all but emergency lines and embassies), when from ≠ in;
//  6. global contacts.
//
// Within a group contacts keep the directory's order, so the result is deterministic. Contacts without a number or a
// channel (gaps the directory records) are left out. An argument that is not a
// country code gives an empty slice; a country without contacts adds nothing to the groups, and if both are empty
// (no in and no from) so is the result.
func (d *Directory) Route(in, from string) []Contact {
	out := []Contact{}
	if d == nil {
		return out
	}
	if in != "" {
		var ok bool
		if in, ok = ParseCountry(in); !ok {
			return out
		}
	}
	if from != "" {
		var ok bool
		if from, ok = ParseCountry(from); !ok {
			return out
		}
	}
	if in == "" && from == "" {
		return out
	}
	seen := map[string]bool{}
	pick := func(cc string, keep func(Contact) bool) {
		for _, i := range d.byCountry[cc] {
			c := d.contacts[i]
			if !seen[c.ID] && c.reachable() && keep(c) {
				seen[c.ID] = true
				out = append(out, c.clone())
			}
		}
	}
	ofType := func(t string) func(Contact) bool {
		return func(c Contact) bool { return c.Type == t }
	}
	if in != "" {
		pick(in, ofType(TypeEmergency))
		pick(in, ofType(TypeAntiTrafficking))
		if from != "" {
			pick(in, func(c Contact) bool { return c.Type == TypeEmbassy && c.Serves == from })
		}
		for _, t := range []string{TypeLabourMigration, TypeNGO, TypeChild, TypeInternational} {
			pick(in, ofType(t))
		}
	}
	if from != "" && from != in {
		for _, t := range []string{TypeAntiTrafficking, TypeLabourMigration, TypeNGO, TypeChild, TypeInternational} {
			pick(from, ofType(t))
		}
	}
	pick(Global, func(Contact) bool { return true })
	return out
}

// Countries returns the countries that have contacts, sorted; the global code XX is not among them.
func (d *Directory) Countries() []string {
	var out []string
	for cc := range d.byCountry {
		if cc != Global {
			out = append(out, cc)
		}
	}
	slices.Sort(out)
	return out
}

// Emergency returns the first emergency contact of country cc in directory order that has a number or a channel.
func (d *Directory) Emergency(cc string) (Contact, bool) {
	return d.first(cc, TypeEmergency)
}

// AntiTrafficking returns the first anti-trafficking contact of country cc in directory order that has a number or a
// channel.
func (d *Directory) AntiTrafficking(cc string) (Contact, bool) {
	return d.first(cc, TypeAntiTrafficking)
}

// Lookup returns the contact with the given id.
func (d *Directory) Lookup(id string) (Contact, bool) {
	i, ok := d.byID[id]
	if !ok {
		return Contact{}, false
	}
	return d.contacts[i].clone(), true
}

// All returns every contact in directory order.
func (d *Directory) All() []Contact {
	out := make([]Contact, len(d.contacts))
	for i, c := range d.contacts {
		out[i] = c.clone()
	}
	return out
}

func (d *Directory) first(cc, typ string) (Contact, bool) {
	cc, ok := ParseCountry(cc)
	if !ok {
		return Contact{}, false
	}
	for _, i := range d.byCountry[cc] {
		if d.contacts[i].Type == typ && d.contacts[i].reachable() {
			return d.contacts[i].clone(), true
		}
	}
	return Contact{}, false
}

// reachable reports whether c has a number or a channel. The directory keeps contacts whose number the research did
// not capture (a documented gap), but routing leaves them out.
func (c Contact) reachable() bool {
	return len(c.Numbers) > 0 || len(c.Channels) > 0
}

// clone copies c deeply enough that a caller cannot change the directory through it.
func (c Contact) clone() Contact {
	c.Numbers = slices.Clone(c.Numbers)
	c.Channels = slices.Clone(c.Channels)
	c.Languages = slices.Clone(c.Languages)
	c.Sources = slices.Clone(c.Sources)
	return c
}
