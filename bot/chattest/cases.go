package chattest

// Cases is the shared table of conversations every channel must hold to.
var Cases = []Case{
	{Name: "start in English shows the menu with help first", Steps: []Step{
		{In: Input{Text: "/start", Lang: "en"}, Want: Want{Texts: []string{"menu_prompt"}, FirstKind: "menu",
			Buttons: []string{"help", "check", "ask", "alerts", "lang", "about"}}},
	}},
	{Name: "start with a Thai hint answers in Thai", Steps: []Step{
		{In: Input{Text: "/start", Lang: "th"}, Want: Want{Script: "th", Buttons: []string{"help", "check"}}},
	}},
	{Name: "start with a Burmese hint answers in Burmese", Steps: []Step{
		{In: Input{Text: "/start", Lang: "my"}, Want: Want{Script: "my", Buttons: []string{"help"}}},
	}},
	{Name: "a region-specific hint is matched", Steps: []Step{
		{In: Input{Text: "/start", Lang: "zh-TW"}, Want: Want{Script: "zh-Hant", Texts: []string{"menu_prompt"}, Locale: "zh-Hant"}},
	}},
	{Name: "an unknown hint falls back to English", Steps: []Step{
		{In: Input{Text: "/start", Lang: "xx-YY"}, Want: Want{Texts: []string{"menu_prompt"}}},
	}},
	{Name: "a chosen language sticks over the platform hint", Steps: []Step{
		{In: Input{Button: "lang", Lang: "en"}, Want: Want{Texts: []string{"language_prompt"}, Buttons: []string{"lang:th", "lang:ar", "lang:my"}}},
		{In: Input{Button: "lang:ar", Lang: "en"}, Want: Want{Script: "ar", Texts: []string{"language_set"}, Locale: "ar"}},
		{In: Input{Text: "/start", Lang: "en"}, Want: Want{Script: "ar", Texts: []string{"menu_prompt"}, Locale: "ar"}},
		{In: Input{Text: "hello there", Lang: "en"}, Want: Want{Script: "ar"}},
	}},
	{Name: "typing in a script answers in that language", Steps: []Step{
		{In: Input{Text: "/start", Lang: "en"}, Want: Want{Texts: []string{"menu_prompt"}}},
		{In: Input{Text: "ไม่เข้าใจ อธิบายอีกที", Lang: "en"}, Want: Want{Script: "th"}},
	}},
	{Name: "typing Vietnamese without diacritics answers in Vietnamese", Steps: []Step{
		{In: Input{Text: "/start", Lang: "en"}, Want: Want{Texts: []string{"menu_prompt"}}},
		{In: Input{Text: "chi phi moi gioi bao nhieu", Lang: "en"}, Want: Want{Texts: []string{"button_menu"}, Locale: "vi"}},
		// a short reply keeps the language
		{In: Input{Text: "ok", Lang: "en"}, Want: Want{Texts: []string{"button_menu"}, Locale: "vi"}},
	}},
	{Name: "help is one tap from the menu, then a country gives its hotlines", Steps: []Step{
		{In: Input{Text: "/start", Lang: "en"}, Want: Want{FirstKind: "menu"}},
		{In: Input{Button: "help", Lang: "en"}, Want: Want{FirstKind: "hotlines", Texts: []string{"help_intro", "help_country_prompt"},
			Buttons: []string{"cc:TH", "cc:MM", "cc:KH", "cc:all"}}},
		{In: Input{Button: "cc:TH", Lang: "en"}, Want: Want{FirstKind: "hotlines", Texts: []string{"help_call_script"},
			Contains: []string{"191", "1300"}, Buttons: []string{"more:TH", "from:all", "menu"}}},
		// The country is remembered: help now goes straight to the contacts.
		{In: Input{Text: "/help_now", Lang: "en"}, Want: Want{FirstKind: "hotlines", Contains: []string{"1300"}}},
	}},
	{Name: "the embassy of the user's own country is listed", Steps: []Step{
		{In: Input{Button: "cc:MM", Lang: "en"}, Want: Want{FirstKind: "hotlines", Buttons: []string{"from:all"}}},
		{In: Input{Button: "from:all", Lang: "en"}, Want: Want{Buttons: []string{"from:PH"}}},
		{In: Input{Button: "from:PH", Lang: "en"}, Want: Want{FirstKind: "hotlines", Contains: []string{"Philippine"}}},
	}},
	{Name: "a typed country name is understood in the user's language", Steps: []Step{
		{In: Input{Button: "help", Lang: "th"}, Want: Want{FirstKind: "hotlines", Script: "th"}},
		{In: Input{Text: "ไทย", Lang: "th"}, Want: Want{FirstKind: "hotlines", Contains: []string{"1300"}}},
	}},
	{Name: "Philippine hotlines", Steps: []Step{
		{In: Input{Button: "cc:PH", Lang: "tl"}, Want: Want{FirstKind: "hotlines", Contains: []string{"1343"}}},
		{In: Input{Button: "more:PH", Lang: "tl"}, Want: Want{FirstKind: "hotlines", Contains: []string{"1343", "1348"}}},
	}},
	{Name: "help is a command too", Steps: []Step{
		{In: Input{Text: "/help_now", Lang: "en"}, Want: Want{FirstKind: "hotlines"}},
	}},
	{Name: "every reply offers help", Steps: []Step{
		{In: Input{Button: "about", Lang: "en"}, Want: Want{Texts: []string{"about_text"}, Buttons: []string{"help", "del"}}},
		{In: Input{Button: "alerts", Lang: "en"}, Want: Want{FirstKind: "alert", Buttons: []string{"alerts:on", "help"}}},
		{In: Input{Text: "/help", Lang: "en"}, Want: Want{Texts: []string{"usage"}, Buttons: []string{"help"}}},
	}},
	{Name: "alerts can be turned on and off", Steps: []Step{
		{In: Input{Button: "alerts:on", Lang: "en"}, Want: Want{Texts: []string{"alerts_on"}}},
		{In: Input{Button: "alerts", Lang: "en"}, Want: Want{Buttons: []string{"alerts:off"}}},
		{In: Input{Button: "alerts:off", Lang: "en"}, Want: Want{Texts: []string{"alerts_off"}}},
	}},
	{Name: "a user can delete their data", Steps: []Step{
		{In: Input{Button: "lang:th", Lang: "en"}, Want: Want{Script: "th"}},
		{In: Input{Text: "/delete", Lang: "en"}, Want: Want{Buttons: []string{"del:yes", "del:no"}, Script: "th"}},
		{In: Input{Button: "del:yes", Lang: "en"}, Want: Want{Texts: []string{"delete_done"}, Locale: "th"}},
		// Forgotten: the explicit Thai choice is gone, the hint rules again.
		{In: Input{Text: "/start", Lang: "en"}, Want: Want{Texts: []string{"menu_prompt"}}},
	}},
	{Name: "cancelling deletion keeps the data", Steps: []Step{
		{In: Input{Button: "del", Lang: "en"}, Want: Want{Buttons: []string{"del:yes", "del:no"}}},
		{In: Input{Button: "del:no", Lang: "en"}, Want: Want{Texts: []string{"delete_cancelled"}}},
	}},
	{Name: "a question reaches its topic", Steps: []Step{
		{In: Input{Text: "is it normal that the agency asks me for a placement fee before I fly?", Lang: "en"},
			Want: Want{FirstKind: "faq", FirstRef: "recruitment_fees", Buttons: []string{"help"}}},
	}},
	{Name: "a short question gets the closest topics as buttons", Steps: []Step{
		{In: Input{Button: "ask", Lang: "en"}, Want: Want{Texts: []string{"ask_prompt"}, Buttons: []string{"th:money"}}},
		{In: Input{Text: "agent fee?", Lang: "en"}, Want: Want{Buttons: []string{"t:recruitment_fees"}}},
	}},
	{Name: "a question typed in Thai is answered in the language the user chose", Steps: []Step{
		{In: Input{Button: "lang:en", Lang: "th"}, Want: Want{Texts: []string{"language_set"}}},
		{In: Input{Text: "นายจ้างยึดพาสปอร์ตได้ไหม", Lang: "th"},
			Want: Want{FirstKind: "faq", FirstRef: "passport_retention", NotScript: "th"}},
		// A longer question the search is less sure of still offers the right topic as a button.
		{In: Input{Text: "นายจ้างมีสิทธิ์ยึดพาสปอร์ตของลูกจ้างไหม", Lang: "th"},
			Want: Want{Buttons: []string{"t:passport_retention"}, NotScript: "th"}},
	}},
	{Name: "an out-of-domain message gets no topic", Steps: []Step{
		{In: Input{Text: "what will the weather be like tomorrow", Lang: "en"}, Want: Want{FirstKind: "fallback", NoKind: "faq",
			Texts: []string{"not_sure"}, Buttons: []string{"th:money", "help"}}},
	}},
	{Name: "topics can be browsed with buttons", Steps: []Step{
		{In: Input{Text: "/topics", Lang: "en"}, Want: Want{Texts: []string{"topics_prompt"}, Buttons: []string{"th:money", "th:getting_help"}}},
		{In: Input{Button: "th:money", Lang: "en"}, Want: Want{Buttons: []string{"t:recruitment_fees", "t:debt_bondage", "topics"}}},
		{In: Input{Button: "t:recruitment_fees", Lang: "en"}, Want: Want{FirstKind: "faq", FirstRef: "recruitment_fees"}},
	}},
	{Name: "a distress message gets help first, whatever the step", Steps: []Step{
		{In: Input{Button: "check", Lang: "en"}, Want: Want{Texts: []string{"check_prompt"}}},
		{In: Input{Text: "please help me they locked us in and took my passport", Lang: "en"},
			Want: Want{FirstKind: "hotlines", Texts: []string{"help_distress"}, Buttons: []string{"cc:TH"}}},
	}},
	{Name: "a question about passports is not distress", Steps: []Step{
		{In: Input{Text: "is my employer allowed to keep my passport?", Lang: "en"}, Want: Want{NotFirst: "hotlines"}},
	}},
	{Name: "a pasted scam offer is screened, with follow-up questions", Steps: []Step{
		{In: Input{Text: ScamOffer, Lang: "en"}, Want: Want{FirstKind: "check", FirstRef: "high", Texts: []string{"button_yes", "button_skip"}}},
	}},
	{Name: "a Thai offer pasted by a Burmese user is explained in Burmese", Steps: []Step{
		{In: Input{Text: "/start", Lang: "my"}, Want: Want{Script: "my"}},
		{In: Input{Text: "รับด่วน! งานแอดมินออนไลน์ ตอบแชทลูกค้า ทำงานที่กัมพูชา เงินเดือน 35,000 บาท ไม่ต้องมีประสบการณ์ ฟรีตั๋วเครื่องบิน สนใจแอดไลน์ @job_kh88", Lang: "my"},
			Want: Want{FirstKind: "check", Script: "my", Texts: []string{"button_yes"}, Locale: "my"}},
	}},
	{Name: "Check a job offer asks for it, and a too-short text is asked again", Steps: []Step{
		{In: Input{Button: "check", Lang: "en"}, Want: Want{Texts: []string{"check_prompt"}}},
		{In: Input{Text: "hi", Lang: "en"}, Want: Want{Texts: []string{"check_too_short"}}},
		{In: Input{Text: ScamOffer, Lang: "en"}, Want: Want{FirstKind: "check", FirstRef: "high"}},
	}},
}

// ScamOffer is a made-up offer with the marks of a scam-compound recruitment (fee in crypto, tourist visa, a
// hotspot town, pay far above the job's, contact on Telegram only).
const ScamOffer = "URGENT hiring!! Customer service staff for a company in Sihanoukville, Cambodia. Salary 1500 USD/month, " +
	"no experience needed, free flight ticket and hotel. Tourist visa is fine, we change it later. Pay 300 USDT " +
	"deposit to secure your seat. Contact HR on Telegram @hr_mandy_jobs only."
