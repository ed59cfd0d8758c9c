// Package web is the web chat channel: an embedded page that works on a cheap phone, served at GET /, a JSON API at
// POST /api/chat that the page (or an NGO's site, through the widget) talks to, and GET /healthz.
//
// It turns requests into bot.Messages and the engine's replies into JSON. It must not import the store or content.
package web

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/time/rate"

	"github.com/safepassage/safepassage/bot"
)

//go:embed index.html
var page []byte

//go:embed widget.js
var widget []byte

// MaxBody is the largest request body /api/chat reads.
const MaxBody = 64 << 10

var sessionRE = regexp.MustCompile(`^[A-Za-z0-9_-]{16,64}$`)

// Engine is what the web chat needs of the conversation engine.
type Engine interface {
	Handle(ctx context.Context, m bot.Message) (bot.Response, error)
	KnownButton(data string) bool
}

// Pinger reports whether the store answers, for /healthz.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Handler serves the web chat.
type Handler struct {
	engine  Engine
	health  Pinger
	log     *slog.Logger
	limits  *limiter
	mux     *http.ServeMux
	timeout time.Duration
}

// New returns the web chat's handler.
func New(engine Engine, health Pinger, log *slog.Logger) *Handler {
	h := &Handler{engine: engine, health: health, log: log, limits: newLimiter(rate.Limit(2), 20, 10000), timeout: 10 * time.Second}
	h.mux = http.NewServeMux()
	h.mux.HandleFunc("GET /{$}", h.page)
	h.mux.HandleFunc("GET /widget.js", h.widget)
	h.mux.HandleFunc("POST /api/chat", h.chat)
	h.mux.HandleFunc("GET /healthz", h.healthz)
	return h
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors *")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(page)
}

func (h *Handler) widget(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "max-age=3600")
	w.Write(widget)
}

func (h *Handler) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := h.health.Ping(ctx); err != nil {
		h.log.ErrorContext(ctx, "health check", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "store unreachable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// Request is the body of POST /api/chat.
type Request struct {
	Session  string    `json:"session"`
	Text     string    `json:"text"`
	Button   string    `json:"button"`
	Lang     string    `json:"lang"`
	Location *Location `json:"location,omitempty"`
}

// Location is a point the browser shared (navigator.geolocation), used only to find the country.
type Location struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Answer is the body of a successful POST /api/chat.
type Answer struct {
	Lang     string    `json:"lang"`
	Dir      string    `json:"dir"`
	Messages []Message `json:"messages"`
}

// Message is one reply, as the page renders it.
type Message struct {
	Text            string     `json:"text"`
	Kind            string     `json:"kind"`
	Ref             string     `json:"ref,omitempty"`
	Buttons         [][]Button `json:"buttons,omitempty"`
	RequestLocation bool       `json:"request_location,omitempty"`
}

// Button is one button of a reply.
type Button struct {
	Label string `json:"label"`
	Data  string `json:"data"`
}

func (h *Handler) chat(w http.ResponseWriter, r *http.Request) {
	req, status, why := decode(w, r)
	if status != 0 {
		writeJSON(w, status, map[string]string{"error": why})
		return
	}
	if req.Button != "" && !h.engine.KnownButton(req.Button) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unknown button"})
		return
	}
	if ok, retry := h.limits.allow(req.Session); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(retry))
		writeJSON(w, http.StatusTooManyRequests, map[string]string{"error": "too many messages; wait a moment"})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), h.timeout)
	defer cancel()
	msg := bot.Message{
		Channel:  bot.ChannelWeb,
		UserID:   req.Session,
		Text:     req.Text,
		Button:   req.Button,
		LangHint: firstNonEmpty(req.Lang, r.Header.Get("Accept-Language")),
	}
	if req.Location != nil {
		msg.Location = &bot.Location{Lat: req.Location.Lat, Lon: req.Location.Lon}
	}
	resp, err := h.engine.Handle(ctx, msg)
	if err != nil {
		h.log.ErrorContext(ctx, "web chat", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "the service is busy; try again in a minute"})
		return
	}
	writeJSON(w, http.StatusOK, render(resp))
}

// decode reads and checks a chat request. A non-zero status says why it is refused.
func decode(w http.ResponseWriter, r *http.Request) (Request, int, string) {
	var req Request
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return req, http.StatusRequestEntityTooLarge, fmt.Sprintf("body over %d bytes", MaxBody)
		}
		return req, http.StatusBadRequest, "cannot read body"
	}
	if !utf8.Valid(body) {
		return req, http.StatusBadRequest, "body is not UTF-8"
	}
	if err := json.Unmarshal(body, &req); err != nil {
		return req, http.StatusBadRequest, "body is not a JSON object with session and text or button"
	}
	switch {
	case req.Session == "":
		return req, http.StatusBadRequest, "session is missing"
	case !sessionRE.MatchString(req.Session):
		return req, http.StatusBadRequest, "session must be 16 to 64 letters, digits, - or _"
	case req.Text == "" && req.Button == "" && req.Location == nil:
		return req, http.StatusBadRequest, "text, button or location is required"
	case req.Location != nil && (req.Location.Lat < -90 || req.Location.Lat > 90 || req.Location.Lon < -180 || req.Location.Lon > 180):
		return req, http.StatusBadRequest, "location is out of range"
	case len(req.Button) > 64:
		return req, http.StatusBadRequest, "unknown button"
	case len(req.Lang) > 64:
		return req, http.StatusBadRequest, "lang is too long"
	}
	return req, 0, ""
}

func render(resp bot.Response) Answer {
	a := Answer{Lang: resp.Lang, Dir: "ltr", Messages: []Message{}}
	for _, r := range resp.Replies {
		if r.RTL {
			a.Dir = "rtl"
		}
		m := Message{Text: r.Text, Kind: r.Kind, Ref: r.Ref, RequestLocation: r.RequestLocation}
		for _, row := range r.Buttons {
			var out []Button
			for _, b := range row {
				out = append(out, Button{Label: b.Label, Data: b.Data})
			}
			m.Buttons = append(m.Buttons, out)
		}
		a.Messages = append(a.Messages, m)
	}
	return a
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v) // HTML characters are escaped, so no reply can carry markup into a page
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// limiter throttles each session to a steady rate with a burst, so that one client cannot flood the engine. It keeps
// at most max sessions, forgetting the least recently seen.
type limiter struct {
	mu    sync.Mutex
	every rate.Limit
	burst int
	max   int
	byKey map[string]*entry
	clock func() time.Time
}

type entry struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiter(every rate.Limit, burst, max int) *limiter {
	return &limiter{every: every, burst: burst, max: max, byKey: map[string]*entry{}, clock: time.Now}
}

// allow reports whether key may send now, and if not, in how many seconds to retry.
func (l *limiter) allow(key string) (bool, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock()
	e, ok := l.byKey[key]
	if !ok {
		if len(l.byKey) >= l.max {
			l.evict(now)
		}
		e = &entry{lim: rate.NewLimiter(l.every, l.burst)}
		l.byKey[key] = e
	}
	e.seen = now
	r := e.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, int(d/time.Second) + 1
	}
	return true, 0
}

// evict forgets sessions idle for a minute, or the oldest half if none is.
func (l *limiter) evict(now time.Time) {
	for k, e := range l.byKey {
		if now.Sub(e.seen) > time.Minute {
			delete(l.byKey, k)
		}
	}
	for k := range l.byKey {
		if len(l.byKey) < l.max/2 {
			break
		}
		delete(l.byKey, k)
	}
}
