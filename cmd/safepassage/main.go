// Command safepassage runs the SafePassage bot and its tools. With no subcommand it serves: the web chat always,
// Telegram when TELEGRAM_BOT_TOKEN is set. See `safepassage help`.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/safepassage/safepassage/content"
	"github.com/safepassage/safepassage/content/hotlines"
)

const usage = `usage: safepassage [command] [flags]

commands:
  serve              run the bot: web chat, and Telegram when a token is set (the default)
  check [--json] [--lang L] [--batch] [FILE]
                     screen a job offer for red flags (from FILE or standard input)
  hotlines --in CC [--from CC] [--json]
                     the contacts for someone in country CC who comes from country --from
  content lint       validate all content and locales, print coverage per language
  help               this text

Run "safepassage serve -h" for the configuration flags; each mirrors an environment variable.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches a subcommand and returns the process's exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return runServe(ctx, args, stdout, stderr)
	case "content":
		return runContent(ctx, args, stdout, stderr)
	case "check":
		return runCheck(ctx, args, stdin, stdout, stderr)
	case "hotlines":
		dir, err := hotlines.Load(content.Overlay(os.Getenv("SAFEPASSAGE_CONTENT_DIR"), "hotlines", hotlines.Files))
		if err != nil {
			fmt.Fprintf(stderr, "safepassage hotlines: %v\n", err)
			return 1
		}
		return runHotlines(ctx, dir, args, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "safepassage: unknown command %q\n\n%s", cmd, usage)
	return 2
}

func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}
