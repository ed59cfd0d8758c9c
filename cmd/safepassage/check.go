package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/safepassage/safepassage/bot"
	"github.com/safepassage/safepassage/content/screener"
	"github.com/safepassage/safepassage/locales"
)

const checkUsage = `usage: safepassage check [--json] [--lang L] [FILE]
       safepassage check --batch [FILE]

Screens a job offer (from FILE, or standard input) for the red flags of recruitment fraud and trafficking, and prints
the risk, each flag with the words that showed it, and what to do, in language L (default: the offer's own).
--json prints one object {"risk", "score", "lang", "flags": [{"id", "severity", "evidence"}], ...}.
--batch reads JSON Lines ({"id": "...", "text": "..."} a line) and prints one result a line.
Exit status: 0 whatever the risk; 2 on unusable input (empty, not text).
`

// checkResult is what --json prints: the screener's report with the offer's language.
type checkResult struct {
	Lang string `json:"lang"`
	screener.Report
}

// runCheck runs `safepassage check`.
func runCheck(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, checkUsage, "\nflags:\n"); fs.PrintDefaults() }
	asJSON := fs.Bool("json", false, "print the report as one JSON object")
	lang := fs.String("lang", "", "language of the explanation (default: the offer's language)")
	batch := fs.Bool("batch", false, `read JSON Lines {"id","text"} and print one JSON result a line`)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 1 {
		fmt.Fprintf(stderr, "safepassage check: one FILE at most\n\n%s", checkUsage)
		return 2
	}
	in := stdin
	if fs.NArg() == 1 && fs.Arg(0) != "-" {
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			fmt.Fprintf(stderr, "safepassage check: %v\n", err)
			return 2
		}
		defer f.Close()
		in = f
	}
	cat, lib, err := loadAll(os.Getenv("SAFEPASSAGE_CONTENT_DIR"))
	if err != nil {
		fmt.Fprintf(stderr, "safepassage check: %v\n", err)
		return 1
	}
	detect := func(text string) string {
		if loc, ok := cat.Detect(text); ok {
			return loc
		}
		return ""
	}
	if *batch {
		if err := screener.RunBatch(ctx, lib.Screener, detect, in, stdout); err != nil {
			fmt.Fprintf(stderr, "safepassage check: %v\n", err)
			return 1
		}
		return 0
	}
	if *lang != "" && !cat.Has(*lang) {
		if m := cat.Match(*lang); m != "" {
			*lang = m
		} else {
			fmt.Fprintf(stderr, "safepassage check: --lang %q is not one of %s\n", *lang, strings.Join(locales.Supported, " "))
			return 2
		}
	}
	body, err := io.ReadAll(io.LimitReader(in, screener.MaxInput+1))
	if err != nil {
		fmt.Fprintf(stderr, "safepassage check: read: %v\n", err)
		return 2
	}
	if why := unusable(body); why != "" {
		fmt.Fprintf(stderr, "safepassage check: %s: paste the text of a job offer\n", why)
		return 2
	}
	text := string(body)
	report := lib.Screener.Check(text)
	offerLang := detect(text)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if report.Flags == nil {
			report.Flags = []screener.Finding{}
		}
		if err := enc.Encode(checkResult{Lang: offerLang, Report: report}); err != nil {
			fmt.Fprintf(stderr, "safepassage check: %v\n", err)
			return 1
		}
		return 0
	}
	out := *lang
	if out == "" {
		out = offerLang
	}
	if out == "" {
		out = locales.Default
	}
	engine := bot.NewEngine(nil, lib, cat)
	fmt.Fprintln(stdout, engine.Verdict(out, report, true))
	return 0
}

// unusable says why input cannot be an offer: empty, not UTF-8, or binary (NUL bytes or mostly control characters).
func unusable(b []byte) string {
	switch {
	case len(bytes.TrimSpace(b)) == 0:
		return "the input is empty"
	case len(b) > screener.MaxInput:
		return fmt.Sprintf("the input is over %d KB", screener.MaxInput>>10)
	case bytes.IndexByte(b, 0) >= 0 || !utf8.Valid(b):
		return "the input is not text"
	}
	control := 0
	for _, r := range string(b) {
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' {
			control++
		}
	}
	if control*10 > utf8.RuneCount(b) {
		return "the input is not text"
	}
	return ""
}
