package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/safepassage/safepassage/bot/chattest"
	"github.com/safepassage/safepassage/bot/web"
)

// driver speaks the web chat's JSON API over HTTP.
type driver struct{ url string }

func (driver) Kinds() bool { return true }

func (d driver) Send(t *testing.T, user string, in chattest.Input) []chattest.Observed {
	t.Helper()
	session := "chattest-session-" + user
	code, a := post(t, d.url, web.Request{Session: session, Text: in.Text, Button: in.Button, Lang: in.Lang})
	if code != http.StatusOK {
		t.Fatalf("POST /api/chat: HTTP %d", code)
	}
	var out []chattest.Observed
	for _, m := range a.Messages {
		o := chattest.Observed{Text: m.Text, Kind: m.Kind, Ref: m.Ref}
		for _, row := range m.Buttons {
			for _, b := range row {
				o.Buttons = append(o.Buttons, chattest.Button{Label: b.Label, Data: b.Data})
			}
		}
		out = append(out, o)
	}
	return out
}

func post(t *testing.T, url string, req web.Request) (int, web.Answer) {
	t.Helper()
	body, _ := json.Marshal(req)
	resp, err := http.Post(url+"/api/chat", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a web.Answer
	if resp.StatusCode == http.StatusOK {
		if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
			t.Fatalf("decode answer: %v", err)
		}
	}
	return resp.StatusCode, a
}

func newServer(t *testing.T) (*httptest.Server, *chattest.Env) {
	env := chattest.NewEnv(t)
	srv := httptest.NewServer(web.New(env.Engine, env.Store, slog.New(slog.DiscardHandler)))
	t.Cleanup(srv.Close)
	return srv, env
}

func TestConversations(t *testing.T) {
	srv, env := newServer(t)
	chattest.Run(t, driver{srv.URL}, env.Catalog, chattest.Cases)
}

func TestBadInput(t *testing.T) {
	srv, _ := newServer(t)
	valid := `"session":"0123456789abcdef"`
	tests := []struct {
		name string
		body string
		want int
	}{
		{"invalid JSON", `{bad`, 400},
		{"not an object", `[1,2]`, 400},
		{"no session", `{"text":"hi"}`, 400},
		{"short session", `{"session":"abc","text":"hi"}`, 400},
		{"session with odd characters", `{"session":"../../../../etc/passwd","text":"hi"}`, 400},
		{"neither text nor button", `{` + valid + `}`, 400},
		{"unknown button", `{` + valid + `,"button":"drop table"}`, 400},
		{"button with a NUL", `{` + valid + `,"button":"\u0000../../etc/passwd"}`, 400},
		{"invalid UTF-8", "{" + valid + ",\"text\":\"\xff\xfe\"}", 400},
		{"body over 64 KB", `{` + valid + `,"text":"` + strings.Repeat("a", 70<<10) + `"}`, 413},
		{"deep nesting", strings.Repeat("[", 100000) + strings.Repeat("]", 100000), 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.Post(srv.URL+"/api/chat", "application/json", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var e struct {
				Error string `json:"error"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&e); err != nil || e.Error == "" {
				t.Errorf("body is not {\"error\": ...}: %v", err)
			}
			if resp.StatusCode != tt.want {
				t.Errorf("HTTP %d, want %d (%s)", resp.StatusCode, tt.want, e.Error)
			}
		})
	}
}

func TestMarkupIsNeverEchoed(t *testing.T) {
	srv, _ := newServer(t)
	resp, err := http.Post(srv.URL+"/api/chat", "application/json",
		strings.NewReader(`{"session":"0123456789abcdef","text":"<script>alert(1)</script>"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || bytes.Contains(body, []byte("<script>")) {
		t.Errorf("HTTP %d, body %.200s", resp.StatusCode, body)
	}
}

func TestFloodIsThrottledPerSession(t *testing.T) {
	srv, _ := newServer(t)
	throttled := 0
	for range 60 {
		code, _ := post(t, srv.URL, web.Request{Session: "flooding-session-0001", Text: "hello"})
		if code == http.StatusTooManyRequests {
			throttled++
		}
	}
	if throttled == 0 {
		t.Error("60 messages in a burst from one session were all answered")
	}
	if code, _ := post(t, srv.URL, web.Request{Session: "another-session-00001", Text: "/start"}); code != 200 {
		t.Errorf("another session got HTTP %d while one was flooding", code)
	}
}

func TestRTL(t *testing.T) {
	srv, env := newServer(t)
	if !env.Catalog.Has("ar") {
		t.Skip("no Arabic strings yet")
	}
	_, a := post(t, srv.URL, web.Request{Session: "rtl-session-00000001", Text: "/start", Lang: "ar"})
	if a.Lang != "ar" || a.Dir != "rtl" {
		t.Errorf("lang %q dir %q, want ar rtl", a.Lang, a.Dir)
	}
	_, a = post(t, srv.URL, web.Request{Session: "ltr-session-00000001", Text: "/start", Lang: "th"})
	if a.Dir != "ltr" {
		t.Errorf("Thai dir %q, want ltr", a.Dir)
	}
}

func TestPage(t *testing.T) {
	srv, _ := newServer(t)
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Contains(page, []byte("<html")) {
		t.Fatalf("GET /: HTTP %d", resp.StatusCode)
	}
	if len(page) > 50<<10 {
		t.Errorf("page is %d bytes, over 50 KB", len(page))
	}
	// Nothing from another host: no CDN, no web font, no analytics.
	if m := regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?(https?:)?//`).Find(page); m != nil {
		t.Errorf("page loads from another host: %s", m)
	}
	for _, path := range []string{"/healthz", "/widget.js"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: HTTP %d", path, resp.StatusCode)
		}
	}
}

func TestLocation(t *testing.T) {
	srv, _ := newServer(t)
	body := `{"session":"located-session-0001","location":{"lat":14.5995,"lon":120.9842}}`
	resp, err := http.Post(srv.URL+"/api/chat", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var a web.Answer
	json.NewDecoder(resp.Body).Decode(&a)
	resp.Body.Close()
	if len(a.Messages) == 0 || a.Messages[0].Kind != "hotlines" || a.Messages[0].Ref != "PH" {
		t.Errorf("a location in Manila: HTTP %d %+v", resp.StatusCode, a.Messages)
	}
	resp, err = http.Post(srv.URL+"/api/chat", "application/json", strings.NewReader(`{"session":"located-session-0002","location":{"lat":123,"lon":0}}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("latitude 123: HTTP %d, want 400", resp.StatusCode)
	}
}
