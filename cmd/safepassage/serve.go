package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/safepassage/safepassage/bot"
	"github.com/safepassage/safepassage/bot/telegram"
	"github.com/safepassage/safepassage/bot/web"
	"github.com/safepassage/safepassage/content"
	"github.com/safepassage/safepassage/locales"
	"github.com/safepassage/safepassage/store"
)

// shutdownGrace is how long in-flight replies get to finish after SIGINT or SIGTERM.
const shutdownGrace = 4 * time.Second

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseConfig("serve", args, os.Getenv, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "safepassage serve: %v\n", err)
		return 2
	}
	log := newLogger(stderr, cfg.LogLevel)
	if err := serve(ctx, cfg, log, stdout); err != nil {
		log.Error("serve stopped", "err", err)
		return 1
	}
	return 0
}

// loadAll loads the UI strings and the content, each overridable from dir.
func loadAll(dir string) (*locales.Catalog, *content.Library, error) {
	cat, err := locales.Load(content.Overlay(dir, "locales", locales.Files))
	if err != nil {
		return nil, nil, fmt.Errorf("load locales: %w", err)
	}
	lib, err := content.Load(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("load content: %w", err)
	}
	return cat, lib, nil
}

func serve(ctx context.Context, cfg *config, log *slog.Logger, stdout io.Writer) error {
	cat, lib, err := loadAll(cfg.ContentDir)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	engine := bot.NewEngine(st, lib, cat, bot.WithLogger(log))
	go cat.Warm() // load the language models now rather than on the first message

	mux := http.NewServeMux()
	mux.Handle("/", web.New(engine, st, log))

	// Channel workers run with their own context: on a signal the HTTP server stops taking requests first, then the
	// workers stop taking updates and finish the replies they have begun.
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	var workers sync.WaitGroup
	if cfg.TelegramToken != "" {
		// Telegram may be unreachable (blocked in some countries, down, a wrong token): the web chat serves anyway,
		// and Telegram is connected in the background, retrying.
		var webhook atomic.Pointer[http.Handler]
		if cfg.WebhookURL != "" {
			mux.HandleFunc("POST /telegram/webhook", func(w http.ResponseWriter, r *http.Request) {
				if !telegram.SecretOK(r, cfg.WebhookSecret) { // refused whether Telegram is connected or not
					http.Error(w, `{"error":"wrong secret token"}`, http.StatusUnauthorized)
					return
				}
				if h := webhook.Load(); h != nil {
					(*h).ServeHTTP(w, r)
					return
				}
				http.Error(w, `{"error":"telegram is not connected yet"}`, http.StatusServiceUnavailable)
			})
		}
		workers.Go(func() {
			tg := connectTelegram(workCtx, cfg, engine, cat, log)
			if tg == nil {
				return
			}
			h := tg.WebhookHandler()
			webhook.Store(&h)
			tg.Run(workCtx)
		})
	}

	workers.Go(func() { purgeInactive(workCtx, st, cfg.RetentionDays, log) })

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    16 << 10,
		BaseContext:       func(net.Listener) context.Context { return workCtx },
	}
	fmt.Fprintf(stdout, "SafePassage web chat: http://%s/\n", ln.Addr())
	log.Info("serving", "addr", ln.Addr().String(), "telegram", cfg.TelegramToken != "", "webhook", cfg.WebhookURL != "")

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		stopWork()
		workers.Wait()
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		log.Warn("http shutdown", "err", err)
	}
	stopWork()
	done := make(chan struct{})
	go func() { workers.Wait(); close(done) }()
	select {
	case <-done:
	case <-sctx.Done():
		log.Warn("replies still in flight at shutdown")
	}
	return nil
}

// purgeInactive deletes, at start and then daily, the users unseen for longer than the retention period.
func purgeInactive(ctx context.Context, st *store.Store, days int, log *slog.Logger) {
	t := time.NewTicker(24 * time.Hour)
	defer t.Stop()
	for {
		n, err := st.PurgeInactive(ctx, days)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("purge inactive users", "err", err)
		case n > 0:
			log.Info("purged inactive users", "count", n, "days", days)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// connectTelegram connects to the Bot API, retrying with a growing pause (up to 5 minutes) until it answers or ctx
// is done (then nil).
func connectTelegram(ctx context.Context, cfg *config, engine *bot.Engine, cat *locales.Catalog, log *slog.Logger) *telegram.Channel {
	pause := 2 * time.Second
	for {
		tg, err := telegram.New(ctx, telegram.Config{
			Token: cfg.TelegramToken, APIURL: cfg.TelegramAPIURL, WebhookURL: cfg.WebhookURL, WebhookSecret: cfg.WebhookSecret,
		}, engine, cat, log)
		if err == nil {
			log.Info("telegram connected")
			return tg
		}
		log.Error("telegram not reachable; the web chat serves meanwhile", "err", err, "retry_in", pause.String())
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(pause):
		}
		pause = min(2*pause, 5*time.Minute)
	}
}
