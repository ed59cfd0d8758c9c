package textnorm

import (
	"strings"
	"testing"
	"unicode/utf8"
)

var foldMapInputs = []string{
	"",
	"Chi phí môi giới",
	"Đi làm ở Campuchia",
	"Ｔｅｌｅｇｒａｍ @hr_ｍａｎｄｙ",
	"pass\u200bport",
	"\u202ehello\u202c",
	"  a \t\n b  ",
	"พาสปอร์ต ค่าดำเนินการ",
	"पासपोर्ट",
	"ပတ်စပို့",
	"ПАСПОРТ",
	"Straße",
	"Pasaporte retenido, ¿Qué hago?",
	"e\u0301te\u0301 a \u0301b",
	"İstanbul ǅ ﬁ ㎏ ①",
	"가나다 \u1100\u1161",
	"が か\u3099",
	"𝐩𝐚𝐬𝐬𝐩𝐨𝐫𝐭 Ⓣⓔⓛⓔⓖⓡⓐⓜ",
	"x\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309\u030a\u030b\u030c\u030d\u030e\u030f\u0310\u0311\u0312\u0313\u0314\u0315\u0316\u0317\u0318\u0319\u031a\u031b\u031c\u031d\u031e\u031f\u0320\u0321",
	"ក្រុងព្រះសីហនុ ລາວ",
	"مرحبا بكم في ميانمار",
	"\xff\xfe broken utf8 \xc3",
}

// TestFoldMapMaps checks that every folded byte maps back into the original, for the inputs that matter here.
func TestFoldMapMaps(t *testing.T) {
	for _, in := range foldMapInputs {
		t.Run(in, func(t *testing.T) { checkMap(t, FoldMap(in)) })
	}
}

func checkMap(t *testing.T, m *Mapped) {
	t.Helper()
	for i := 0; i < m.Len(); i++ {
		lo, hi := m.Source(i, i+1)
		if lo < 0 || hi > len(m.Original()) || lo >= hi {
			t.Fatalf("byte %d of %q maps to [%d,%d) of %q", i, m.String(), lo, hi, m.Original())
		}
	}
}

func FuzzFoldMap(f *testing.F) {
	for _, in := range foldMapInputs {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		m := FoldMap(in)
		checkMap(t, m)
		checkMap(t, m.Unmask())
	})
}

func TestExcerpt(t *testing.T) {
	tests := []struct {
		name, in, find, want string
	}{
		{"full width", "Contact ＴＥＬＥＧＲＡＭ now", "telegram", "ＴＥＬＥＧＲＡＭ"},
		{"diacritics", "Phí hồ sơ 5 triệu", "phi ho so", "Phí hồ sơ"},
		{"zero width", "send pass\u200bport photo", "passport", "pass\u200bport"},
		{"collapsed spaces", "no   experience\n\nneeded", "no experience needed", "no   experience\n\nneeded"},
		{"thai", "ติดต่อ ค่าดำเนินการ 5000 บาท", "ค่าดําเนินการ", "ค่าดำเนินการ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := FoldMap(tt.in)
			find := Fold(tt.find)
			i := strings.Index(m.String(), find)
			if i < 0 {
				t.Fatalf("%q not in %q", find, m.String())
			}
			if got := m.Excerpt(i, i+len(find)); got != tt.want {
				t.Errorf("Excerpt = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestUnmask(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Passport", "passport"},
		{"leet", "p@ssp0rt", "passport"},
		{"leet word", "sc4mm3r b1nance", "scammer binance"},
		{"cyrillic look-alikes in latin", "pаssport Теlеgram", "passport teiegram"},
		{"latin look-alikes in cyrillic", "пaспорт", "паспорт"},
		{"spaced letters", "send p a s s p o r t now", "send passport now"},
		{"dotted letters", "t.e.l.e.g.r.a.m", "teiegram"},
		{"spaced leet", "p @ s s p 0 r t", "passport"},
		{"dotted words keep their spaces", "t.o.u.r.i.s.t v.i.s.a", "tourist visa"},
		{"spaced words run together", "U S D T d e p o s i t", "usdtdeposit"},
		{"numbers kept", "usd 1,500/month 1500usd trc20 3pm", "usd 1,500/month 1500usd trc20 3pm"},
		{"hiring bang", "hiring!! now", "hiring!! now"},
		{"l and i", "Telegram only", "teiegram oniy"},
		{"ordinary words", "I am a tourist", "i am a tourist"},
		{"thai untouched", "วีซ่าท่องเที่ยว", "วีซ่าท่องเที่ยว"},
		{"math letters", "𝐩𝐚𝐬𝐬𝐩𝐨𝐫𝐭", "passport"},
		{"cyrillic-only look-alike word in latin text", "Please рау the fee", "piease pay the fee"},
		{"russian text untouched", "Оплатите взнос за оформление", "оплатите взнос за оформление"},
		{"thai spaces dropped", "ค่า ดำเนินการ 5000 บาท", "ค่าดําเนินการ 5000 บาท"},
		{"chinese spaces dropped", "中介 费", "中介费"},
		{"arabic marks dropped", "يومًا", "يوما"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := FoldMap(tt.in).Unmask()
			if got := m.String(); got != tt.want {
				t.Errorf("Unmask(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if !utf8.ValidString(m.String()) && utf8.ValidString(tt.in) {
				t.Errorf("invalid UTF-8 out of valid input")
			}
			checkMap(t, m)
		})
	}
}

func TestSoftBoundary(t *testing.T) {
	m := FoldMap("pay U S D T d e p o s i t now").Unmask()
	i := strings.Index(m.String(), "deposit")
	if i < 0 {
		t.Fatalf("no deposit in %q", m.String())
	}
	if !m.SoftBoundary(i) {
		t.Errorf("no soft boundary before deposit in %q", m.String())
	}
	if j := strings.Index(m.String(), "now"); m.SoftBoundary(j + 1) {
		t.Errorf("soft boundary inside a plain word")
	}
	if p := FoldMap("plain words only").Unmask(); p.SoftBoundary(5) {
		t.Errorf("soft boundary without spaced letters")
	}
}

func TestUnmaskExcerpt(t *testing.T) {
	in := "Please send your p a s s p o r t and pay by b1nance"
	m := FoldMap(in).Unmask()
	for find, want := range map[string]string{"passport": "p a s s p o r t", "binance": "b1nance"} {
		i := strings.Index(m.String(), find)
		if i < 0 {
			t.Fatalf("%q not in %q", find, m.String())
		}
		if got := m.Excerpt(i, i+len(find)); got != want {
			t.Errorf("Excerpt(%q) = %q, want %q", find, got, want)
		}
	}
}
