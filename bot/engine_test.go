package bot_test

import (
	"bytes"
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/safepassage/safepassage/bot"
	"github.com/safepassage/safepassage/bot/chattest"
	"github.com/safepassage/safepassage/store"
)

func TestConversations(t *testing.T) {
	env := chattest.NewEnv(t)
	chattest.Run(t, chattest.EngineDriver{Engine: env.Engine}, env.Catalog, chattest.Cases)
}

func TestStateSurvivesRestart(t *testing.T) {
	env := chattest.NewEnv(t)
	ctx := context.Background()
	msg := bot.Message{Channel: bot.ChannelTelegram, UserID: "42", ChatID: "42", Button: "lang:km", LangHint: "en"}
	if _, err := env.Engine.Handle(ctx, msg); err != nil {
		t.Fatal(err)
	}
	env.Store.Close()

	st, err := store.Open(ctx, env.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	engine := bot.NewEngine(st, env.Library, env.Catalog)
	resp, err := engine.Handle(ctx, bot.Message{Channel: bot.ChannelTelegram, UserID: "42", ChatID: "42", Text: "/start", LangHint: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Lang != "km" || !chattest.Scripts["km"].MatchString(resp.Replies[0].Text) {
		t.Errorf("after a restart the bot answers in %s (%.40q), want the chosen Khmer", resp.Lang, resp.Replies[0].Text)
	}
}

func TestRepliesAreNeverEmptyAndButtonsFit(t *testing.T) {
	env := chattest.NewEnv(t)
	inputs := []bot.Message{
		{Text: "/start"}, {Text: "/nonsense"}, {Text: "   "}, {Media: bot.MediaVoice}, {Media: bot.MediaSticker},
		{Media: bot.MediaContact}, {Button: "no-such-button"}, {Button: "lang:xx"}, {Text: "\xff\xfe broken"},
		{Text: strings.Repeat("a", 10000)}, {Button: "help"}, {Button: "check"}, {Button: "ask"},
	}
	for _, loc := range []string{"en", "th", "ar", "my"} {
		for i, m := range inputs {
			m.Channel, m.UserID, m.LangHint = bot.ChannelWeb, "user-"+loc, loc
			resp, err := env.Engine.Handle(context.Background(), m)
			if err != nil {
				t.Fatalf("%s input %d: %v", loc, i, err)
			}
			if len(resp.Replies) == 0 {
				t.Fatalf("%s input %d: no reply", loc, i)
			}
			help := false
			for _, r := range resp.Replies {
				help = help || r.Kind == bot.KindHotlines
				if strings.TrimSpace(r.Text) == "" {
					t.Errorf("%s input %d: empty reply text", loc, i)
				}
				if r.Kind == "" {
					t.Errorf("%s input %d: reply without kind", loc, i)
				}
				for _, row := range r.Buttons {
					for _, b := range row {
						if len(b.Data) > 64 || b.Label == "" {
							t.Errorf("%s input %d: bad button %+v", loc, i, b)
						}
						help = help || b.Data == "help"
					}
				}
			}
			if !help {
				t.Errorf("%s input %d: no help button in the response", loc, i)
			}
		}
	}
}

func TestBadMessage(t *testing.T) {
	env := chattest.NewEnv(t)
	if _, err := env.Engine.Handle(context.Background(), bot.Message{Text: "hi"}); err == nil {
		t.Error("a message without channel and user was accepted")
	}
}

func TestLocationGivesTheCountrysHotlines(t *testing.T) {
	env := chattest.NewEnv(t)
	tests := []struct {
		name     string
		lat, lon float64
		want     string
	}{
		{"Bangkok", 13.7563, 100.5018, "1300"},
		{"Manila", 14.5995, 120.9842, "1343"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := env.Engine.Handle(context.Background(), bot.Message{Channel: bot.ChannelTelegram, UserID: tt.name,
				Location: &bot.Location{Lat: tt.lat, Lon: tt.lon}, LangHint: "en"})
			if err != nil {
				t.Fatal(err)
			}
			if resp.Replies[0].Kind != bot.KindHotlines || !strings.Contains(resp.Replies[0].Text, tt.want) {
				t.Errorf("first reply %s %.120q, want hotlines with %s", resp.Replies[0].Kind, resp.Replies[0].Text, tt.want)
			}
		})
	}
	// Myawaddy (Myanmar), 2 km from Mae Sot (Thailand): whichever side the map puts it on, the user can choose.
	resp, err := env.Engine.Handle(context.Background(), bot.Message{Channel: bot.ChannelTelegram, UserID: "myawaddy",
		Location: &bot.Location{Lat: 16.6883, Lon: 98.5083}, LangHint: "my"})
	if err != nil {
		t.Fatal(err)
	}
	var offered []string
	for _, r := range resp.Replies {
		for _, row := range r.Buttons {
			for _, b := range row {
				offered = append(offered, b.Data)
			}
		}
	}
	if !slices.Contains(offered, "cc:MM") || !slices.Contains(offered, "cc:TH") {
		t.Errorf("a location in Myawaddy offers %v, want both cc:MM and cc:TH", offered)
	}
	resp, err = env.Engine.Handle(context.Background(), bot.Message{Channel: bot.ChannelWeb, UserID: "at-sea-000000001",
		Location: &bot.Location{Lat: 0, Lon: -30}, LangHint: "en"})
	if err != nil || resp.Replies[0].Kind != bot.KindHotlines || len(resp.Replies[0].Buttons) == 0 {
		t.Errorf("a point at sea should ask for the country with buttons: %+v %v", resp.Replies, err)
	}
}

// TestOfferTextIsNeverStored screens an offer, answers its questions, and then reads the whole database file: no
// word of the offer may be in it.
func TestOfferTextIsNeverStored(t *testing.T) {
	env := chattest.NewEnv(t)
	ctx := context.Background()
	send := func(m bot.Message) bot.Response {
		t.Helper()
		m.Channel, m.UserID, m.LangHint = bot.ChannelTelegram, "77", "en"
		resp, err := env.Engine.Handle(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	resp := send(bot.Message{Text: chattest.ScamOffer, Forwarded: true})
	if resp.Replies[0].Kind != bot.KindCheck || resp.Replies[0].Ref != "high" {
		t.Fatalf("first reply %s %s", resp.Replies[0].Kind, resp.Replies[0].Ref)
	}
	// Answer every follow-up question: the first "no", then skip the rest.
	for i := 0; i < 6; i++ {
		var next string
		for _, r := range resp.Replies {
			for _, row := range r.Buttons {
				for _, b := range row {
					if strings.HasPrefix(b.Data, "q:") && next == "" {
						next = b.Data
					}
				}
			}
		}
		if next == "" {
			break
		}
		q := next[:strings.LastIndexByte(next, ':')]
		if i == 0 {
			next = q + ":n"
		} else {
			next = q + ":s"
		}
		resp = send(bot.Message{Button: next})
		if resp.Replies[0].Kind != bot.KindCheck {
			t.Fatalf("answer %s: reply %s %.80q", next, resp.Replies[0].Kind, resp.Replies[0].Text)
		}
	}
	env.Store.Close()
	db, err := os.ReadFile(env.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	wal, _ := os.ReadFile(env.DBPath + "-wal")
	for _, word := range []string{"Sihanoukville", "hr_mandy_jobs", "300 USDT", "Customer service staff", "URGENT"} {
		if bytes.Contains(db, []byte(word)) || bytes.Contains(wal, []byte(word)) {
			t.Errorf("the database holds %q from the offer", word)
		}
	}
}

func TestForwardedOfferKeepsTheUsersLanguage(t *testing.T) {
	env := chattest.NewEnv(t)
	ctx := context.Background()
	if _, err := env.Engine.Handle(ctx, bot.Message{Channel: bot.ChannelWeb, UserID: "burmese-user-0001", Text: "/start", LangHint: "my"}); err != nil {
		t.Fatal(err)
	}
	resp, err := env.Engine.Handle(ctx, bot.Message{Channel: bot.ChannelWeb, UserID: "burmese-user-0001", Text: chattest.ScamOffer, Forwarded: true, LangHint: "my"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Lang != "my" || resp.Replies[0].Kind != bot.KindCheck {
		t.Errorf("an English offer forwarded by a Burmese user was answered in %s, kind %s", resp.Lang, resp.Replies[0].Kind)
	}
}

func TestHelpSurvivesADatabaseFailure(t *testing.T) {
	env := chattest.NewEnv(t)
	env.Store.Close() // the database is gone
	resp, err := env.Engine.Handle(context.Background(), bot.Message{Channel: bot.ChannelTelegram, UserID: "5",
		Text: "please help me they locked us in and took my passport", LangHint: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Replies) == 0 || resp.Replies[0].Kind != bot.KindHotlines {
		t.Errorf("with the database down a distress message got %+v", resp.Replies)
	}
}

func TestConversationSteps(t *testing.T) {
	env := chattest.NewEnv(t)
	ctx := context.Background()
	send := func(user string, m bot.Message) bot.Response {
		t.Helper()
		m.Channel, m.UserID = bot.ChannelWeb, user
		if m.LangHint == "" {
			m.LangHint = "en"
		}
		resp, err := env.Engine.Handle(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	t.Run("a question naming a country after Get help is a question", func(t *testing.T) {
		send("steps-user-000001", bot.Message{Button: "help"})
		resp := send("steps-user-000001", bot.Message{Text: "Is a job in Thailand safe for me?"})
		if resp.Replies[0].Kind == bot.KindHotlines {
			t.Errorf("answered with hotlines: %.80q", resp.Replies[0].Text)
		}
		if u, _ := env.Store.User(ctx, bot.ChannelWeb, "steps-user-000001"); u.Country != "" {
			t.Errorf("country %q stored from a question", u.Country)
		}
	})
	t.Run("a short country answer after Get help gives its contacts", func(t *testing.T) {
		send("steps-user-000002", bot.Message{Button: "help"})
		if resp := send("steps-user-000002", bot.Message{Text: "Myanmar"}); resp.Replies[0].Ref != "MM" {
			t.Errorf("'Myanmar' gave %s %s", resp.Replies[0].Kind, resp.Replies[0].Ref)
		}
	})
	t.Run("a forwarded offer after Ask a question is checked", func(t *testing.T) {
		send("steps-user-000003", bot.Message{Button: "ask"})
		if resp := send("steps-user-000003", bot.Message{Text: chattest.ScamOffer, Forwarded: true}); resp.Replies[0].Kind != bot.KindCheck {
			t.Errorf("got %s", resp.Replies[0].Kind)
		}
	})
	t.Run("a question after Check a job offer is answered, not screened", func(t *testing.T) {
		send("steps-user-000004", bot.Message{Button: "check"})
		resp := send("steps-user-000004", bot.Message{Text: "How can I check if a recruitment agency is licensed?"})
		if resp.Replies[0].Kind == bot.KindCheck {
			t.Errorf("a question was screened as an offer: %.80q", resp.Replies[0].Text)
		}
	})
	t.Run("a skipped question does not come back", func(t *testing.T) {
		resp := send("steps-user-000005", bot.Message{Text: chattest.ScamOffer, Forwarded: true})
		asked := map[string]int{}
		for i := 0; i < 8; i++ {
			var q string
			for _, r := range resp.Replies {
				if r.Kind == bot.KindCheck {
					for _, row := range r.Buttons {
						for _, b := range row {
							if strings.HasPrefix(b.Data, "q:") && q == "" {
								q = b.Data[:strings.LastIndexByte(b.Data, ':')]
							}
						}
					}
				}
			}
			if q == "" {
				break
			}
			asked[q]++
			answer := ":s"
			if i%2 == 1 {
				answer = ":n"
			}
			resp = send("steps-user-000005", bot.Message{Button: q + answer})
		}
		for q, n := range asked {
			if n > 1 {
				t.Errorf("question %s asked %d times", q, n)
			}
		}
	})
	t.Run("a long distress message is answered in its own language", func(t *testing.T) {
		text := strings.Repeat("ကျေးဇူးပြု၍ ကူညီပါ ကျွန်တော်တို့ကို ပိတ်ထားတယ် ပတ်စပို့ ယူထားတယ် ", 6)
		resp := send("steps-user-000006", bot.Message{Text: text})
		if resp.Lang != "my" || resp.Replies[0].Kind != bot.KindHotlines {
			t.Errorf("answered in %s, first kind %s", resp.Lang, resp.Replies[0].Kind)
		}
	})
}

func TestAnswersOfAnOldCheckDoNotApply(t *testing.T) {
	env := chattest.NewEnv(t)
	send := func(m bot.Message) bot.Response {
		t.Helper()
		m.Channel, m.UserID, m.LangHint = bot.ChannelWeb, "two-checks-user-01", "en"
		resp, err := env.Engine.Handle(context.Background(), m)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	firstYes := func(resp bot.Response) string {
		for _, r := range resp.Replies {
			for _, row := range r.Buttons {
				for _, b := range row {
					if strings.HasPrefix(b.Data, "q:") {
						return b.Data
					}
				}
			}
		}
		t.Fatal("no question asked")
		return ""
	}
	old := firstYes(send(bot.Message{Text: chattest.ScamOffer, Forwarded: true}))
	current := firstYes(send(bot.Message{Text: chattest.ScamOffer, Forwarded: true}))
	if old == current {
		t.Fatalf("two checks share button data %q", old)
	}
	if resp := send(bot.Message{Button: old}); resp.Replies[0].Text != env.Catalog.Text("en", "button_expired", nil) {
		t.Errorf("an old check's answer was taken: %.80q", resp.Replies[0].Text)
	}
	if resp := send(bot.Message{Button: current}); resp.Replies[0].Kind != bot.KindCheck {
		t.Errorf("the current check's answer got %s", resp.Replies[0].Kind)
	}
	// A second tap on the same answer carries on, without the 'no longer active' message.
	if resp := send(bot.Message{Button: current}); resp.Replies[0].Text == env.Catalog.Text("en", "button_expired", nil) {
		t.Error("a repeated tap was answered as an expired button")
	}
}
