package screener

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// evasionOffer holds many flags in plain English; TestEvasion disguises it.
const evasionOffer = "Urgent hiring for customer service in Sihanoukville. Salary 1500 USD per month, no experience needed. " +
	"Free flight ticket. Travel on a tourist visa. Pay a 300 USDT deposit first. The company will keep your passport. " +
	"Contact us on Telegram only."

var cyrillicFor = map[rune]rune{'a': 'а', 'e': 'е', 'o': 'о', 'p': 'р', 'c': 'с', 'x': 'х', 'y': 'у',
	'A': 'А', 'E': 'Е', 'O': 'О', 'P': 'Р', 'C': 'С', 'X': 'Х', 'T': 'Т', 'H': 'Н', 'K': 'К', 'M': 'М', 'B': 'В'}

func mapWords(s string, f func(word string) string) string {
	var b strings.Builder
	word := []rune{}
	flush := func() {
		if len(word) > 0 {
			b.WriteString(f(string(word)))
			word = word[:0]
		}
	}
	for _, r := range s {
		if unicode.IsLetter(r) {
			word = append(word, r)
			continue
		}
		flush()
		b.WriteRune(r)
	}
	flush()
	return b.String()
}

var evasions = []struct {
	name string
	f    func(string) string
}{
	{"cyrillic look-alikes", func(s string) string {
		return strings.Map(func(r rune) rune {
			if c, ok := cyrillicFor[r]; ok {
				return c
			}
			return r
		}, s)
	}},
	{"zero-width and bidi characters", func(s string) string {
		return mapWords(s, func(w string) string {
			rs := []rune(w)
			var b strings.Builder
			for i, r := range rs {
				b.WriteRune(r)
				if i < len(rs)-1 {
					b.WriteString([]string{"\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\u200e"}[i%6])
				}
			}
			return b.String()
		})
	}},
	{"full-width letters", func(s string) string {
		return strings.Map(func(r rune) rune {
			switch {
			case r == ' ':
				return '\u3000'
			case r > ' ' && r < 0x7f:
				return r + 0xFEE0
			}
			return r
		}, s)
	}},
	{"leetspeak", func(s string) string {
		leet := map[rune]rune{'a': '@', 'o': '0', 'e': '3', 'i': '1', 's': '$', 'A': '4', 'E': '3', 'O': '0', 'S': '5'}
		return mapWords(s, func(w string) string {
			rs := []rune(w)
			if len(rs) < 4 {
				return w
			}
			for i := 1; i < len(rs)-1; i++ {
				if l, ok := leet[rs[i]]; ok {
					rs[i] = l
				}
			}
			return string(rs)
		})
	}},
	{"spaced letters", func(s string) string {
		keywords := []string{"passport", "Telegram", "deposit", "tourist", "Sihanoukville", "experience", "Urgent", "USDT"}
		return mapWords(s, func(w string) string {
			if !slices.Contains(keywords, w) {
				return w
			}
			return strings.Join(strings.Split(w, ""), " ")
		})
	}},
	{"dotted letters and mixed case", func(s string) string {
		return mapWords(s, func(w string) string {
			if len(w) < 6 {
				return strings.ToUpper(w)
			}
			return strings.Join(strings.Split(w, ""), ".")
		})
	}},
}

func TestEvasion(t *testing.T) {
	s := load(t)
	plain := s.Check(evasionOffer)
	want := ids(plain.Flags)
	for _, id := range []string{"document_retention_promised_or_implied", "tourist_or_visit_visa_for_work",
		"fee_in_crypto_or_to_personal_account", "messaging_app_only_contact", "hotspot_location",
		"too_good_salary_low_skill", "recruitment_fee_or_deposit"} {
		if !slices.Contains(want, id) {
			t.Fatalf("the plain offer lacks %s (has %v): fix the test offer first", id, want)
		}
	}
	for _, ev := range evasions {
		t.Run(ev.name, func(t *testing.T) {
			text := ev.f(evasionOffer)
			if text == evasionOffer {
				t.Fatal("the disguise changed nothing")
			}
			r := s.Check(text)
			if got := ids(r.Flags); !slices.Equal(got, want) {
				t.Errorf("flags differ\n text: %q\n got:  %v\n want: %v", text, got, want)
			}
			if r.Risk != plain.Risk {
				t.Errorf("risk %s, plain %s", r.Risk, plain.Risk)
			}
			for _, f := range r.Flags {
				for _, e := range f.Evidence {
					if !strings.Contains(text, strings.TrimSuffix(e, "…")) {
						t.Errorf("%s: evidence %q not cut from the disguised text", f.ID, e)
					}
				}
			}
		})
	}
}

func TestSalary(t *testing.T) {
	s := load(t)
	tests := []struct {
		name, text string
		flagged    bool
	}{
		{"month, no experience", "USD 1,500/month, no experience", true},
		{"hourly warehouse", "$15/hour warehouse", false},
		{"hourly warehouse, no experience", "Warehouse associate, $15/hour, no experience needed", false},
		{"hub place, modest pay", "Hotel housekeeping staff in Phnom Penh, salary 400 USD per month", false},
		{"hub place, high pay", "Hotel housekeeping staff in Phnom Penh, salary 1,200 USD per month", true},
		{"high-wage country", "Factory worker in Korea, no experience, 2,000,000 KRW per month", false},
		{"unknown place, skilled job", "Senior software engineer, salary 5,000 USD per month", false},
		{"ringgit with US dollars in brackets", "Job in Cambodia, salary up to RM15,000 (US$3,300) per month", true},
		{"vietnamese millions", "Chỉ cần biết sử dụng máy tính, thu nhập 30 triệu mỗi tháng", true},
		{"vietnamese modest", "Công nhân may, không cần kinh nghiệm, lương 8 triệu/tháng", false},
		{"chinese wan", "柬埔寨客服，无需经验，月薪1.5万元", true},
		{"thai baht", "แอดมินออนไลน์ เงินเดือน 35,000 บาท ไม่ต้องมีประสบการณ์", true},
		{"thai baht, local wage", "พนักงานฝ่ายผลิต เงินเดือน 12,000 บาท ไม่ต้องมีประสบการณ์", false},
		{"indonesian range with dot thousands", "customer service dengan gaji USD 1.000 sampai 1.200", true},
		{"brazilian mil", "operadores de telemarketing, R$ 15 mil mensais", true},
		{"khmer digits", "បុគ្គលិកសេវាកម្មអតិថិជន ប្រាក់ខែ ១០០០ ដុល្លារ", true},
		{"fee is not salary", "Customer service. Pay a 1,000 USDT deposit first.", false},
		{"daily pay", "Easy work, earn $60 a day", true},
		{"pesos with a dollar sign", "Ayudante de almacén, sin experiencia, sueldo $9,500 pesos mensuales", false},
		{"leet period", "Customer service, salary 1500 USD per m0nth", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.Check(tt.text)
			f, got := find(r.Flags, tooGoodSalary)
			if got != tt.flagged {
				t.Errorf("%q: too_good_salary flagged=%v (evidence %v), want %v; flags %v", tt.text, got, f.Evidence,
					tt.flagged, ids(r.Flags))
			}
		})
	}
}

func TestScanAmounts(t *testing.T) {
	tests := []struct {
		in   string
		want []float64
	}{
		{"1,500 and 1.500 and 1 500", []float64{1500, 1500, 1500}},
		{"3,950.00 and 15,5 and 1.5", []float64{3950, 15.5, 1.5}},
		{"covid19 x9 rm15,000", []float64{9, 15000}}, // a short code glued to a number may be a currency
		{"๑๒๓ ၁၅၀၀ ១០០០", []float64{123, 1500, 1000}},
		{"月薪1.5万", []float64{1.5}},
		{"+63 917 123 4567", []float64{63917123, 4567}},
	}
	for _, tt := range tests {
		var got []float64
		for _, a := range scanAmounts([]byte(tt.in)) {
			got = append(got, a.value)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("scanAmounts(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestNegationAndBoundaries(t *testing.T) {
	s := load(t)
	tests := []struct {
		name, text string
		flag       string
		want       bool
	}{
		{"fee", "Please pay the placement fee before Friday.", "recruitment_fee_or_deposit", true},
		{"no fee", "There is no placement fee for this programme.", "recruitment_fee_or_deposit", false},
		{"we never charge", "We never charge any processing fee to workers.", "recruitment_fee_or_deposit", false},
		{"negation in another clause", "No experience needed. Pay the processing fee first.", "recruitment_fee_or_deposit", true},
		{"tagalog no fee", "Walang placement fee sa programang ito.", "recruitment_fee_or_deposit", false},
		{"tourist visa", "You can enter on a tourist visa.", "tourist_or_visit_visa_for_work", true},
		{"advisory", "Do not travel for work on a tourist visa.", "tourist_or_visit_visa_for_work", false},
		{"passport kept", "The company will keep your passport.", "document_retention_promised_or_implied", true},
		{"passport not kept", "We will never keep your passport.", "document_retention_promised_or_implied", false},
		{"vietnamese negation", "Công ty không giữ hộ chiếu của người lao động.", "document_retention_promised_or_implied", false},
		{"word boundary", "Office administration and online training.", "scam_typical_job_title", false},
		{"line is not LINE", "Production line worker, online application.", "messaging_app_only_contact", false},
		{"line id", "Add our LINE ID: jobs123", "messaging_app_only_contact", true},
		{"digits are a boundary", "send 300usdt deposit", "fee_in_crypto_or_to_personal_account", true},
		{"thai without spaces", "ติดต่อเทเลแกรมได้เลย", "messaging_app_only_contact", true},
		{"latin inside thai", "ติดต่อtelegramได้เลย", "messaging_app_only_contact", true},
		{"arabic proclitic", "تواصل معنا عبر واتساب وتيليجرام", "messaging_app_only_contact", true},
		{"salary in crypto is not a fee", "We pay your salary in USDT every month.", "fee_in_crypto_or_to_personal_account", false},
		{"salary in crypto", "We pay your salary in USDT every month.", "salary_in_crypto", true},
		{"near across sentences", "Invest in crypto. Send your CV.", "fee_in_crypto_or_to_personal_account", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.Check(tt.text)
			if _, got := find(r.Flags, tt.flag); got != tt.want {
				t.Errorf("%q: %s = %v, want %v (flags %v)", tt.text, tt.flag, got, tt.want, ids(r.Flags))
			}
		})
	}
}

// TestHardNegatives: legitimate employers and programmes that pay flights or housing must not read as scams.
func TestHardNegatives(t *testing.T) {
	s := load(t)
	for _, text := range []string{
		"Roles require you to move to Lisbon. Relocation assistance, including flights and accommodation support, is available. Apply through our careers page; the process includes online tests and a phone interview.",
		"The Department of Migrant Workers announces EPS Korea hiring. Applicants must pass the EPS-TOPIK. Workers receive a written contract and a work visa before departure. There is no placement fee.",
		"Agoda is hiring customer experience specialists for its Bangkok office. Relocation package with flight and temporary housing. Work permit and employment contract provided.",
	} {
		if r := s.Check(text); r.Risk == RiskHigh {
			t.Errorf("hard negative read as high risk: %v\n%s", ids(r.Flags), text)
		}
	}
}

func TestBoundaryFlags(t *testing.T) {
	// A phrase in a script without spaces matches inside a longer run; a Latin phrase needs word boundaries.
	b := &matcherBuilder{index: map[string]int{}}
	b.add("telegram", ref{})
	b.add("ค่าหัว", ref{})
	b.add("fee*", ref{})
	for _, p := range b.patterns {
		switch p.text {
		case "teiegram":
			if !p.left || !p.right {
				t.Errorf("telegram: boundaries %v %v", p.left, p.right)
			}
		case "ค่าหัว":
			if p.left || p.right {
				t.Errorf("thai: boundaries %v %v", p.left, p.right)
			}
		case "fee":
			if !p.left || p.right {
				t.Errorf("fee*: boundaries %v %v", p.left, p.right)
			}
		default:
			t.Errorf("unexpected pattern %q", p.text)
		}
	}
}
