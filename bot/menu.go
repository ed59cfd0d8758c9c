package bot

import (
	"github.com/safepassage/safepassage/locales"
)

// menuButtons are the main menu's choices: help alone on its own row, where a thumb finds it first.
func (c *conv) menuButtons() [][]Button {
	return [][]Button{
		{{Label: c.t("button_help"), Data: dataHelp}},
		{{Label: c.t("button_check"), Data: dataCheck}, {Label: c.t("button_ask"), Data: dataAsk}},
		{{Label: c.t("button_alerts"), Data: dataAlerts}, {Label: c.t("button_language"), Data: dataLanguage}},
		{{Label: c.t("button_about"), Data: dataAbout}},
	}
}

func (c *conv) menu() []Reply {
	c.state.Step = stepNone
	return []Reply{{Text: c.t("menu_intro"), Kind: KindMenu, Buttons: c.menuButtons()}}
}

// languageMenu offers every locale by its own name, three to a row.
func (c *conv) languageMenu() []Reply {
	var rows [][]Button
	var row []Button
	for _, loc := range locales.Supported {
		if !c.cat.Has(loc) {
			continue
		}
		row = append(row, Button{Label: c.cat.Name(loc), Data: prefixLanguage + loc})
		if len(row) == 3 {
			rows = append(rows, row)
			row = nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return []Reply{{Text: c.t("language_prompt"), Kind: KindPrompt, Buttons: rows}}
}

func (c *conv) about() []Reply {
	return []Reply{{Text: c.t("about_text"), Kind: KindPrompt, Ref: "about", Buttons: [][]Button{
		{{Label: c.t("button_delete"), Data: dataDelete}},
	}}}
}

func (c *conv) deleteConfirm() []Reply {
	return []Reply{{Text: c.t("delete_confirm"), Kind: KindPrompt, Buttons: [][]Button{
		{{Label: c.t("button_delete_confirm"), Data: dataDeleteYes}, {Label: c.t("button_cancel"), Data: dataDeleteNo}},
	}}}
}

// delete forgets the user. The reply is written before, in the language they had; nothing is saved after.
func (c *conv) delete() []Reply {
	if err := c.store.DeleteUser(c.ctx, c.user.Channel, c.user.PlatformID); err != nil {
		c.log.ErrorContext(c.ctx, "delete user", "channel", c.user.Channel, "err", err)
		return []Reply{{Text: c.t("error_temporary"), Kind: KindFallback}}
	}
	c.deleted = true
	return []Reply{{Text: c.t("delete_done"), Kind: KindPrompt}}
}

func (c *conv) alertsMenu() []Reply {
	b := Button{Label: c.t("button_subscribe"), Data: dataAlertsOn}
	if c.user.Alerts {
		b = Button{Label: c.t("button_unsubscribe"), Data: dataAlertsOff}
	}
	return []Reply{{Text: c.t("alerts_prompt"), Kind: KindAlert, Buttons: [][]Button{{b}}}}
}
