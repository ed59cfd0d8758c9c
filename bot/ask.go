package bot

import (
	"slices"
	"strings"

	"github.com/safepassage/safepassage/content/topics"
)

// Knowledge-base buttons.
const (
	dataTopics   = "topics" // the themes
	prefixTheme  = "th:"    // th:<theme id> — the topics of a theme
	prefixTopic  = "t:"     // t:<topic id> — one topic's answer
	maxRelated   = 3        // related topics offered under an answer
	topicsPerRow = 2
	// minSuggestCoverage is the share of a question's weight a topic must cover to be offered as a guess when the
	// search is not confident (topics.MinCoverage is the bar for answering).
	minSuggestCoverage = 0.35
	minSuggestHits     = 6
)

// ask answers a question from the knowledge base, or says it is not sure and offers the topics.
func (c *conv) ask(text string) []Reply {
	c.state.Step = stepNone
	// Search by the question's own language (a user who chose English may still type Thai), else the user's.
	qlang := c.lang
	if loc, ok := c.textLang(); ok {
		qlang = loc
	}
	matches := c.lib.Topics.Search(text, qlang)
	if len(matches) > 0 && matches[0].Confident {
		return c.topic(matches[0].TopicID)
	}
	// Not sure: offer the topics that came closest, if any came close at all, then the themes.
	var guesses []Button
	for _, m := range matches {
		if len(guesses) == maxRelated {
			break
		}
		// Enough of the question found; or, in a script written without spaces, where the search counts character
		// sequences and any long question covers a small share, many of them.
		if m.Coverage < minSuggestCoverage && m.Hits < minSuggestHits {
			continue
		}
		if t, ok := c.lib.Topics.Text(c.lang, m.TopicID); ok {
			guesses = append(guesses, Button{Label: t.Title, Data: prefixTopic + m.TopicID})
		}
	}
	return []Reply{{Text: c.t("not_sure"), Kind: KindFallback, Buttons: append(chunk(guesses, 1), c.themeButtons()...)}}
}

// topic is one topic's answer in the user's language, with its steps, sources and next steps as buttons.
func (c *conv) topic(id string) []Reply {
	t, ok := c.lib.Topics.Topic(id)
	text, ok2 := c.lib.Topics.Text(c.lang, id)
	if !ok || !ok2 {
		return c.topicsMenu()
	}
	var b strings.Builder
	b.WriteString(text.Title)
	b.WriteString("\n\n")
	b.WriteString(text.Answer)
	for _, s := range text.Steps {
		b.WriteString("\n• " + s)
	}
	if text.Fallback {
		b.WriteString("\n\n" + c.t("faq_fallback_note"))
	}
	if len(t.Sources) > 0 {
		names := make([]string, 0, len(t.Sources))
		for _, s := range t.Sources {
			names = append(names, s.Title)
		}
		b.WriteString("\n\n📚 " + c.t("faq_sources") + " " + strings.Join(names, "; "))
	}
	var rows [][]Button
	var actions []Button
	for _, btn := range t.Buttons {
		switch btn {
		case topics.ButtonCheckOffer:
			actions = append(actions, Button{Label: c.t("button_check"), Data: dataCheck})
		case topics.ButtonHelpNow:
			actions = append(actions, Button{Label: c.t("button_help"), Data: dataHelp})
		case topics.ButtonTopics:
			actions = append(actions, Button{Label: c.t("button_topics"), Data: dataTopics})
		}
	}
	if len(actions) > 0 {
		rows = append(rows, actions)
	}
	var related []Button
	for _, r := range t.Related {
		if len(related) == maxRelated {
			break
		}
		if rt, ok := c.lib.Topics.Text(c.lang, r); ok {
			related = append(related, Button{Label: rt.Title, Data: prefixTopic + r})
		}
	}
	rows = append(rows, chunk(related, topicsPerRow)...)
	return []Reply{{Text: b.String(), Kind: KindFAQ, Ref: id, Buttons: rows}}
}

// topicsMenu offers the themes of the knowledge base.
func (c *conv) topicsMenu() []Reply {
	return []Reply{{Text: c.t("topics_prompt"), Kind: KindPrompt, Ref: dataTopics, Buttons: c.themeButtons()}}
}

func (c *conv) themeButtons() [][]Button {
	var bs []Button
	for _, th := range c.lib.Topics.Themes() {
		tt, _ := c.lib.Topics.ThemeTitle(c.lang, th.ID)
		bs = append(bs, Button{Label: tt.Title, Data: prefixTheme + th.ID})
	}
	return chunk(bs, topicsPerRow)
}

// theme offers the topics of one theme.
func (c *conv) theme(id string) []Reply {
	for _, th := range c.lib.Topics.Themes() {
		if th.ID != id {
			continue
		}
		var bs []Button
		for _, tid := range th.Topics {
			if t, ok := c.lib.Topics.Text(c.lang, tid); ok {
				bs = append(bs, Button{Label: t.Title, Data: prefixTopic + tid})
			}
		}
		title, _ := c.lib.Topics.ThemeTitle(c.lang, id)
		return []Reply{{Text: c.td("theme_prompt", map[string]any{"Theme": title.Title}), Kind: KindPrompt, Ref: id,
			Buttons: append(chunk(bs, topicsPerRow), []Button{{Label: c.t("button_topics"), Data: dataTopics}})}}
	}
	return c.topicsMenu()
}

// knownTopicButton reports whether data names a theme or topic of the knowledge base.
func (e *Engine) knownTopicButton(data string) bool {
	if data == dataTopics {
		return true
	}
	if id, ok := strings.CutPrefix(data, prefixTopic); ok {
		_, known := e.lib.Topics.Topic(id)
		return known
	}
	if id, ok := strings.CutPrefix(data, prefixTheme); ok {
		return slices.ContainsFunc(e.lib.Topics.Themes(), func(t topics.Theme) bool { return t.ID == id })
	}
	return false
}

// chunk lays buttons out n to a row.
func chunk(bs []Button, n int) [][]Button {
	var rows [][]Button
	for len(bs) > 0 {
		k := min(n, len(bs))
		rows = append(rows, bs[:k])
		bs = bs[k:]
	}
	return rows
}
