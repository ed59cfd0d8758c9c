// Package telegram is the Telegram channel, on github.com/go-telegram/bot: long polling, or a webhook whose secret
// token is checked on every request. It turns updates into bot.Messages and the engine's replies into messages with
// inline keyboards, acknowledges every button press, answers in groups only to commands addressed to the bot, and
// stops writing to a user who blocked it.
//
// It must not import the store or content: everything goes through the engine.
package telegram

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/safepassage/safepassage/bot"
	"github.com/safepassage/safepassage/locales"
)

// MaxText is Telegram's limit on a message's text, in UTF-16 code units (an emoji outside the BMP counts two);
// longer replies are split.
const MaxText = 4096

// Config says how to reach Telegram.
type Config struct {
	Token         string
	APIURL        string // the Bot API server; empty for api.telegram.org
	WebhookURL    string // webhook mode when set
	WebhookSecret string // checked on every webhook request; required with WebhookURL
	Workers       int    // chats answered at once (default 4); one chat's updates are always answered in order
}

// Engine is what the channel needs of the conversation engine.
type Engine interface {
	Handle(ctx context.Context, m bot.Message) (bot.Response, error)
	Blocked(ctx context.Context, channel, userID string) error
}

// Channel is a running Telegram bot.
type Channel struct {
	cfg      Config
	b        *tgbot.Bot
	engine   Engine
	cat      *locales.Catalog
	log      *slog.Logger
	username string
	shards   []chan *models.Update // set by Run
}

// shardQueue is how many updates may wait for one shard: small, because they are confirmed to Telegram once queued,
// and a stop must get through them within its grace period.
const shardQueue = 4

// allowedUpdates are the update types the bot asks for; any other type is ignored.
var allowedUpdates = []string{"message", "edited_message", "callback_query", "my_chat_member"}

// New connects to the Bot API (getMe, which also checks the token) and returns the channel, not yet running.
func New(ctx context.Context, cfg Config, engine Engine, cat *locales.Catalog, log *slog.Logger) (*Channel, error) {
	if cfg.WebhookURL != "" && cfg.WebhookSecret == "" {
		return nil, errors.New("telegram webhook needs a secret token")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	c := &Channel{cfg: cfg, engine: engine, cat: cat, log: log}
	opts := []tgbot.Option{
		tgbot.WithDefaultHandler(c.handle),
		tgbot.WithErrorsHandler(c.clientError),
		// One library worker hands updates, in the order Telegram sent them, to the chat's shard (see Run): a chat's
		// updates are answered one after the other, different chats at the same time.
		tgbot.WithNotAsyncHandlers(),
		tgbot.WithWorkers(1),
		// No queue between fetching and handling: the next getUpdates, which confirms a batch to Telegram, comes only
		// once a worker has taken every update of the batch, so an update fetched before a stop is never lost.
		tgbot.WithUpdatesChannelCap(0),
		tgbot.WithAllowedUpdates(allowedUpdates),
		tgbot.WithSkipGetMe(), // getMe is called below, with the caller's context, so that a stop can interrupt it
		tgbot.WithHTTPClient(30*time.Second, &http.Client{Timeout: 40 * time.Second}),
	}
	if cfg.APIURL != "" {
		opts = append(opts, tgbot.WithServerURL(strings.TrimRight(cfg.APIURL, "/")))
	}
	if cfg.WebhookSecret != "" {
		opts = append(opts, tgbot.WithWebhookSecretToken(cfg.WebhookSecret))
	}
	b, err := tgbot.New(cfg.Token, opts...)
	if err != nil {
		return nil, fmt.Errorf("connect to the Bot API: %w", err)
	}
	c.b = b
	me, err := b.GetMe(ctx)
	if err != nil {
		return nil, fmt.Errorf("getMe: %w", err)
	}
	c.username = strings.ToLower(me.Username)
	return c, nil
}

// Run receives updates until ctx is done, then returns once every update received has been answered.
func (c *Channel) Run(ctx context.Context) {
	c.shards = make([]chan *models.Update, c.cfg.Workers)
	var shards sync.WaitGroup
	for i := range c.shards {
		c.shards[i] = make(chan *models.Update, shardQueue)
		shards.Go(func() {
			for u := range c.shards[i] {
				c.process(u)
			}
		})
	}
	defer func() { // the library has stopped handing over updates: answer those queued, then return
		for _, ch := range c.shards {
			close(ch)
		}
		shards.Wait()
	}()
	c.setCommands(ctx)
	if c.cfg.WebhookURL != "" {
		if _, err := c.b.SetWebhook(ctx, &tgbot.SetWebhookParams{
			URL: c.cfg.WebhookURL, SecretToken: c.cfg.WebhookSecret, AllowedUpdates: allowedUpdates,
		}); err != nil {
			c.log.Error("telegram setWebhook", "err", err)
		}
		c.b.StartWebhook(ctx)
		return
	}
	if _, err := c.b.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); err != nil {
		c.log.Warn("telegram deleteWebhook", "err", err)
	}
	c.b.Start(ctx)
}

// WebhookHandler serves POST /telegram/webhook: it refuses a request without the right secret token (401) and a
// body over 1 MiB (413), and queues the update.
func (c *Channel) WebhookHandler() http.Handler {
	inner := c.b.WebhookHandler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !SecretOK(r, c.cfg.WebhookSecret) {
			http.Error(w, `{"error":"wrong secret token"}`, http.StatusUnauthorized)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		inner(w, r)
	})
}

// SecretOK reports whether a webhook request carries the secret token (compared in constant time); an empty secret
// accepts nothing.
func SecretOK(r *http.Request, secret string) bool {
	got := []byte(r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
	return secret != "" && subtle.ConstantTimeCompare(got, []byte(secret)) == 1
}

func (c *Channel) clientError(err error) {
	// The client's errors may quote an update's body; keep them out of info-level logs.
	if errors.Is(err, context.Canceled) {
		return
	}
	msg := err.Error()
	if i := strings.Index(msg, "{"); i >= 0 {
		msg = msg[:i] + "…"
	}
	c.log.Warn("telegram client", "err", msg)
	c.log.Debug("telegram client detail", "err", err)
}

// handle passes an update to the shard of its chat. The library calls it for one update at a time, in order; it
// waits while the shard's queue is full rather than drop the update.
func (c *Channel) handle(_ context.Context, _ *tgbot.Bot, u *models.Update) {
	c.shards[shardOf(u)%uint64(len(c.shards))] <- u
}

// shardOf is the number that keeps a chat's updates on one shard: the chat's id, or the user's.
func shardOf(u *models.Update) uint64 {
	var id int64
	switch {
	case u.Message != nil:
		id = u.Message.Chat.ID
	case u.EditedMessage != nil:
		id = u.EditedMessage.Chat.ID
	case u.CallbackQuery != nil:
		id = u.CallbackQuery.From.ID
	case u.MyChatMember != nil:
		id = u.MyChatMember.Chat.ID
	}
	if id < 0 {
		id = -id
	}
	return uint64(id)
}

// process answers one update. It runs in a shard; it finishes its reply even while the bot is stopping.
func (c *Channel) process(u *models.Update) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	switch {
	case u.CallbackQuery != nil:
		c.callback(ctx, u.CallbackQuery)
	case u.Message != nil:
		c.message(ctx, u.Message)
	case u.EditedMessage != nil && u.EditedMessage.Location == nil:
		// An edited text is answered again; a live location's updates arrive as edits too, and are not.
		c.message(ctx, u.EditedMessage)
	case u.MyChatMember != nil:
		c.membership(ctx, u.MyChatMember)
	}
}

func (c *Channel) callback(ctx context.Context, q *models.CallbackQuery) {
	// Always acknowledge, so the spinner on the user's button stops, whatever happens next.
	if _, err := c.b.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: q.ID}); err != nil {
		c.log.Warn("telegram answerCallbackQuery", "err", err)
	}
	chatID := q.From.ID
	if m := q.Message.Message; m != nil {
		if m.Chat.Type != models.ChatTypePrivate {
			return // buttons are only sent in private chats
		}
		chatID = m.Chat.ID
	} else if m := q.Message.InaccessibleMessage; m != nil && m.Chat.ID != 0 {
		chatID = m.Chat.ID
	}
	c.answer(ctx, bot.Message{
		Channel:  bot.ChannelTelegram,
		UserID:   strconv.FormatInt(q.From.ID, 10),
		ChatID:   strconv.FormatInt(chatID, 10),
		Button:   q.Data,
		LangHint: q.From.LanguageCode,
	})
}

func (c *Channel) message(ctx context.Context, m *models.Message) {
	if m.From == nil || m.From.IsBot {
		return
	}
	text := m.Text
	if text == "" {
		text = m.Caption
	}
	if m.Chat.Type != models.ChatTypePrivate {
		cmd, ok := c.groupCommand(text)
		if !ok {
			return
		}
		text = cmd
	}
	msg := bot.Message{
		Channel:   bot.ChannelTelegram,
		UserID:    strconv.FormatInt(m.From.ID, 10),
		ChatID:    strconv.FormatInt(m.Chat.ID, 10),
		Text:      text,
		LangHint:  m.From.LanguageCode,
		Forwarded: m.ForwardOrigin != nil,
		Media:     media(m),
	}
	if m.Location != nil {
		msg.Location = &bot.Location{Lat: m.Location.Latitude, Lon: m.Location.Longitude}
	}
	if m.Chat.Type != models.ChatTypePrivate {
		// In a group the reply goes to the group, without buttons (presses in groups are not followed, and who asks
		// for help there is seen by everyone), and the user's private chat stays the one remembered.
		c.answerIn(ctx, msg, m.Chat.ID, false)
		return
	}
	c.answer(ctx, msg)
}

// groupCommand returns the command in a group message if it is addressed to this bot: "/start@thisbot", or a plain
// "/start", which Telegram addresses to every bot in the group. Anything else in a group is not for us.
func (c *Channel) groupCommand(text string) (string, bool) {
	if !strings.HasPrefix(text, "/") {
		return "", false
	}
	word, _, _ := strings.Cut(text, " ")
	if cmd, to, ok := strings.Cut(word, "@"); ok {
		if strings.ToLower(to) != c.username {
			return "", false
		}
		return cmd, true
	}
	return word, true
}

func media(m *models.Message) string {
	switch {
	case m.Voice != nil || m.Audio != nil || m.VideoNote != nil:
		return bot.MediaVoice
	case len(m.Photo) > 0:
		return bot.MediaPhoto
	case m.Video != nil || m.Animation != nil:
		return bot.MediaVideo
	case m.Document != nil:
		return bot.MediaDoc
	case m.Sticker != nil:
		return bot.MediaSticker
	case m.Contact != nil:
		return bot.MediaContact
	case m.Location != nil, m.Text != "":
		return bot.MediaNone
	}
	return bot.MediaOther
}

// membership notices a user blocking the bot (the bot's status in their chat becomes "kicked").
func (c *Channel) membership(ctx context.Context, u *models.ChatMemberUpdated) {
	if u.Chat.Type == models.ChatTypePrivate && u.NewChatMember.Type == models.ChatMemberTypeBanned {
		if err := c.engine.Blocked(ctx, bot.ChannelTelegram, strconv.FormatInt(u.From.ID, 10)); err != nil {
			c.log.Error("mark blocked", "err", err)
		}
	}
}

// answer runs the engine on msg and sends its replies.
func (c *Channel) answer(ctx context.Context, msg bot.Message) {
	chatID, _ := strconv.ParseInt(msg.ChatID, 10, 64)
	c.answerIn(ctx, msg, chatID, true)
}

// answerIn runs the engine on msg and sends its replies to chatID, with or without their buttons.
func (c *Channel) answerIn(ctx context.Context, msg bot.Message, chatID int64, buttons bool) {
	if !buttons {
		msg.ChatID = ""
	}
	resp, err := c.engine.Handle(ctx, msg)
	if err != nil {
		c.log.Error("telegram handle", "err", err)
		resp = bot.Response{Replies: []bot.Reply{{Text: c.cat.Text(locales.Default, "error_temporary", nil)}}}
		if loc := c.cat.Match(msg.LangHint); loc != "" {
			resp.Replies[0].Text = c.cat.Text(loc, "error_temporary", nil)
		}
	}
	for _, r := range resp.Replies {
		if !buttons {
			r.Buttons, r.RequestLocation = nil, false
		}
		for _, p := range render(chatID, r) {
			err := c.send(ctx, p)
			switch {
			case err == nil:
			case errors.Is(err, tgbot.ErrorForbidden):
				// In a private chat a 403 means the user blocked the bot; in a group, that the bot may not post there.
				if strconv.FormatInt(chatID, 10) == msg.UserID {
					if err := c.engine.Blocked(ctx, bot.ChannelTelegram, msg.UserID); err != nil {
						c.log.Error("mark blocked", "err", err)
					}
				}
				return
			default:
				// One refused message must not cost the user the next one (a hotline list after a long verdict).
				c.log.Error("telegram sendMessage", "err", err)
			}
		}
	}
}

// send sends one message, waiting once as told when Telegram answers 429.
func (c *Channel) send(ctx context.Context, p *tgbot.SendMessageParams) error {
	_, err := c.b.SendMessage(ctx, p)
	var tooMany *tgbot.TooManyRequestsError
	if errors.As(err, &tooMany) && tooMany.RetryAfter <= 10 {
		select {
		case <-time.After(time.Duration(tooMany.RetryAfter) * time.Second):
		case <-ctx.Done():
			return ctx.Err()
		}
		_, err = c.b.SendMessage(ctx, p)
	}
	return err
}

// render turns one reply into Telegram messages: the text split at MaxText, the buttons as an inline keyboard on the
// last part, or a one-time "share location" keyboard when the reply asks for one.
func render(chatID int64, r bot.Reply) []*tgbot.SendMessageParams {
	parts := split(r.Text, MaxText)
	out := make([]*tgbot.SendMessageParams, 0, len(parts))
	for _, p := range parts {
		out = append(out, &tgbot.SendMessageParams{ChatID: chatID, Text: p,
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()}})
	}
	last := out[len(out)-1]
	switch {
	case r.RequestLocation && len(r.Buttons) > 0:
		last.ReplyMarkup = &models.ReplyKeyboardMarkup{
			Keyboard:        [][]models.KeyboardButton{{{Text: r.Buttons[0][0].Label, RequestLocation: true}}},
			ResizeKeyboard:  true,
			OneTimeKeyboard: true,
		}
	case len(r.Buttons) > 0:
		kb := &models.InlineKeyboardMarkup{}
		for _, row := range r.Buttons {
			var out []models.InlineKeyboardButton
			for _, b := range row {
				out = append(out, models.InlineKeyboardButton{Text: b.Label, CallbackData: b.Data})
			}
			kb.InlineKeyboard = append(kb.InlineKeyboard, out)
		}
		last.ReplyMarkup = kb
	}
	return out
}

// split cuts text into parts of at most max UTF-16 code units, at a line break where there is one in the second half.
func split(text string, max int) []string {
	var parts []string
	for utf16Len(text) > max {
		cut := len(text)
		n := 0
		for i, r := range text {
			if n+utf16.RuneLen(r) > max {
				cut = i
				break
			}
			n += utf16.RuneLen(r)
		}
		if nl := strings.LastIndexByte(text[:cut], '\n'); nl > cut/2 {
			cut = nl + 1
		}
		parts = append(parts, text[:cut])
		text = text[cut:]
	}
	if strings.TrimSpace(text) != "" || len(parts) == 0 {
		parts = append(parts, text)
	}
	return parts
}

// utf16Len is the length of s in UTF-16 code units, as Telegram counts it.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// setCommands shows /start, /help, /language, /help_now and /delete in Telegram's command menu, in each language the
// bot speaks (Telegram picks by the user's language_code, a two-letter code).
func (c *Channel) setCommands(ctx context.Context) {
	names := []string{"start", "help_now", "language", "help", "delete"}
	for _, loc := range locales.Supported {
		code := telegramCode(loc)
		if code == "" || !c.cat.Has(loc) {
			continue
		}
		if loc == locales.Default {
			code = "" // the default list, for every language without its own
		}
		var cmds []models.BotCommand
		for _, n := range names {
			cmds = append(cmds, models.BotCommand{Command: n, Description: c.cat.Text(loc, "command_"+n, nil)})
		}
		if _, err := c.b.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: cmds, LanguageCode: code}); err != nil {
			c.log.Warn("telegram setMyCommands", "lang", loc, "err", err)
			return
		}
	}
}

// telegramCode is the two-letter language_code Telegram uses for a locale, or "" where it cannot tell it apart.
func telegramCode(loc string) string {
	switch loc {
	case "zh-Hans":
		return "zh"
	case "zh-Hant":
		return "" // Telegram sends "zh" for both scripts; the Simplified list serves
	}
	return loc
}
