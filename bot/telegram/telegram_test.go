package telegram_test

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/safepassage/safepassage/bot/chattest"
	"github.com/safepassage/safepassage/bot/telegram"
	"github.com/safepassage/safepassage/bot/telegram/telegramtest"
)

// harness runs the real channel (go-telegram/bot over HTTP) against the fake Bot API.
type harness struct {
	fake *telegramtest.Server
	env  *chattest.Env
	ch   *telegram.Channel
}

func start(t *testing.T, cfg telegram.Config) *harness {
	t.Helper()
	fake := telegramtest.New()
	env := chattest.NewEnv(t)
	cfg.Token, cfg.APIURL = "123:test", fake.URL
	ch, err := telegram.New(context.Background(), cfg, env.Engine, env.Catalog, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { ch.Run(ctx) })
	t.Cleanup(func() { cancel(); fake.Close(); wg.Wait() })
	return &harness{fake: fake, env: env, ch: ch}
}

func userID(name string) int64 {
	h := fnv.New32a()
	h.Write([]byte(name))
	return int64(h.Sum32()%1_000_000_000) + 1000
}

func message(id int64, text, lang string, extra map[string]any) map[string]any {
	m := map[string]any{"message_id": 1, "date": time.Now().Unix(),
		"chat": map[string]any{"id": id, "type": "private"},
		"from": map[string]any{"id": id, "is_bot": false, "first_name": "U", "language_code": lang}}
	if text != "" {
		m["text"] = text
	}
	for k, v := range extra {
		m[k] = v
	}
	return map[string]any{"message": m}
}

func callback(id int64, data, lang string) map[string]any {
	return map[string]any{"callback_query": map[string]any{"id": "cb" + strconv.FormatInt(time.Now().UnixNano(), 10),
		"chat_instance": "x", "data": data,
		"from": map[string]any{"id": id, "is_bot": false, "first_name": "U", "language_code": lang},
		"message": map[string]any{"message_id": 1, "date": time.Now().Unix(),
			"chat": map[string]any{"id": id, "type": "private"}, "text": "menu"}}}
}

// exchange pushes an update and returns the calls it caused, once at least one message was sent to chat and no
// call came for 150 ms.
func (h *harness) exchange(t *testing.T, update map[string]any, chat int64) []telegramtest.Call {
	t.Helper()
	since := h.fake.Count()
	h.fake.Push(update)
	id := strconv.FormatInt(chat, 10)
	calls, ok := h.fake.WaitFor(since, 5*time.Second, func(cs []telegramtest.Call) bool {
		for _, c := range cs {
			if c.Method == "sendMessage" && c.Params["chat_id"] == id {
				return true
			}
		}
		return false
	})
	if !ok {
		return calls
	}
	for n := len(calls); ; n = len(calls) {
		time.Sleep(150 * time.Millisecond)
		calls = h.fake.Calls()[since:]
		if len(calls) == n {
			return calls
		}
	}
}

func sent(calls []telegramtest.Call, chat int64) []telegramtest.Call {
	var out []telegramtest.Call
	for _, c := range calls {
		if c.Method == "sendMessage" && c.Params["chat_id"] == strconv.FormatInt(chat, 10) {
			out = append(out, c)
		}
	}
	return out
}

func buttons(c telegramtest.Call) []chattest.Button {
	var kb struct {
		Inline [][]struct {
			Text string `json:"text"`
			Data string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	json.Unmarshal([]byte(c.Params["reply_markup"]), &kb)
	var out []chattest.Button
	for _, row := range kb.Inline {
		for _, b := range row {
			out = append(out, chattest.Button{Label: b.Text, Data: b.Data})
		}
	}
	return out
}

type driver struct{ h *harness }

func (driver) Kinds() bool { return false }

func (d driver) Send(t *testing.T, user string, in chattest.Input) []chattest.Observed {
	t.Helper()
	id := userID(t.Name() + user)
	var update map[string]any
	if in.Button != "" {
		update = callback(id, in.Button, in.Lang)
	} else {
		update = message(id, in.Text, in.Lang, nil)
	}
	var out []chattest.Observed
	for _, c := range sent(d.h.exchange(t, update, id), id) {
		out = append(out, chattest.Observed{Text: c.Params["text"], Buttons: buttons(c)})
	}
	return out
}

func TestConversations(t *testing.T) {
	h := start(t, telegram.Config{})
	chattest.Run(t, driver{h}, h.env.Catalog, chattest.Cases)
}

func TestCommandsAreSetPerLanguage(t *testing.T) {
	h := start(t, telegram.Config{})
	calls, ok := h.fake.WaitFor(0, 5*time.Second, func(cs []telegramtest.Call) bool {
		n := 0
		for _, c := range cs {
			if c.Method == "setMyCommands" {
				n++
			}
		}
		return n >= 10
	})
	if !ok {
		t.Fatal("setMyCommands was not called for each language")
	}
	var th string
	for _, c := range calls {
		if c.Method == "setMyCommands" && c.Params["language_code"] == "th" {
			th = c.Params["commands"]
		}
	}
	if !strings.Contains(th, `"help_now"`) || !chattest.Scripts["th"].MatchString(th) {
		t.Errorf("Thai commands: %s", th)
	}
}

func TestButtonPressIsAcknowledged(t *testing.T) {
	h := start(t, telegram.Config{})
	for _, data := range []string{"menu", "an-old-button-from-2024"} {
		calls := h.exchange(t, callback(501, data, "en"), 501)
		var acked bool
		for _, c := range calls {
			acked = acked || c.Method == "answerCallbackQuery"
		}
		if !acked {
			t.Errorf("button %q: no answerCallbackQuery", data)
		}
		if len(sent(calls, 501)) == 0 {
			t.Errorf("button %q: no reply", data)
		}
	}
}

func TestWhatPeopleSend(t *testing.T) {
	h := start(t, telegram.Config{})
	unsupported := h.env.Catalog.Text("en", "unsupported_media", nil)
	tests := []struct {
		name  string
		extra map[string]any
		text  string
		want  string // a reply must contain this
	}{
		{"voice note", map[string]any{"voice": map[string]any{"file_id": "v", "file_unique_id": "v", "duration": 3}}, "", unsupported},
		{"sticker", map[string]any{"sticker": map[string]any{"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1}}, "", unsupported},
		{"photo without caption", map[string]any{"photo": []any{map[string]any{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}}}, "", unsupported},
		{"contact", map[string]any{"contact": map[string]any{"phone_number": "+10000000000", "first_name": "X"}}, "", h.env.Catalog.Text("en", "unsupported_other", nil)},
		{"photo with a caption is read as text", map[string]any{"caption": "/start", "photo": []any{map[string]any{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}}}, "", h.env.Catalog.Text("en", "menu_prompt", nil)},
		{"forward from a channel", map[string]any{"forward_origin": map[string]any{"type": "channel", "date": 1, "chat": map[string]any{"id": -100, "type": "channel", "title": "Jobs"}, "message_id": 5}}, "/start", h.env.Catalog.Text("en", "menu_prompt", nil)},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := int64(600 + i)
			got := sent(h.exchange(t, message(id, tt.text, "en", tt.extra), id), id)
			if len(got) == 0 {
				t.Fatal("no reply")
			}
			var all string
			for _, c := range got {
				all += c.Params["text"] + "\n"
			}
			if !strings.Contains(all, strings.Split(tt.want, "\n")[0]) {
				t.Errorf("replies %q do not contain %q", all, tt.want)
			}
		})
	}
	t.Run("edited message", func(t *testing.T) {
		upd := message(650, "/start", "en", nil)
		upd = map[string]any{"edited_message": upd["message"]}
		if len(sent(h.exchange(t, upd, 650), 650)) == 0 {
			t.Error("no reply to an edited message")
		}
	})
}

func TestGroups(t *testing.T) {
	h := start(t, telegram.Config{})
	group := func(text string) map[string]any {
		u := message(700, text, "en", nil)
		u["message"].(map[string]any)["chat"] = map[string]any{"id": -700, "type": "group", "title": "G"}
		return u
	}
	since := h.fake.Count()
	h.fake.Push(group("hello everyone, any jobs?"))
	h.fake.Push(group("/start@some_other_bot"))
	time.Sleep(500 * time.Millisecond)
	if got := sent(h.fake.Calls()[since:], -700); len(got) != 0 {
		t.Errorf("the bot spoke in a group unasked: %v", got)
	}
	got := sent(h.exchange(t, group("/start@"+h.fake.Username), -700), -700)
	if len(got) == 0 {
		t.Fatal("no answer to a command addressed to the bot in a group")
	}
	for _, c := range got {
		if c.Params["reply_markup"] != "" {
			t.Errorf("a group reply carries a keyboard: %s", c.Params["reply_markup"])
		}
	}
	if u, _ := h.env.Store.User(context.Background(), "telegram", "700"); u.ChatID == "-700" {
		t.Error("the group's chat id was stored as the user's")
	}
}

func TestBlockedUserIsNotWrittenToAgain(t *testing.T) {
	h := start(t, telegram.Config{})
	h.fake.Block("800")
	h.exchange(t, message(800, "/start", "en", nil), 800)
	u, err := h.env.Store.User(context.Background(), "telegram", "800")
	if err != nil {
		t.Fatal(err)
	}
	if !u.Blocked {
		t.Error("a user who blocked the bot is not marked blocked")
	}
}

func TestRetriesOnceAfter429(t *testing.T) {
	h := start(t, telegram.Config{})
	h.fake.TooMany(1)
	since := h.fake.Count()
	h.fake.Push(message(900, "/start", "en", nil))
	calls, _ := h.fake.WaitFor(since, 5*time.Second, func(cs []telegramtest.Call) bool { return len(sent(cs, 900)) >= 2 })
	time.Sleep(300 * time.Millisecond)
	calls = h.fake.Calls()[since:]
	if n := len(sent(calls, 900)); n != 2 {
		t.Errorf("%d sendMessage calls, want the refused one and its retry", n)
	}
}

func TestWebhookChecksTheSecret(t *testing.T) {
	h := start(t, telegram.Config{WebhookURL: "https://example.org/telegram/webhook", WebhookSecret: "right-secret"})
	srv := httptest.NewServer(h.ch.WebhookHandler())
	defer srv.Close()
	body := `{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":1000,"type":"private"},"from":{"id":1000,"is_bot":false,"first_name":"U"},"text":"/start"}}`
	for _, tt := range []struct {
		secret string
		want   int
	}{{"", 401}, {"wrong", 401}, {"right-secret", 200}} {
		req, _ := http.NewRequest("POST", srv.URL, strings.NewReader(body))
		if tt.secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", tt.secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("secret %q: HTTP %d, want %d", tt.secret, resp.StatusCode, tt.want)
		}
	}
	if _, ok := h.fake.WaitFor(0, 5*time.Second, func(cs []telegramtest.Call) bool { return len(sent(cs, 1000)) == 1 }); !ok {
		t.Error("the update with the right secret was not answered exactly once")
	}
	var hooked bool
	for _, c := range h.fake.Calls() {
		hooked = hooked || (c.Method == "setWebhook" && c.Params["secret_token"] == "right-secret")
	}
	if !hooked {
		t.Error("setWebhook was not called with the secret")
	}
}

func TestLocationInBangkokGivesThaiHotlines(t *testing.T) {
	h := start(t, telegram.Config{})
	got := sent(h.exchange(t, message(1100, "", "th", map[string]any{"location": map[string]any{"latitude": 13.7563, "longitude": 100.5018}}), 1100), 1100)
	var all string
	for _, c := range got {
		all += c.Params["text"]
	}
	if !strings.Contains(all, "1300") || !strings.Contains(all, "191") {
		t.Errorf("replies to a location in Bangkok: %.300q", all)
	}
}

func TestHelpAsksForTheLocationWithAKeyboard(t *testing.T) {
	h := start(t, telegram.Config{})
	got := sent(h.exchange(t, message(1200, "/help_now", "en", nil), 1200), 1200)
	var asked bool
	for _, c := range got {
		asked = asked || strings.Contains(c.Params["reply_markup"], `"request_location":true`)
	}
	if !asked {
		t.Error("/help_now does not offer a share-location button")
	}
}

func TestUnhandledUpdatesAreIgnored(t *testing.T) {
	h := start(t, telegram.Config{})
	since := h.fake.Count()
	h.fake.Push(map[string]any{"poll": map[string]any{"id": "p", "question": "?", "options": []any{}, "total_voter_count": 0,
		"is_closed": false, "is_anonymous": true, "type": "regular", "allows_multiple_answers": false}})
	h.fake.Push(map[string]any{"inline_query": map[string]any{"id": "iq", "from": map[string]any{"id": 1300, "is_bot": false, "first_name": "U"}, "query": "x", "offset": ""}})
	h.fake.Push(map[string]any{"message": map[string]any{"message_id": 1, "date": 1, "chat": map[string]any{"id": -5, "type": "channel"}, "text": "a channel post"}})
	if got := sent(h.exchange(t, message(1300, "/start", "en", nil), 1300), 1300); len(got) == 0 {
		t.Fatal("the bot stopped answering after updates it does not handle")
	}
	for _, c := range h.fake.Calls()[since:] {
		if c.Method == "sendMessage" && c.Params["chat_id"] != "1300" {
			t.Errorf("the bot wrote to %s after an update it does not handle", c.Params["chat_id"])
		}
	}
}

func TestLiveLocationUpdatesAreNotAnsweredAgain(t *testing.T) {
	h := start(t, telegram.Config{})
	loc := map[string]any{"latitude": 13.7563, "longitude": 100.5018, "live_period": 900}
	if got := sent(h.exchange(t, message(1400, "", "en", map[string]any{"location": loc}), 1400), 1400); len(got) == 0 {
		t.Fatal("no answer to a shared live location")
	}
	since := h.fake.Count()
	for range 3 {
		upd := message(1400, "", "en", map[string]any{"location": loc, "edit_date": time.Now().Unix()})
		h.fake.Push(map[string]any{"edited_message": upd["message"]})
	}
	time.Sleep(600 * time.Millisecond)
	if got := sent(h.fake.Calls()[since:], 1400); len(got) != 0 {
		t.Errorf("%d messages sent for live location updates", len(got))
	}
}

func TestForbiddenInAGroupDoesNotMarkTheUser(t *testing.T) {
	h := start(t, telegram.Config{})
	h.fake.Block("-1500")
	u := message(1500, "/start@"+h.fake.Username, "en", nil)
	u["message"].(map[string]any)["chat"] = map[string]any{"id": -1500, "type": "group", "title": "G"}
	since := h.fake.Count()
	h.fake.Push(u)
	h.fake.WaitFor(since, 3*time.Second, func(cs []telegramtest.Call) bool { return len(sent(cs, -1500)) > 0 })
	time.Sleep(200 * time.Millisecond)
	got, err := h.env.Store.User(context.Background(), "telegram", "1500")
	if err != nil {
		t.Fatal(err)
	}
	if got.Blocked {
		t.Error("a 403 from a group marked the user as having blocked the bot")
	}
}

// TestOneChatsUpdatesAreAnsweredInOrder presses "Check a job offer" and pastes an offer straight after, in many chats
// at once: every chat must get the prompt first and then the verdict.
func TestOneChatsUpdatesAreAnsweredInOrder(t *testing.T) {
	h := start(t, telegram.Config{})
	prompt := strings.Split(h.env.Catalog.Text("en", "check_prompt", nil), "\n")[0]
	since := h.fake.Count()
	var updates []map[string]any
	for id := int64(2000); id < 2012; id++ {
		updates = append(updates, callback(id, "check", "en"), message(id, "short: pay deposit", "en", nil))
	}
	for _, u := range updates {
		h.fake.Push(u)
	}
	calls, _ := h.fake.WaitFor(since, 10*time.Second, func(cs []telegramtest.Call) bool {
		for id := int64(2000); id < 2012; id++ {
			if len(sent(cs, id)) < 2 {
				return false
			}
		}
		return true
	})
	for id := int64(2000); id < 2012; id++ {
		got := sent(calls, id)
		if len(got) < 2 || !strings.Contains(got[0].Params["text"], prompt) {
			t.Errorf("chat %d: first reply %q, want the check prompt before the answer to the text", id, firstText(got))
		}
	}
}

func firstText(cs []telegramtest.Call) string {
	if len(cs) == 0 {
		return ""
	}
	return cs[0].Params["text"]
}
