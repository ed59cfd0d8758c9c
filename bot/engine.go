package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/safepassage/safepassage/content"
	"github.com/safepassage/safepassage/content/screener"
	"github.com/safepassage/safepassage/locales"
	"github.com/safepassage/safepassage/store"
)

// Engine answers messages. It is safe for concurrent use; messages of one user are handled one at a time.
type Engine struct {
	store *store.Store
	lib   *content.Library
	cat   *locales.Catalog
	log   *slog.Logger
	locks [64]sync.Mutex
}

// Option configures an Engine.
type Option func(*Engine)

// WithLogger sets the logger (default: slog.Default()). The engine never logs message text above debug level.
func WithLogger(l *slog.Logger) Option { return func(e *Engine) { e.log = l } }

// NewEngine returns an engine over a store, the loaded content and the UI strings.
func NewEngine(st *store.Store, lib *content.Library, cat *locales.Catalog, opts ...Option) *Engine {
	e := &Engine{store: st, lib: lib, cat: cat, log: slog.Default()}
	for _, o := range opts {
		o(e)
	}
	return e
}

// state is the conversation state kept with the user between messages (as JSON in the store): which step they are
// in, and the verdict of the offer being checked (flag ids and answers, never the text).
type state struct {
	Step   string      `json:"step,omitempty"`
	Check  *checkState `json:"check,omitempty"`
	Checks int         `json:"checks,omitempty"` // offers checked so far, to number each check's buttons
}

// Steps of a conversation, where the next message means something particular.
const (
	stepNone          = ""
	stepAwaitQuestion = "question"
	stepAwaitOffer    = "offer"
	stepAwaitCountry  = "country"
)

// ErrBadMessage is returned for a message that no channel should have sent (no channel or user).
var ErrBadMessage = errors.New("bad message")

// conv is one message being handled: the user, their state and the language of the answer.
type conv struct {
	*Engine
	ctx     context.Context
	user    store.User
	state   state
	msg     Message
	lang    string
	deleted bool
	typed   *detected        // the language of the message's text, found once
	report  *screener.Report // the screener's verdict on the message's text, found once
	danger  *dangerHit       // the distress detector's verdict on the message's text, found once
}

type dangerHit struct {
	kinds []string
	ok    bool
}

// distressed runs the distress detector on the message's typed text once per message.
func (c *conv) distressed() ([]string, bool) {
	if c.danger == nil {
		c.danger = &dangerHit{}
		if text := strings.TrimSpace(c.msg.Text); text != "" && !strings.HasPrefix(text, "/") {
			hit, ok := c.lib.Distress.Detect(text)
			c.danger = &dangerHit{hit.Kinds, ok}
		}
	}
	return c.danger.kinds, c.danger.ok
}

// detected is the result of language identification on the message's text.
type detected struct {
	locale string
	ok     bool
}

// textLang identifies the language of the message's text once per message (it is the costliest step of a reply).
func (c *conv) textLang() (string, bool) {
	if c.typed == nil {
		loc, ok := c.cat.Detect(c.msg.Text)
		c.typed = &detected{loc, ok && c.cat.Has(loc)}
	}
	return c.typed.locale, c.typed.ok
}

// Handle answers one message. A store that fails is logged and does not stop the reply: a person asking for help
// gets it even when the database is down. The error is only for a message no channel should send.
func (e *Engine) Handle(ctx context.Context, m Message) (Response, error) {
	if m.Channel == "" || m.UserID == "" {
		return Response{}, fmt.Errorf("%w: channel and user id are required", ErrBadMessage)
	}
	if !utf8.ValidString(m.Text) {
		m.Text = strings.ToValidUTF8(m.Text, "\uFFFD")
	}
	mu := e.lock(m.Channel, m.UserID)
	mu.Lock()
	defer mu.Unlock()

	u, err := e.store.User(ctx, m.Channel, m.UserID)
	if err != nil {
		// The reply matters more than the memory: answer as to a new user (help and distress replies need no state).
		e.log.ErrorContext(ctx, "load user", "channel", m.Channel, "err", err)
		u = store.User{Channel: m.Channel, PlatformID: m.UserID, State: "{}"}
	}
	c := &conv{Engine: e, ctx: ctx, user: u, msg: m}
	if err := json.Unmarshal([]byte(u.State), &c.state); err != nil {
		c.state = state{} // an old or damaged state: start afresh rather than fail
	}
	if m.ChatID != "" {
		c.user.ChatID = m.ChatID
	}
	c.user.Blocked = false // they wrote to us: they have not blocked the bot
	c.lang = c.language()
	c.user.Lang = c.lang

	replies := c.dispatch()
	replies = e.finish(c.lang, replies)

	if !c.deleted {
		b, err := json.Marshal(c.state)
		if err != nil {
			return Response{}, fmt.Errorf("handle message: encode state: %w", err)
		}
		c.user.State = string(b)
		if _, err := e.store.SaveUser(ctx, c.user); err != nil {
			e.log.ErrorContext(ctx, "save user", "channel", m.Channel, "err", err) // the replies still go out
		}
	}
	return Response{Lang: c.lang, Replies: replies}, nil
}

// Blocked records that the user blocked the bot on their channel, so that alerts skip them.
func (e *Engine) Blocked(ctx context.Context, channel, userID string) error {
	return e.store.MarkBlocked(ctx, channel, userID)
}

func (e *Engine) lock(channel, user string) *sync.Mutex {
	h := fnv.New32a()
	h.Write([]byte(channel))
	h.Write([]byte{0})
	h.Write([]byte(user))
	return &e.locks[h.Sum32()%uint32(len(e.locks))]
}

// language picks the locale to answer in: the user's explicit choice; else the language of what they typed (its
// script, or language identification for Latin-script text long enough to tell), unless what they typed is a job
// offer; else the language they were answered in before; else the platform's hint; else the offer's language; else
// English.
func (c *conv) language() string {
	u, m, cat := c.user, c.msg, c.cat
	if u.LangChosen && cat.Has(u.Lang) {
		return u.Lang
	}
	typed := strings.TrimSpace(m.Text) != "" && !strings.HasPrefix(m.Text, "/") && m.Button == ""
	// An offer is read in its own language but explained in the user's: a Burmese worker who pastes a Thai offer
	// reads the verdict in Burmese. Its language counts only when nothing else says what the user reads. A message
	// of distress is the user's own words, however long: answer in its language.
	_, danger := c.distressed()
	if typed && (danger && !m.Forwarded || !c.offerLike(strings.TrimSpace(m.Text))) {
		if loc, ok := c.textLang(); ok && !sameFamily(loc, u.Lang) {
			return loc
		}
	}
	if u.Lang != "" && cat.Has(u.Lang) {
		return u.Lang
	}
	if loc := cat.Match(m.LangHint); loc != "" {
		return loc
	}
	if typed {
		if loc, ok := c.textLang(); ok {
			return loc
		}
	}
	return locales.Default
}

// sameFamily reports whether a detected language is close enough to the user's current one to keep theirs:
// Indonesian and Malay, which language identification confuses on a short message, as it does the two Chinese scripts
// on a text without the characters that differ.
func sameFamily(detected, current string) bool {
	for _, pair := range [][2]string{{"id", "ms"}, {"zh-Hans", "zh-Hant"}} {
		if detected != current && (detected == pair[0] || detected == pair[1]) && (current == pair[0] || current == pair[1]) {
			return true
		}
	}
	return false
}

// dispatch decides what the message is and answers it.
func (c *conv) dispatch() []Reply {
	m := c.msg
	text := strings.TrimSpace(m.Text)
	// Danger first: whatever the user was doing, a message that signals it gets help before anything else.
	if kinds, ok := c.distressed(); ok {
		c.log.InfoContext(c.ctx, "distress", "channel", m.Channel, "kinds", kinds)
		return c.distress(kinds)
	}
	switch {
	case m.Button != "":
		return c.button(m.Button)
	case m.Location != nil:
		return c.located(m.Location.Lat, m.Location.Lon)
	case strings.HasPrefix(text, "/"):
		return c.command(text)
	case text == "" && m.Media != MediaNone:
		return c.unsupported()
	case text == "":
		return c.menu()
	}
	forwarded := m.Forwarded || m.Media == MediaPhoto || m.Media == MediaDoc
	switch c.state.Step {
	case stepAwaitCountry, stepAwaitFrom:
		if replies, ok := c.countryTyped(text); ok {
			return replies
		}
	case stepAwaitQuestion:
		if !forwarded { // a forwarded offer is checked, whatever the user pressed before
			return c.ask(text)
		}
	case stepAwaitOffer:
		// "Check a job offer", then a question instead of an offer: answer the question.
		if !forwarded && strings.ContainsAny(text, "?？؟") && len(c.screen(text).Flags) == 0 {
			return c.ask(text)
		}
	}
	if c.offerLike(text) {
		return c.check(text)
	}
	return c.ask(text)
}

// command answers a slash command ("/start", "/help_now"). Unknown commands get the menu.
func (c *conv) command(text string) []Reply {
	name := strings.ToLower(strings.Fields(text)[0])
	if i := strings.IndexByte(name, '@'); i >= 0 {
		name = name[:i]
	}
	c.state.Step = stepNone
	switch name {
	case "/start", "/menu":
		return c.menu()
	case "/help":
		return []Reply{{Text: c.t("usage"), Kind: KindPrompt, Buttons: c.menuButtons()}}
	case "/language":
		return c.languageMenu()
	case "/help_now", "/sos":
		return c.helpNow()
	case "/delete":
		return c.deleteConfirm()
	case "/about", "/privacy":
		return c.about()
	case "/alerts":
		return c.alertsMenu()
	case "/topics":
		return c.topicsMenu()
	case "/check":
		c.state.Step = stepAwaitOffer
		return []Reply{{Text: c.t("check_prompt"), Kind: KindPrompt}}
	}
	return c.menu()
}

// unsupported answers a voice note, a sticker or a picture without a caption: what the bot can do instead.
func (c *conv) unsupported() []Reply {
	id := "unsupported_other"
	switch c.msg.Media {
	case MediaVoice, MediaPhoto, MediaVideo, MediaSticker:
		id = "unsupported_media"
	}
	return []Reply{{Text: c.t(id), Kind: KindFallback, Buttons: c.menuButtons()}}
}

func (c *conv) fallback() []Reply {
	return []Reply{{Text: c.t("fallback"), Kind: KindFallback, Buttons: c.menuButtons()}}
}

// t is the UI string id in the conversation's language.
func (c *conv) t(id string) string { return c.cat.Text(c.lang, id, nil) }

// td is the UI string id in the conversation's language, filled with data.
func (c *conv) td(id string, data map[string]any) string { return c.cat.Text(c.lang, id, data) }

// finish makes every response safe to send: no empty text, the right text direction, and help one tap away (the
// last reply carries a "Get help now" button unless the response already offers one).
func (e *Engine) finish(lang string, replies []Reply) []Reply {
	out := replies[:0]
	for _, r := range replies {
		if strings.TrimSpace(r.Text) == "" {
			continue
		}
		r.RTL = locales.RTL(lang)
		out = append(out, r)
	}
	if len(out) == 0 {
		out = append(out, Reply{Text: e.cat.Text(lang, "fallback", nil), Kind: KindFallback})
	}
	// The help reply itself needs no help button, only a way back to the menu.
	help, menu := false, false
	for _, r := range out {
		help = help || r.Kind == KindHotlines
		for _, row := range r.Buttons {
			for _, b := range row {
				help = help || b.Data == dataHelp
				menu = menu || b.Data == dataMenu
			}
		}
	}
	var row []Button
	if !help {
		row = append(row, Button{Label: e.cat.Text(lang, "button_help", nil), Data: dataHelp})
	}
	if !menu {
		row = append(row, Button{Label: e.cat.Text(lang, "button_menu", nil), Data: dataMenu})
	}
	last := &out[len(out)-1]
	if len(row) > 0 && !last.RequestLocation {
		last.Buttons = append(last.Buttons, row)
	}
	return out
}
