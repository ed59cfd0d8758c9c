package locales

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestEmbeddedFilesLoad(t *testing.T) {
	c, err := Load(Files)
	if err != nil {
		t.Fatal(err)
	}
	for _, loc := range Supported {
		if !c.Has(loc) {
			t.Errorf("no strings for %s", loc)
			continue
		}
		cov := c.Coverage()[loc]
		if cov.Translated != cov.Messages {
			t.Errorf("%s translates %d of %d messages", loc, cov.Translated, cov.Messages)
		}
		if loc != Default && c.Reviewed(loc) {
			t.Logf("%s is marked reviewed by a native speaker", loc)
		}
		if s := c.Text(loc, "menu_intro", nil); strings.Contains(s, "{{") || strings.Contains(s, "<no value>") {
			t.Errorf("%s: placeholder leak in %q", loc, s)
		}
	}
}

const enFile = `meta: {locale: en, name: English}
messages:
  hello: "Hello"
  bye: "Bye"
  found:
    one: "{{.Count}} sign"
    other: "{{.Count}} signs"
  where: "Help in {{.Country}}"
`

func TestLoadRejects(t *testing.T) {
	tests := []struct {
		name, file, body, want string
	}{
		{"unknown locale", "xx.yaml", "meta: {locale: xx, name: X}\nmessages: {hello: hi}", "not a supported locale"},
		{"wrong meta locale", "th.yaml", "meta: {locale: km, name: ไทย}\nmessages: {hello: สวัสดี}", "meta.locale"},
		{"id not in English", "th.yaml", "meta: {locale: th, name: ไทย}\nmessages: {nothere: สวัสดี}", "not in en.yaml"},
		{"placeholder changed", "th.yaml", "meta: {locale: th, name: ไทย}\nmessages: {where: \"ช่วยใน {{.Land}}\"}", "placeholders"},
		{"empty text", "th.yaml", "meta: {locale: th, name: ไทย}\nmessages: {hello: \"  \"}", "empty"},
		{"missing plural form", "ru.yaml", "meta: {locale: ru, name: Русский}\nmessages: {found: {one: \"{{.Count}} знак\", other: \"{{.Count}} знака\"}}", "no plural form"},
		{"not YAML", "th.yaml", "meta: [", "th.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"en.yaml": {Data: []byte(enFile)}, tt.file: {Data: []byte(tt.body)}}
			_, err := Load(fsys)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one mentioning %q", err, tt.want)
			}
		})
	}
	if _, err := Load(fstest.MapFS{"th.yaml": {Data: []byte("meta: {locale: th, name: ไทย}\nmessages: {hello: สวัสดี}")}}); err == nil {
		t.Error("a catalog without English loaded")
	}
}

func TestFallbackAndPlurals(t *testing.T) {
	fsys := fstest.MapFS{
		"en.yaml": {Data: []byte(enFile)},
		"th.yaml": {Data: []byte("meta: {locale: th, name: ไทย}\nmessages: {hello: สวัสดี, found: {other: \"พบ {{.Count}} สัญญาณ\"}}")},
		"ru.yaml": {Data: []byte("meta: {locale: ru, name: Русский}\nmessages: {found: {one: \"{{.Count}} знак\", few: \"{{.Count}} знака\", many: \"{{.Count}} знаков\", other: \"{{.Count}} знака\"}}")},
	}
	c, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, got, want string
	}{
		{"translated", c.Text("th", "hello", nil), "สวัสดี"},
		{"missing falls back to English", c.Text("th", "bye", nil), "Bye"},
		{"unknown locale falls back to English", c.Text("zz", "hello", nil), "Hello"},
		{"unknown id is never empty", c.Text("th", "no_such_id", nil), "no_such_id"},
		{"data filled", c.Text("en", "where", map[string]any{"Country": "Thailand"}), "Help in Thailand"},
		{"English one", c.Plural("en", "found", 1, nil), "1 sign"},
		{"English other", c.Plural("en", "found", 3, nil), "3 signs"},
		{"Thai has one form", c.Plural("th", "found", 1, nil), "พบ 1 สัญญาณ"},
		{"Russian few", c.Plural("ru", "found", 3, nil), "3 знака"},
		{"Russian many", c.Plural("ru", "found", 5, nil), "5 знаков"},
		{"Russian one at 21", c.Plural("ru", "found", 21, nil), "21 знак"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestMatch(t *testing.T) {
	c, err := Load(Files)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ hint, want string }{
		{"th", "th"}, {"th-TH", "th"}, {"my", "my"}, {"zh-CN", "zh-Hans"}, {"zh-TW", "zh-Hant"}, {"zh-HK", "zh-Hant"},
		{"zh", "zh-Hans"}, {"pt-BR", "pt"}, {"es-MX", "es"}, {"fil", "tl"}, {"ar-EG", "ar"}, {"ur-PK", "ur"},
		{"fr-CM,en;q=0.5", "fr"}, {"en-US", "en"}, {"", ""}, {"xx", ""}, {"not a tag!!", ""},
		{"th,zh-hans-raw", "th"}, {"th-TH,th;q=0.9,x-foo-barbazqux;q=0.1", "th"},
	}
	for _, tt := range tests {
		if got := c.Match(tt.hint); got != tt.want {
			t.Errorf("Match(%q) = %q, want %q", tt.hint, got, tt.want)
		}
	}
}

func TestDetectScript(t *testing.T) {
	tests := []struct {
		text, want string
	}{
		{"บริษัทขอยึดพาสปอร์ต", "th"},
		{"ပတ်စပို့ ယူထားတယ်", "my"},
		{"ក្រុមហ៊ុនយកលិខិតឆ្លងដែន", "km"},
		{"ບໍລິສັດຍຶດໜັງສືຜ່ານແດນ", "lo"},
		{"मुझे एजेंट को पैसे देने होंगे क्या?", "hi"},
		{"मलाई एजेन्टलाई पैसा तिर्नु पर्छ?", "ne"},
		{"म नेपाली हुँ", "ne"},
		{"अच्छा, कुछ पता है?", "hi"},
		{"এজেন্ট টাকা চাইছে", "bn"},
		{"ඒජන්ත මුදල් ඉල්ලනවා", "si"},
		{"முகவர் பணம் கேட்கிறார்", "ta"},
		{"الوكيل يطلب مني المال", "ar"},
		{"ایجنٹ مجھ سے پیسے مانگ رہا ہے", "ur"},
		{"ኤጀንቱ ገንዘብ ጠየቀኝ", "am"},
		{"中介要我先交钱，这个工作是真的吗", "zh-Hans"},
		{"仲介要我先交錢，這個工作是真的嗎", "zh-Hant"},
		{"агент просит деньги за визу", "ru"},
		{"ให้ติดต่อทาง Telegram @hr_jobs เท่านั้น USD", "th"},
	}
	for _, tt := range tests {
		if got, ok := DetectScript(tt.text); !ok || got != tt.want {
			t.Errorf("DetectScript(%q) = %q, %v; want %q", tt.text, got, ok, tt.want)
		}
	}
	// Undecided: Latin script, too short, or nothing that tells the two Chinese scripts, or Hindi and Nepali, apart.
	for _, text := range []string{"do i need to pay the agent", "chi phi moi gioi bao nhieu", "a", "", "12345 !!!", "ok ก",
		"好的", "工作", "नमस्ते"} {
		if got, ok := DetectScript(text); ok {
			t.Errorf("DetectScript(%q) = %q, want undecided", text, got)
		}
	}
}

func TestDetect(t *testing.T) {
	c, err := Load(Files)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text, want string
	}{
		{"do i need to pay the agent before i get the job", "en"},
		{"chi phí môi giới bao nhiêu vậy", "vi"},
		{"chi phi moi gioi bao nhieu", "vi"},
		{"magkano ang bayad sa ahensya para sa trabaho", "tl"},
		{"je dois payer l'agent avant de partir ?", "fr"},
		{"tengo que pagar al reclutador antes del viaje", "es"},
		{"preciso pagar a agência antes de viajar?", "pt"},
		{"nilipe wakala pesa ngapi kabla ya kazi", "sw"},
		{"บริษัทขอยึดพาสปอร์ต", "th"},
		{"berapa bayaran ejen untuk kerja di luar negara, boleh tak", "ms"},
	}
	for _, tt := range tests {
		if got, ok := c.Detect(tt.text); !ok || got != tt.want {
			t.Errorf("Detect(%q) = %q, %v; want %q", tt.text, got, ok, tt.want)
		}
	}
	for _, text := range []string{"ok", "agent fee?", "kerja", "hello there", "USD 1500"} {
		if got, ok := c.Detect(text); ok {
			t.Errorf("Detect(%q) = %q: too short to tell, want undecided", text, got)
		}
	}
}
