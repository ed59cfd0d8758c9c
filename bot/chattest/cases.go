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
		{In: Input{Text: "ช่วยด้วย ไม่เข้าใจ", Lang: "en"}, Want: Want{Script: "th"}},
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
}
