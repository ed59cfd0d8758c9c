package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
)

// config is the binary's configuration. Each field has a flag and an environment variable; a flag given on the
// command line wins over the environment, which wins over the default.
type config struct {
	DB              string
	Addr            string
	Admins          []string
	ContentDir      string
	TelegramToken   string
	TelegramAPIURL  string
	WebhookURL      string
	WebhookSecret   string
	WhatsAppToken   string
	WhatsAppPhoneID string
	WhatsAppSecret  string
	WhatsAppVerify  string
	WhatsAppAPIURL  string
	LogLevel        slog.Level
	RetentionDays   int // users unseen this long, without alerts, are deleted
}

// setting ties a config field to its flag and environment variable.
type setting struct {
	flag, env, def, usage string
	dst                   *string
}

func (c *config) settings() []setting {
	return []setting{
		{"db", "SAFEPASSAGE_DB", "./safepassage.db", "SQLite file", &c.DB},
		{"addr", "SAFEPASSAGE_ADDR", "127.0.0.1:8080", "HTTP listen address (web chat, webhooks, health)", &c.Addr},
		{"content-dir", "SAFEPASSAGE_CONTENT_DIR", "", "directory that overrides the embedded content and locales", &c.ContentDir},
		{"telegram-token", "TELEGRAM_BOT_TOKEN", "", "Telegram bot token; enables Telegram", &c.TelegramToken},
		{"telegram-api-url", "TELEGRAM_API_URL", "https://api.telegram.org", "Telegram Bot API server", &c.TelegramAPIURL},
		{"telegram-webhook-url", "TELEGRAM_WEBHOOK_URL", "", "public URL of /telegram/webhook; webhook mode instead of long polling", &c.WebhookURL},
		{"telegram-webhook-secret", "TELEGRAM_WEBHOOK_SECRET", "", "secret token checked on every webhook request", &c.WebhookSecret},
		{"whatsapp-token", "WHATSAPP_TOKEN", "", "WhatsApp Cloud API access token", &c.WhatsAppToken},
		{"whatsapp-phone-number-id", "WHATSAPP_PHONE_NUMBER_ID", "", "WhatsApp phone number id", &c.WhatsAppPhoneID},
		{"whatsapp-app-secret", "WHATSAPP_APP_SECRET", "", "app secret that signs WhatsApp webhooks", &c.WhatsAppSecret},
		{"whatsapp-verify-token", "WHATSAPP_VERIFY_TOKEN", "", "token of the WhatsApp webhook handshake", &c.WhatsAppVerify},
		{"whatsapp-api-url", "WHATSAPP_API_URL", "https://graph.facebook.com", "Graph API server", &c.WhatsAppAPIURL},
	}
}

// parseConfig reads flags from args over the environment (getenv) over the defaults.
func parseConfig(name string, args []string, getenv func(string) string, stderr io.Writer) (*config, error) {
	c := &config{}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	for _, s := range c.settings() {
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		fs.StringVar(s.dst, s.flag, def, fmt.Sprintf("%s (env %s)", s.usage, s.env))
	}
	admins := getenv("SAFEPASSAGE_ADMINS")
	fs.StringVar(&admins, "admins", admins, "staff accounts, comma-separated telegram:<user id>, whatsapp:<E.164> (env SAFEPASSAGE_ADMINS)")
	retention := getenv("SAFEPASSAGE_RETENTION_DAYS")
	if retention == "" {
		retention = "180"
	}
	fs.StringVar(&retention, "retention-days", retention, "delete users unseen for this many days who have no alerts on (env SAFEPASSAGE_RETENTION_DAYS)")
	level := getenv("SAFEPASSAGE_LOG_LEVEL")
	fs.StringVar(&level, "log-level", level, "debug, info, warn or error (env SAFEPASSAGE_LOG_LEVEL); message text is logged at debug only")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	for _, a := range strings.Split(admins, ",") {
		if a = strings.TrimSpace(a); a != "" {
			if !strings.HasPrefix(a, "telegram:") && !strings.HasPrefix(a, "whatsapp:") {
				return nil, fmt.Errorf("admin %q: want telegram:<user id> or whatsapp:<E.164>", a)
			}
			c.Admins = append(c.Admins, a)
		}
	}
	days, err := strconv.Atoi(retention)
	if err != nil || days < 1 {
		return nil, fmt.Errorf("retention days %q: want a whole number of days, at least 1", retention)
	}
	c.RetentionDays = days
	if level != "" {
		if err := c.LogLevel.UnmarshalText([]byte(level)); err != nil {
			return nil, fmt.Errorf("log level %q: %w", level, err)
		}
	}
	if c.WebhookURL != "" && c.WebhookSecret == "" {
		return nil, fmt.Errorf("TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET: webhook requests must be authenticated")
	}
	return c, nil
}
