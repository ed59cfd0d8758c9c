// Package telegramtest is a fake Telegram Bot API server for tests: it serves the methods SafePassage calls
// (getMe, getUpdates by long polling, sendMessage, answerCallbackQuery, setMyCommands, setWebhook, deleteWebhook)
// as the real API answers them, feeds the updates a test queues, and records every call. A chat can be set to answer
// 403 (the user blocked the bot), and the next calls to answer 429.
package telegramtest

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Call is one recorded Bot API call: its method and its parameters as strings (JSON values stay JSON text).
type Call struct {
	Method string
	Params map[string]string
}

// Server is the fake Bot API. Create it with New; it closes with the test.
type Server struct {
	*httptest.Server
	mu       sync.Mutex
	cond     *sync.Cond
	updates  []json.RawMessage
	nextID   int64
	calls    []Call
	blocked  map[string]bool
	tooMany  int
	msgID    int
	Username string
}

// New starts a fake Bot API server.
func New() *Server {
	s := &Server{blocked: map[string]bool{}, nextID: 1, Username: "safepassage_test_bot"}
	s.cond = sync.NewCond(&s.mu)
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Close stops the server and wakes any long poll.
func (s *Server) Close() {
	s.mu.Lock()
	s.cond.Broadcast()
	s.mu.Unlock()
	s.Server.CloseClientConnections()
	s.Server.Close()
}

// Push queues an update (without update_id, which the server assigns) for the next getUpdates.
func (s *Server) Push(update map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	update["update_id"] = s.nextID
	s.nextID++
	b, _ := json.Marshal(update)
	s.updates = append(s.updates, b)
	s.cond.Broadcast()
}

// Block makes every call for chatID answer 403 "bot was blocked by the user".
func (s *Server) Block(chatID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blocked[chatID] = true
}

// TooMany makes the next n sendMessage calls answer 429 with retry_after 1.
func (s *Server) TooMany(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tooMany = n
}

// Calls returns the calls recorded so far.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Count returns how many calls have been recorded.
func (s *Server) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.calls)
}

// WaitFor waits until calls after the first `since` include one that satisfies ok, and returns the calls after since.
func (s *Server) WaitFor(since int, timeout time.Duration, ok func([]Call) bool) ([]Call, bool) {
	deadline := time.Now().Add(timeout)
	for {
		calls := s.Calls()
		if since > len(calls) {
			since = len(calls)
		}
		if ok(calls[since:]) {
			return calls[since:], true
		}
		if time.Now().After(deadline) {
			return calls[since:], false
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if len(parts) != 2 || !strings.HasPrefix(parts[0], "bot") {
		reply(w, http.StatusNotFound, map[string]any{"ok": false, "error_code": 404, "description": "Not Found"})
		return
	}
	method := parts[1]
	params, err := readParams(r)
	if err != nil {
		reply(w, http.StatusBadRequest, map[string]any{"ok": false, "error_code": 400, "description": "Bad Request: " + err.Error()})
		return
	}
	if method == "getUpdates" {
		s.getUpdates(w, r, params)
		return
	}
	s.mu.Lock()
	s.calls = append(s.calls, Call{Method: method, Params: params})
	if chat := params["chat_id"]; chat != "" && s.blocked[chat] {
		s.mu.Unlock()
		reply(w, http.StatusForbidden, map[string]any{"ok": false, "error_code": 403, "description": "Forbidden: bot was blocked by the user"})
		return
	}
	if method == "sendMessage" && s.tooMany > 0 {
		s.tooMany--
		s.mu.Unlock()
		reply(w, http.StatusTooManyRequests, map[string]any{"ok": false, "error_code": 429,
			"description": "Too Many Requests: retry after 1", "parameters": map[string]any{"retry_after": 1}})
		return
	}
	s.msgID++
	id := s.msgID
	s.mu.Unlock()

	switch method {
	case "getMe":
		ok(w, map[string]any{"id": 123, "is_bot": true, "first_name": "SafePassage", "username": s.Username})
	case "sendMessage":
		if strings.TrimSpace(params["text"]) == "" {
			reply(w, http.StatusBadRequest, map[string]any{"ok": false, "error_code": 400, "description": "Bad Request: message text is empty"})
			return
		}
		if n := len([]rune(params["text"])); n > 4096 {
			reply(w, http.StatusBadRequest, map[string]any{"ok": false, "error_code": 400, "description": "Bad Request: message is too long"})
			return
		}
		ok(w, map[string]any{"message_id": id, "date": time.Now().Unix(), "chat": map[string]any{"id": json.Number(params["chat_id"]), "type": "private"}, "text": params["text"]})
	default:
		ok(w, true)
	}
}

func (s *Server) getUpdates(w http.ResponseWriter, r *http.Request, params map[string]string) {
	var offset int64
	fmt.Sscan(params["offset"], &offset)
	deadline := time.Now().Add(2 * time.Second)
	s.mu.Lock()
	for {
		var out []json.RawMessage
		for _, u := range s.updates {
			var head struct {
				ID int64 `json:"update_id"`
			}
			json.Unmarshal(u, &head)
			if head.ID >= offset {
				out = append(out, u)
			}
		}
		if len(out) > 0 || time.Now().After(deadline) || r.Context().Err() != nil {
			s.mu.Unlock()
			if out == nil {
				out = []json.RawMessage{}
			}
			ok(w, out)
			return
		}
		go func() { time.Sleep(50 * time.Millisecond); s.mu.Lock(); s.cond.Broadcast(); s.mu.Unlock() }()
		s.cond.Wait()
	}
}

func readParams(r *http.Request) (map[string]string, error) {
	p := map[string]string{}
	ct, ctParams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		mr := multipart.NewReader(r.Body, ctParams["boundary"])
		for {
			part, err := mr.NextPart()
			if err == io.EOF || (err != nil && len(p) == 0) {
				return p, nil // a method without parameters comes as an empty body
			}
			if err != nil {
				return nil, err
			}
			b, err := io.ReadAll(part)
			if err != nil {
				return nil, err
			}
			p[part.FormName()] = string(b)
		}
	case "application/json":
		var m map[string]json.RawMessage
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil && err != io.EOF {
			return nil, err
		}
		for k, v := range m {
			var s string
			if json.Unmarshal(v, &s) == nil {
				p[k] = s
			} else {
				p[k] = string(v)
			}
		}
		return p, nil
	}
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	for k, v := range r.Form {
		p[k] = v[0]
	}
	return p, nil
}

func reply(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func ok(w http.ResponseWriter, result any) {
	reply(w, http.StatusOK, map[string]any{"ok": true, "result": result})
}
