package chattest

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/safepassage/safepassage/bot"
	"github.com/safepassage/safepassage/content"
	"github.com/safepassage/safepassage/locales"
	"github.com/safepassage/safepassage/store"
)

// Env is a real engine for tests: the embedded content and locales over a fresh SQLite file in a temp dir.
type Env struct {
	Engine  *bot.Engine
	Store   *store.Store
	Catalog *locales.Catalog
	Library *content.Library
	DBPath  string
}

// NewEnv builds an Env; the store closes when the test ends.
func NewEnv(t testing.TB) *Env {
	t.Helper()
	cat, err := locales.Load(locales.Files)
	if err != nil {
		t.Fatalf("load locales: %v", err)
	}
	lib, err := content.Load("")
	if err != nil {
		t.Fatalf("load content: %v", err)
	}
	path := filepath.Join(t.TempDir(), "test.db")
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	log := slog.New(slog.DiscardHandler)
	return &Env{Engine: bot.NewEngine(st, lib, cat, bot.WithLogger(log)), Store: st, Catalog: cat, Library: lib, DBPath: path}
}

// EngineDriver drives the engine directly, as a channel would.
type EngineDriver struct {
	Engine  *bot.Engine
	Channel string
}

// Kinds: the engine's replies carry their kind.
func (EngineDriver) Kinds() bool { return true }

// Send hands the input to the engine.
func (d EngineDriver) Send(t *testing.T, user string, in Input) []Observed {
	t.Helper()
	ch := d.Channel
	if ch == "" {
		ch = bot.ChannelWeb
	}
	resp, err := d.Engine.Handle(context.Background(), bot.Message{Channel: ch, UserID: user, Text: in.Text, Button: in.Button, LangHint: in.Lang})
	if err != nil {
		t.Fatalf("Handle: %v", err)
	}
	return FromReplies(resp.Replies)
}

// FromReplies turns engine replies into what a user would observe.
func FromReplies(rs []bot.Reply) []Observed {
	var out []Observed
	for _, r := range rs {
		o := Observed{Text: r.Text, Kind: r.Kind, Ref: r.Ref}
		for _, row := range r.Buttons {
			for _, b := range row {
				o.Buttons = append(o.Buttons, Button{Label: b.Label, Data: b.Data})
			}
		}
		out = append(out, o)
	}
	return out
}
