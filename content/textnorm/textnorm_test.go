package textnorm

import "testing"

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"vietnamese diacritics", "Chi phí môi giới", "chi phi moi gioi"},
		{"d with stroke", "Đi làm", "di lam"},
		{"full width", "Ｔｅｌｅｇｒａｍ", "telegram"},
		{"zero width inside a word", "pass\u200bport", "passport"},
		{"bidi controls", "\u202ehello\u202c", "hello"},
		{"spaces collapsed", "  a \t\n b  ", "a b"},
		{"thai vowel signs kept", "พาสปอร์ต", "พาสปอร์ต"},
		{"devanagari signs kept", "पासपोर्ट", "पासपोर्ट"},
		{"myanmar signs kept", "ပတ်စပို့", "ပတ်စပို့"},
		{"cyrillic case", "ПАСПОРТ", "паспорт"},
		{"german sharp s folds", "Straße", "strasse"},
		{"spanish accents", "Pasaporte retenido, ¿Qué hago?", "pasaporte retenido, ¿que hago?"},
		{"arabic hamza on alef and short vowels", "أَخَذُوا جَوَازَ سَفَرِي", "اخذوا جواز سفري"},
		{"arabic ta marbuta and alef maqsura", "الشركة مستشفى", "الشركه مستشفي"},
		{"arabic tatweel", "مـــساعدة", "مساعده"},
		{"amharic homophone letters", "ሥራ ሐሰት ዐይን ፀሐይ", "ስራ ሀሰት አይን ጸሀይ"},
		{"urdu yeh and kaf", "پاسپورٹ رکھ لیا", "پاسپورٹ ركھ ليا"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
