package hotlines

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"
)

func load(t *testing.T) *Directory {
	t.Helper()
	d, err := Load(Files)
	if err != nil {
		t.Fatalf("Load(Files): %v", err)
	}
	return d
}

func ids(cs []Contact) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

// hasNumber reports whether one of cs lists a number whose Tel is tel.
func hasNumber(cs []Contact, tel string) bool {
	for _, c := range cs {
		for _, n := range c.Numbers {
			if n.Tel == tel {
				return true
			}
		}
	}
	return false
}

func TestEmbeddedLoads(t *testing.T) {
	d := load(t)
	raw, err := fs.ReadFile(Files, FileName)
	if err != nil {
		t.Fatal(err)
	}
	want := len(regexp.MustCompile(`(?m)^- id: `).FindAll(raw, -1))
	all := d.All()
	if len(all) != want {
		t.Fatalf("loaded %d contacts, the file has %d entries", len(all), want)
	}
	kinds := map[string]int{}
	for _, c := range all {
		for _, n := range c.Numbers {
			kinds[n.Kind]++
			if n.Tel == "" || n.Display == "" {
				t.Errorf("%s: number %q has no Tel or Display after Load", c.ID, n.Number)
			}
			if n.Kind == KindE164 && !strings.HasPrefix(n.Tel, "+") {
				t.Errorf("%s: number %q: e164 Tel %q has no +", c.ID, n.Number, n.Tel)
			}
		}
	}
	t.Logf("contacts=%d countries=%d (+%s) numbers: e164=%d short=%d unvalidated=%d",
		len(all), len(d.Countries()), Global, kinds[KindE164], kinds[KindShort], kinds[KindUnvalidated])
}

// researchPath is the shared research file, outside the repository: ../shared/research from the repository root.
func researchPath(t *testing.T) string {
	t.Helper()
	p := filepath.Join("..", "..", "..", "shared", "research", "hotlines.yaml")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("research file %s not available: %v", p, err)
	}
	return p
}

// TestMatchesResearch checks that the directory holds exactly the research entries: one contact per entry, with
// the same country and sources, and every number of the entry.
func TestMatchesResearch(t *testing.T) {
	data, err := os.ReadFile(researchPath(t))
	if err != nil {
		t.Fatal(err)
	}
	var research struct {
		Entries []struct {
			Country    string `yaml:"country"`
			CitizensOf string `yaml:"citizens_of"`
			Name       string `yaml:"name"`
			Phone      string `yaml:"phone"`
			PhoneE164  string `yaml:"phone_e164"`
			Phones     []struct {
				Number string `yaml:"number"`
			} `yaml:"phones"`
			Sources []struct {
				URL string `yaml:"url"`
			} `yaml:"sources"`
		} `yaml:"entries"`
	}
	if err := yaml.Unmarshal(data, &research); err != nil {
		t.Fatal(err)
	}
	d := load(t)
	all := d.All()
	if len(all) != len(research.Entries) {
		t.Errorf("directory has %d contacts, research has %d entries", len(all), len(research.Entries))
	}
	nonDigit := regexp.MustCompile(`[^0-9]`)
	paren := regexp.MustCompile(`\([a-zA-Z/ ]+\)`)
	digitsOf := func(c Contact) []string {
		var out []string
		for _, n := range c.Numbers {
			out = append(out, nonDigit.ReplaceAllString(n.Number, ""), strings.TrimPrefix(n.Tel, "+"))
		}
		for _, ch := range c.Channels {
			out = append(out, nonDigit.ReplaceAllString(ch.Value, ""), ch.Value)
		}
		return out
	}
	used := map[string]string{}
	for i, e := range research.Entries {
		var want []string
		switch {
		case len(e.Phones) > 0:
			for _, p := range e.Phones {
				want = append(want, p.Number)
			}
		case e.Phone != "":
			for _, p := range strings.FieldsFunc(paren.ReplaceAllString(e.Phone, ""), func(r rune) bool {
				return r == '/' || r == ','
			}) {
				if strings.ContainsAny(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
					want = append(want, strings.TrimSpace(p)) // letters: kept verbatim in a channel
				} else {
					want = append(want, nonDigit.ReplaceAllString(p, ""))
				}
			}
		}
		if e.PhoneE164 != "" {
			want = append(want, strings.TrimPrefix(e.PhoneE164, "+"))
		}
		var urls []string
		for _, s := range e.Sources {
			urls = append(urls, s.URL)
		}
		var found []string
		for _, c := range all {
			var curls []string
			for _, s := range c.Sources {
				curls = append(curls, s.URL)
			}
			if c.Country != e.Country || c.Serves != e.CitizensOf || !slices.Equal(curls, urls) {
				continue
			}
			have := digitsOf(c)
			ok := true
			for _, w := range want {
				ok = ok && slices.Contains(have, w)
			}
			if ok {
				found = append(found, c.ID)
			}
		}
		switch {
		case len(found) == 0:
			t.Errorf("research entry %d (%s %q, numbers %v) has no matching contact", i, e.Country, e.Name, want)
		case len(found) > 1:
			t.Errorf("research entry %d (%s %q) matches several contacts: %v", i, e.Country, e.Name, found)
		default:
			if prev, dup := used[found[0]]; dup {
				t.Errorf("contact %s matches research entries %s and %d", found[0], prev, i)
			}
			used[found[0]] = e.Name
		}
	}
}

func TestRoute(t *testing.T) {
	d := load(t)
	tests := []struct {
		name        string
		in, from    string
		wantTel     []string // numbers that must be offered
		wantIDs     []string // contacts that must be offered
		notIDs      []string // contacts that must not be offered
		wantEmpty   bool
		firstIsType string
	}{
		{name: "Thailand", in: "TH", wantTel: []string{"1300", "191"}, firstIsType: TypeEmergency,
			notIDs: []string{"th-embassy-ph-bangkok"}},
		{name: "Philippines", in: "PH", wantTel: []string{"1343", "1348"}, firstIsType: TypeEmergency},
		{name: "Filipino in Myanmar", in: "MM", from: "PH", wantIDs: []string{"mm-embassy-ph-yangon", "ph-anti-trafficking-1343", "ph-dmw-1348"},
			notIDs: []string{"mm-embassy-id-yangon", "mm-embassy-cn-yangon", "ph-emergency-911"}, firstIsType: TypeEmergency},
		{name: "Indonesian in Myanmar", in: "MM", from: "ID", wantIDs: []string{"mm-embassy-id-yangon", "id-kemlu-citizen-protection"},
			notIDs: []string{"mm-embassy-ph-yangon"}},
		{name: "Vietnamese in Cambodia", in: "KH", from: "VN", wantIDs: []string{"kh-embassy-vn-phnom-penh", "vn-anti-trafficking-111"},
			notIDs: []string{"kh-embassy-in-phnom-penh", "vn-emergency"}},
		{name: "lower case", in: "th", from: "ph", wantIDs: []string{"th-police-191", "th-embassy-ph-bangkok"}},
		{name: "from only", from: "PH", wantIDs: []string{"ph-anti-trafficking-1343"}, notIDs: []string{"ph-emergency-911"}},
		{name: "gap not routed", in: "JP", notIDs: []string{"jp-otit"}, wantIDs: []string{"jp-emergency"}},
		{name: "country without contacts", in: "FR", wantIDs: []string{"xx-polaris-directory"}},
		{name: "unknown country", in: "ZZ", wantEmpty: true},
		{name: "not a code", in: "Thailand", wantEmpty: true},
		{name: "numeric code", in: "764", wantEmpty: true},
		{name: "unknown from", in: "TH", from: "QQ", wantEmpty: true},
		{name: "global code is not a country", in: "XX", wantEmpty: true},
		{name: "nothing", wantEmpty: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := d.Route(tt.in, tt.from)
			if got == nil {
				t.Fatal("Route returned nil, want a non-nil slice")
			}
			if tt.wantEmpty {
				if len(got) != 0 {
					t.Fatalf("Route(%q, %q) = %v, want empty", tt.in, tt.from, ids(got))
				}
				return
			}
			if len(got) == 0 {
				t.Fatalf("Route(%q, %q) is empty", tt.in, tt.from)
			}
			for _, tel := range tt.wantTel {
				if !hasNumber(got, tel) {
					t.Errorf("Route(%q, %q) lacks number %s: %v", tt.in, tt.from, tel, ids(got))
				}
			}
			gotIDs := ids(got)
			for _, id := range tt.wantIDs {
				if !slices.Contains(gotIDs, id) {
					t.Errorf("Route(%q, %q) lacks %s: %v", tt.in, tt.from, id, gotIDs)
				}
			}
			for _, id := range tt.notIDs {
				if slices.Contains(gotIDs, id) {
					t.Errorf("Route(%q, %q) has %s: %v", tt.in, tt.from, id, gotIDs)
				}
			}
			if tt.firstIsType != "" && got[0].Type != tt.firstIsType {
				t.Errorf("first contact %s is %s, want %s", got[0].ID, got[0].Type, tt.firstIsType)
			}
			seen := map[string]bool{}
			for _, id := range gotIDs {
				if seen[id] {
					t.Errorf("contact %s offered twice", id)
				}
				seen[id] = true
			}
			if again := ids(d.Route(tt.in, tt.from)); !slices.Equal(again, gotIDs) {
				t.Errorf("Route is not deterministic: %v then %v", gotIDs, again)
			}
		})
	}
}

// TestRouteOrder checks the group order of Route on every pair of countries that matter most.
func TestRouteOrder(t *testing.T) {
	d := load(t)
	rank := func(c Contact, in, from string) int {
		switch {
		case c.Country == in && c.Type == TypeEmergency:
			return 1
		case c.Country == in && c.Type == TypeAntiTrafficking:
			return 2
		case c.Country == in && c.Type == TypeEmbassy:
			return 3
		case c.Country == in:
			return 4
		case c.Country == from:
			return 5
		case c.Country == Global:
			return 6
		}
		return 0
	}
	ccs := []string{"TH", "MM", "KH", "LA", "PH", "ID", "VN", "MY", "CN", "IN", "NP", "KE"}
	for _, in := range ccs {
		for _, from := range append([]string{""}, ccs...) {
			t.Run(in+"<-"+from, func(t *testing.T) {
				last := 0
				for _, c := range d.Route(in, from) {
					r := rank(c, in, from)
					if r == 0 {
						t.Fatalf("%s (%s) belongs to neither %s nor %s", c.ID, c.Country, in, from)
					}
					if r < last {
						t.Fatalf("%s (group %d) comes after group %d", c.ID, r, last)
					}
					if c.Type == TypeEmbassy && c.Serves != from {
						t.Fatalf("%s serves %s, not %q", c.ID, c.Serves, from)
					}
					if c.Country == from && from != in && c.Type == TypeEmergency {
						t.Fatalf("home emergency line %s offered abroad", c.ID)
					}
					last = r
				}
			})
		}
	}
}

func TestEmergencyAndAntiTrafficking(t *testing.T) {
	d := load(t)
	tests := []struct {
		cc      string
		fn      func(string) (Contact, bool)
		wantTel string // "" = none expected
	}{
		{"TH", d.Emergency, "191"},
		{"th", d.Emergency, "191"},
		{"PH", d.Emergency, "911"},
		{"TH", d.AntiTrafficking, "1300"},
		{"PH", d.AntiTrafficking, "1343"},
		{"VN", d.AntiTrafficking, "111"},
		{"MM", d.AntiTrafficking, ""}, // research found no Myanmar anti-trafficking line
		{"ZZ", d.Emergency, ""},
		{"", d.Emergency, ""},
	}
	for _, tt := range tests {
		t.Run(tt.cc+"-"+tt.wantTel, func(t *testing.T) {
			c, ok := tt.fn(tt.cc)
			if tt.wantTel == "" {
				if ok {
					t.Fatalf("got %s, want none", c.ID)
				}
				return
			}
			if !ok {
				t.Fatalf("none found for %q", tt.cc)
			}
			if !hasNumber([]Contact{c}, tt.wantTel) {
				t.Errorf("%s has no number %s", c.ID, tt.wantTel)
			}
		})
	}
	for _, cc := range d.Countries() {
		if _, ok := d.Emergency(cc); !ok {
			t.Errorf("country %s has no emergency contact", cc)
		}
	}
}

func TestCountries(t *testing.T) {
	d := load(t)
	got := d.Countries()
	if !slices.IsSorted(got) {
		t.Errorf("Countries not sorted: %v", got)
	}
	if slices.Contains(got, Global) {
		t.Errorf("Countries contains %s", Global)
	}
	for _, c := range d.All() {
		if c.Country != Global && !slices.Contains(got, c.Country) {
			t.Errorf("Countries lacks %s (contact %s)", c.Country, c.ID)
		}
	}
}

func TestNumbers(t *testing.T) {
	d := load(t)
	tests := []struct {
		id, number                      string
		kind, tel, display, internation string
	}{
		// Expected E.164 forms are the research file's phone_e164 values.
		{"th-anti-trafficking-abroad", "+66 99 130 1300", KindE164, "+66991301300", "099 130 1300", "+66 99 130 1300"},
		{"mm-embassy-ph-yangon", "+95 998 521 0991", KindE164, "+959985210991", "09 985 210991", "+95 9 985 210991"},
		{"my-mapo-anti-trafficking", "03-8000 8000", KindE164, "+60380008000", "03-8000 8000", "+60 3-8000 8000"},
		{"th-anti-trafficking-1300", "1300", KindShort, "1300", "1300", ""},
		{"pk-emergency", "15", KindShort, "15", "15", ""},
		{"ph-dmw-1348", "+63 2 1348", KindUnvalidated, "+6321348", "+63 2 1348", ""},
	}
	for _, tt := range tests {
		t.Run(tt.id+" "+tt.number, func(t *testing.T) {
			c, ok := d.Lookup(tt.id)
			if !ok {
				t.Fatalf("no contact %s", tt.id)
			}
			i := slices.IndexFunc(c.Numbers, func(n Number) bool { return n.Number == tt.number })
			if i < 0 {
				t.Fatalf("%s has no number %q", tt.id, tt.number)
			}
			n := c.Numbers[i]
			if n.Kind != tt.kind || n.Tel != tt.tel || n.Display != tt.display || n.International != tt.internation {
				t.Errorf("got kind=%s tel=%s display=%q intl=%q, want %s %s %q %q",
					n.Kind, n.Tel, n.Display, n.International, tt.kind, tt.tel, tt.display, tt.internation)
			}
		})
	}
}

func TestResultsAreCopies(t *testing.T) {
	d := load(t)
	r := d.Route("TH", "")
	tel := r[0].Numbers[0].Tel
	r[0].Numbers[0].Tel = "0"
	r[0].Sources[0].URL = "x"
	if got := d.Route("TH", "")[0]; got.Numbers[0].Tel != tel || got.Sources[0].URL == "x" {
		t.Fatalf("changing a result changed the directory: %+v", got.Numbers[0])
	}
}

func TestJSON(t *testing.T) {
	d := load(t)
	c, _ := d.Lookup("mm-embassy-ph-yangon")
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "country", "serves", "type", "name", "numbers", "hours", "sources", "checked", "confidence"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, b)
		}
	}
	n := m["numbers"].([]any)[0].(map[string]any)
	for _, k := range []string{"number", "display", "tel", "kind"} {
		if _, ok := n[k]; !ok {
			t.Errorf("number JSON lacks %q: %v", k, n)
		}
	}
}

// contactYAML is one valid contact; the load-error tests change one line of it at a time.
const contactYAML = `- id: th-test-%s
  country: TH
  type: anti_trafficking
  name: Test line
  numbers:
  - number: '1300'
  hours: 24/7
  sources:
  - url: https://example.org/source
    date: '2024-01-02'
  checked: 2026-11-25
  confidence: medium
`

func contact(id string, replace ...string) string {
	s := strings.ReplaceAll(contactYAML, "%s", id)
	for i := 0; i+1 < len(replace); i += 2 {
		if !strings.Contains(s, replace[i]) {
			panic("contactYAML has no " + replace[i])
		}
		s = strings.Replace(s, replace[i], replace[i+1], 1)
	}
	return s
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // every substring must be in the error
	}{
		{"valid", "contacts:\n" + contact("ok"), nil},
		{"no source", "contacts:\n" + contact("nosrc", "  sources:\n  - url: https://example.org/source\n    date: '2024-01-02'\n", ""),
			[]string{"contact th-test-nosrc", "no sources"}},
		{"source without date", "contacts:\n" + contact("nodate", "    date: '2024-01-02'\n", ""),
			[]string{"contact th-test-nodate", "no date"}},
		{"source without url", "contacts:\n" + contact("nourl", "https://example.org/source", "''"),
			[]string{"contact th-test-nourl", "not an http(s) URL"}},
		{"invalid number", "contacts:\n" + contact("badnum", "'1300'", "'+66 12'"),
			[]string{"contact th-test-badnum", `number "+66 12"`}},
		{"long local number", "contacts:\n" + contact("long", "'1300'", "'02 123'"),
			[]string{"contact th-test-long", `number "02 123"`, "nor a short code"}},
		{"letters", "contacts:\n" + contact("letters", "'1300'", "'800SAVE'"),
			[]string{"contact th-test-letters", "phone_letters"}},
		{"number of another country", "contacts:\n" + contact("foreign", "'1300'", "'+84 981 84 84 84'"),
			[]string{"contact th-test-foreign", "not for the contact's country TH"}},
		{"unvalidated but valid", "contacts:\n" + contact("unv", "'1300'", "'+66 99 130 1300'\n    unvalidated: because"),
			[]string{"contact th-test-unv", "remove unvalidated"}},
		{"disputed without conflict", "contacts:\n" + contact("disp", "'1300'", "'1300'\n    disputed: true"),
			[]string{"contact th-test-disp", "conflict"}},
		{"unknown type", "contacts:\n" + contact("type", "anti_trafficking", "hotline"),
			[]string{"contact th-test-type", `type "hotline"`}},
		{"bad country", "contacts:\n" + contact("cc", "country: TH", "country: ZZ"),
			[]string{"contact th-test-cc", `country "ZZ"`}},
		{"id prefix", "contacts:\n" + contact("pfx", "country: TH", "country: MM"),
			[]string{"contact th-test-pfx", `id must start with "mm-"`}},
		{"no checked", "contacts:\n" + contact("chk", "  checked: 2026-11-25\n", ""),
			[]string{"contact th-test-chk", "checked"}},
		{"bad confidence", "contacts:\n" + contact("conf", "medium", "sure"),
			[]string{"contact th-test-conf", "confidence"}},
		{"embassy without serves", "contacts:\n" + contact("emb", "anti_trafficking", "embassy"),
			[]string{"contact th-test-emb", "serves"}},
		{"serves on a non-embassy", "contacts:\n" + contact("srv", "type: anti_trafficking", "type: anti_trafficking\n  serves: PH"),
			[]string{"contact th-test-srv", "serves is only for"}},
		{"bad language", "contacts:\n" + contact("lang", "  hours:", "  languages: [not a tag]\n  hours:"),
			[]string{"contact th-test-lang", "BCP 47"}},
		{"unreachable without notes", "contacts:\n" + contact("gap", "  numbers:\n  - number: '1300'\n", ""),
			[]string{"contact th-test-gap", "no numbers and no channels"}},
		{"duplicate id", "contacts:\n" + contact("dup") + contact("dup"),
			[]string{"contact th-test-dup", "duplicate id"}},
		{"unknown field", "contacts:\n" + contact("field", "  hours:", "  hotline: yes\n  hours:"),
			[]string{"field hotline not found"}},
		{"every bad entry is named", "contacts:\n" + contact("ok") +
			contact("one", "  sources:\n  - url: https://example.org/source\n    date: '2024-01-02'\n", "") +
			contact("two", "'1300'", "'+66 12'"),
			[]string{"contact th-test-one", "contact th-test-two"}},
		{"empty", "contacts: []\n", []string{"no contacts"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{FileName: {Data: []byte(tt.yaml)}}
			d, err := Load(fsys)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				if len(d.All()) != 1 {
					t.Fatalf("loaded %d contacts, want 1", len(d.All()))
				}
				return
			}
			if err == nil {
				t.Fatalf("Load succeeded, want an error with %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "th-test-ok") {
				t.Errorf("error names the valid contact: %v", err)
			}
		})
	}
	if _, err := Load(fstest.MapFS{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load of an empty FS: %v, want fs.ErrNotExist", err)
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(Files); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRoute(b *testing.B) {
	d, err := Load(Files)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		d.Route("MM", "PH")
	}
}
