package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/safepassage/safepassage/bot/telegram/telegramtest"
)

func TestConfigPrecedence(t *testing.T) {
	env := map[string]string{"SAFEPASSAGE_DB": "/env.db", "SAFEPASSAGE_ADDR": "127.0.0.1:9999", "SAFEPASSAGE_ADMINS": "telegram:1, whatsapp:+66800000000"}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		name     string
		args     []string
		wantDB   string
		wantAddr string
		wantErr  string
	}{
		{"environment over defaults", nil, "/env.db", "127.0.0.1:9999", ""},
		{"flags over environment", []string{"-db", "/flag.db"}, "/flag.db", "127.0.0.1:9999", ""},
		{"unknown flag", []string{"-nope"}, "", "", "not defined"},
		{"stray argument", []string{"extra"}, "", "", "unexpected argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseConfig("serve", tt.args, getenv, io.Discard)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.DB != tt.wantDB || c.Addr != tt.wantAddr || len(c.Admins) != 2 {
				t.Errorf("got db %q addr %q admins %v", c.DB, c.Addr, c.Admins)
			}
		})
	}
	if c, err := parseConfig("serve", nil, func(string) string { return "" }, io.Discard); err != nil || c.DB != "./safepassage.db" || c.Addr != "127.0.0.1:8080" || c.TelegramAPIURL != "https://api.telegram.org" || c.RetentionDays != 180 {
		t.Errorf("defaults: %+v %v", c, err)
	}
	for _, bad := range []map[string]string{
		{"SAFEPASSAGE_ADMINS": "root"},
		{"TELEGRAM_WEBHOOK_URL": "https://x.example/telegram/webhook"}, // without a secret
		{"SAFEPASSAGE_LOG_LEVEL": "loud"},
		{"SAFEPASSAGE_RETENTION_DAYS": "0"},
		{"SAFEPASSAGE_RETENTION_DAYS": "forever"},
	} {
		if _, err := parseConfig("serve", nil, func(k string) string { return bad[k] }, io.Discard); err == nil {
			t.Errorf("config %v accepted", bad)
		}
	}
}

// TestServeAnswersAndStopsOnSignal runs serve as the binary does, with Telegram against a fake Bot API, and stops it
// as SIGTERM would (the context main derives from the signal is cancelled).
func TestServeAnswersAndStopsOnSignal(t *testing.T) {
	fake := telegramtest.New()
	defer fake.Close()
	dir := t.TempDir()
	cfg := &config{DB: filepath.Join(dir, "sp.db"), Addr: "127.0.0.1:0", TelegramToken: "1:x", TelegramAPIURL: fake.URL}
	_, stop := startServe(t, cfg)
	since := fake.Count()
	fake.Push(map[string]any{"message": map[string]any{"message_id": 1, "date": 1, "text": "/start",
		"chat": map[string]any{"id": 5, "type": "private"}, "from": map[string]any{"id": 5, "is_bot": false, "first_name": "U", "language_code": "my"}}})
	if _, ok := fake.WaitFor(since, 5*time.Second, func(cs []telegramtest.Call) bool {
		for _, c := range cs {
			if c.Method == "sendMessage" && c.Params["chat_id"] == "5" {
				return true
			}
		}
		return false
	}); !ok {
		t.Error("Telegram /start was not answered")
	}

	stop()
	if st, err := os.Stat(cfg.DB); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("database: %v %v", st, err)
	}
}

func TestContentLint(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"content", "lint", "--allow-missing"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "content lint: ok") || !strings.Contains(out.String(), "zh-Hant") {
		t.Errorf("output: %s", out.String())
	}
	// A broken override is refused with a message that names the file.
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "locales"), 0o755)
	os.WriteFile(filepath.Join(dir, "locales", "th.yaml"), []byte("meta: {locale: th, name: ไทย}\nmessages: {nope: x}\n"), 0o644)
	t.Setenv("SAFEPASSAGE_CONTENT_DIR", dir)
	out.Reset()
	errOut.Reset()
	if code := run(context.Background(), []string{"content", "lint", "--allow-missing"}, nil, &out, &errOut); code == 0 || !strings.Contains(errOut.String(), "th.yaml") {
		t.Errorf("a bad locale override: exit %d, %s", code, errOut.String())
	}
}

func TestUnknownCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"frobnicate"}, nil, &out, &errOut); code != 2 {
		t.Errorf("exit %d", code)
	}
}

// TestServeWithTelegramUnreachable: a Bot API that does not answer must not take the web chat down.
func TestServeWithTelegramUnreachable(t *testing.T) {
	cfg := &config{DB: filepath.Join(t.TempDir(), "sp.db"), Addr: "127.0.0.1:0", TelegramToken: "1:x",
		TelegramAPIURL: "http://127.0.0.1:1", RetentionDays: 180,
		WebhookURL: "https://example.org/telegram/webhook", WebhookSecret: "right-secret"}
	url, stop := startServe(t, cfg) // the web chat answers although Telegram does not
	// While Telegram is not connected the webhook still refuses a wrong secret, and asks Telegram to retry the rest.
	for secret, want := range map[string]int{"wrong": 401, "right-secret": 503} {
		req, _ := http.NewRequest("POST", url+"telegram/webhook", strings.NewReader(`{"update_id":1}`))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("secret %q: HTTP %d, want %d", secret, resp.StatusCode, want)
		}
	}
	stop()
}

// startServe runs serve as the binary does and returns the web chat's URL once /healthz answers, and a stop function
// that cancels serve's context, as SIGTERM would, and fails the test unless serve returns cleanly within 5 s.
func startServe(t *testing.T, cfg *config) (url string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, newLogger(io.Discard, 0), pw) }()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	url = strings.TrimSpace(line[strings.Index(line, "http://"):])
	resp, err := http.Get(url + "healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	return url, func() {
		t.Helper()
		start := time.Now()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("serve did not stop within 5 s")
		}
		t.Logf("stopped in %v", time.Since(start))
	}
}
