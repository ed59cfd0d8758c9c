package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/safepassage/safepassage/bot/chattest"
)

// chromium finds Debian's chromium. Where it is absent the browser test is skipped with a message, unless
// SAFEPASSAGE_REQUIRE_BROWSER is set (as .ci/run sets it), where it fails: CI never skips the browser.
func chromium(t *testing.T) string {
	for _, name := range []string{os.Getenv("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("SAFEPASSAGE_REQUIRE_BROWSER") != "" {
		t.Fatal("chromium is not installed (apt-get install chromium) and SAFEPASSAGE_REQUIRE_BROWSER is set")
	}
	t.Skip("chromium is not installed: apt-get install chromium to run the browser test")
	return ""
}

// browser starts headless chromium at a phone's size for the test, and returns a context for its tab that ends with
// the test or after 60 s. Nothing leaves the machine: every host but bypass goes to a proxy that is not there.
// Selectors in these tests are chromedp.CSS: a plain string is a DOM search, which also matches text in the page.
func browser(t *testing.T, exe string, width, height int, bypass string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.Headless,
		chromedp.DisableGPU, chromedp.WindowSize(width, height), chromedp.Flag("proxy-server", "http://127.0.0.1:9"),
		chromedp.Flag("proxy-bypass-list", bypass))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancel(); cancelTab(); cancelAlloc() })
	return ctx
}

// TestPageInBrowser drives the web chat as a person would on a phone: the page greets, the person types, taps a
// button and reads the reply; an Arabic conversation turns the page right to left.
func TestPageInBrowser(t *testing.T) {
	exe := chromium(t)
	srv, env := newServer(t)
	ctx := browser(t, exe, 360, 740, strings.TrimPrefix(srv.URL, "http://"))

	menu := env.Catalog.Text("en", "menu_prompt", nil)
	check := env.Catalog.Text("en", "check_prompt", nil)
	text := func() string {
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#log")))
		if err != nil {
			t.Fatalf("read the page: %v", err)
		}
		return s
	}
	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	poll := func(expr string) chromedp.Action[chromedp.Void] { return chromedp.Poll[chromedp.Void](expr) }

	step("open the page", chromedp.Navigate(srv.URL+"/?lang=en"), chromedp.WaitVisible(chromedp.CSS(".m.bot .kb button")))
	if got := text(); !strings.Contains(got, chattest.FirstLine(menu)) {
		t.Errorf("the page did not greet with the menu: %.200q", got)
	}
	step("type", chromedp.SendKeys(chromedp.CSS("#t"), "what can you do?"))
	step("send", chromedp.Click(chromedp.CSS("#go")))
	step("see it sent", chromedp.WaitVisible(chromedp.CSS(".m.me")))
	step("see the answer", poll(`document.querySelectorAll('.m.bot').length >= 2`))
	if got := text(); !strings.Contains(got, "what can you do?") {
		t.Errorf("the typed message is not shown: %.200q", got)
	}
	// Two messages in a row, the second sent before the first is answered: both are shown and both answered.
	step("send twice quickly", chromedp.SendKeys(chromedp.CSS("#t"), "hello"), chromedp.Click(chromedp.CSS("#go")),
		chromedp.SendKeys(chromedp.CSS("#t"), "are you there"), chromedp.Click(chromedp.CSS("#go")),
		poll(`[...document.querySelectorAll('.m.me')].some(e => e.textContent === 'are you there')`),
		poll(`document.querySelectorAll('.m.bot').length >= 4`))
	step("tap a button", chromedp.Click(chromedp.CSS(`button[data-d="check"]`)),
		poll(`[...document.querySelectorAll('.m.bot')].some(e => e.textContent.includes(`+jsString(chattest.FirstLine(check))+`))`))

	if env.Catalog.Has("ar") {
		step("choose Arabic", chromedp.Click(chromedp.CSS(`button[data-d="lang"]`)),
			chromedp.WaitVisible(chromedp.CSS(`button[data-d="lang:ar"]`)), chromedp.Click(chromedp.CSS(`button[data-d="lang:ar"]`)),
			poll(`document.documentElement.dir === 'rtl'`))
	}
	step("help from the header", chromedp.Click(chromedp.CSS("#sos")), poll(`document.querySelector('.m.bot.hotlines') !== null`))
	// The header's help button reads in the user's language (Arabic, chosen above).
	if env.Catalog.Has("ar") {
		want := env.Catalog.Text("ar", "button_help", nil)
		step("help button in Arabic", poll(`document.getElementById('sos').textContent === `+jsString(want)))
	}
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "`", "\\`", "$", `\$`)
	return "`" + r.Replace(s) + "`"
}

// TestWidgetInBrowser embeds the chat in another site's page with the widget script, as an NGO would, opens it and
// talks to it.
func TestWidgetInBrowser(t *testing.T) {
	exe := chromium(t)
	srv, _ := newServer(t)
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<!doctype html><html><body><h1>An NGO's page</h1><script src="%s/widget.js" data-lang="th" async></script></body></html>`, srv.URL)
	}))
	defer host.Close()

	ctx := browser(t, exe, 400, 800, "127.0.0.1")

	err := chromedp.Do(ctx, chromedp.Navigate(host.URL), chromedp.WaitVisible(chromedp.CSS(`button[aria-label="SafePassage chat"]`)),
		chromedp.Click(chromedp.CSS(`button[aria-label="SafePassage chat"]`)), chromedp.WaitVisible(chromedp.CSS("iframe")))
	if err != nil {
		t.Fatalf("open the widget: %v", err)
	}
	// The chat answers inside the frame, in the language the site asked for.
	// The frame's document attaches a moment after the element shows (sooner or later on a busy machine): look again
	// until it answers or 20 s pass.
	var greeting string
	var lastErr error
	for end := time.Now().Add(20 * time.Second); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		frames, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS("iframe")))
		if err != nil || len(frames) == 0 {
			lastErr = fmt.Errorf("find the frame: %v", err)
			continue
		}
		pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		greeting, lastErr = chromedp.Run(pctx, chromedp.Poll[string](`(() => { const l = document.querySelector('#log'); return l && l.innerText.trim() ? l.innerText : false })()`,
			chromedp.WithPollingInFrame(frames[0]), chromedp.WithPollingTimeout(5*time.Second)))
		cancel()
		if lastErr == nil {
			break
		}
	}
	if lastErr != nil {
		t.Fatalf("read the chat in the frame: %v", lastErr)
	}
	if !chattest.Scripts["th"].MatchString(greeting) {
		t.Errorf("the widget's chat did not greet in Thai: %.200q", greeting)
	}
}
