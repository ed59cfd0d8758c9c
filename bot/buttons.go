package bot

import (
	"slices"
	"strings"

	"github.com/safepassage/safepassage/locales"
)

// Button data. Short, because Telegram allows 64 bytes; stable, because old buttons stay in chats for months.
const (
	dataMenu       = "menu"
	dataAsk        = "ask"
	dataCheck      = "check"
	dataHelp       = "help"
	dataAlerts     = "alerts"
	dataLanguage   = "lang"
	dataAbout      = "about"
	dataDelete     = "del"
	dataDeleteYes  = "del:yes"
	dataDeleteNo   = "del:no"
	dataAlertsOn   = "alerts:on"
	dataAlertsOff  = "alerts:off"
	prefixLanguage = "lang:"
)

// KnownButton reports whether data is a button the engine could have sent. Channels that cannot show an old chat
// (the web API) refuse unknown data as bad input; the others answer it with the menu.
func (e *Engine) KnownButton(data string) bool {
	switch data {
	case dataMenu, dataAsk, dataCheck, dataHelp, dataAlerts, dataLanguage, dataAbout,
		dataDelete, dataDeleteYes, dataDeleteNo, dataAlertsOn, dataAlertsOff:
		return true
	}
	if loc, ok := strings.CutPrefix(data, prefixLanguage); ok {
		return slices.Contains(locales.Supported, loc) && e.cat.Has(loc)
	}
	return e.knownHelpButton(data) || e.knownTopicButton(data) || e.knownQuestionButton(data)
}

// button answers a pressed button.
func (c *conv) button(data string) []Reply {
	if !c.KnownButton(data) {
		return append([]Reply{{Text: c.t("button_expired"), Kind: KindPrompt}}, c.menu()...)
	}
	c.state.Step = stepNone
	switch data {
	case dataMenu:
		return c.menu()
	case dataAsk:
		c.state.Step = stepAwaitQuestion
		return []Reply{{Text: c.t("ask_prompt"), Kind: KindPrompt, Buttons: c.themeButtons()}}
	case dataCheck:
		c.state.Step = stepAwaitOffer
		return []Reply{{Text: c.t("check_prompt"), Kind: KindPrompt}}
	case dataHelp:
		return c.helpNow()
	case dataAlerts:
		return c.alertsMenu()
	case dataAlertsOn, dataAlertsOff:
		c.user.Alerts = data == dataAlertsOn
		id := "alerts_off"
		if c.user.Alerts {
			id = "alerts_on"
		}
		return []Reply{{Text: c.t(id), Kind: KindAlert, Ref: data}}
	case dataLanguage:
		return c.languageMenu()
	case dataAbout:
		return c.about()
	case dataDelete:
		return c.deleteConfirm()
	case dataDeleteNo:
		return []Reply{{Text: c.t("delete_cancelled"), Kind: KindPrompt, Buttons: c.menuButtons()}}
	case dataDeleteYes:
		return c.delete()
	}
	if replies, ok := c.helpButton(data); ok {
		return replies
	}
	switch {
	case data == dataTopics:
		return c.topicsMenu()
	case strings.HasPrefix(data, prefixTopic):
		return c.topic(strings.TrimPrefix(data, prefixTopic))
	case strings.HasPrefix(data, prefixTheme):
		return c.theme(strings.TrimPrefix(data, prefixTheme))
	case strings.HasPrefix(data, prefixQuestion):
		return c.answer(data)
	}
	loc := strings.TrimPrefix(data, prefixLanguage)
	c.lang, c.user.Lang, c.user.LangChosen = loc, loc, true
	replies := []Reply{{Text: c.t("language_set"), Kind: KindPrompt}}
	if !c.cat.Reviewed(loc) && loc != locales.Default {
		replies[0].Text += "\n" + c.t("language_machine")
	}
	return append(replies, c.menu()...)
}
