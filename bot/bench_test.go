package bot_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/safepassage/safepassage/bot"
	"github.com/safepassage/safepassage/bot/chattest"
)

// The engine's cost per message, store included (a real SQLite file): what a user waits for besides the network.
func BenchmarkHandle(b *testing.B) {
	env := chattest.NewEnv(b)
	env.Catalog.Warm()
	cases := []struct {
		name string
		msg  bot.Message
	}{
		{"start", bot.Message{Text: "/start"}},
		{"question", bot.Message{Text: "is it normal that the agency asks me for a placement fee before I fly?"}},
		{"offer", bot.Message{Text: chattest.ScamOffer, Forwarded: true}},
		{"distress", bot.Message{Text: "please help me they locked us in and took my passport"}},
		{"button", bot.Message{Button: "cc:TH"}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			ctx := context.Background()
			i := 0
			for b.Loop() {
				m := c.msg
				m.Channel, m.UserID, m.LangHint = bot.ChannelWeb, fmt.Sprintf("bench-user-%06d", i%1000), "en"
				i++
				if _, err := env.Engine.Handle(ctx, m); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
