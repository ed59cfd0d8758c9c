package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/safepassage/safepassage/content"
	"github.com/safepassage/safepassage/locales"
)

// runContent runs `safepassage content lint`: load and validate every content file and locale (each loader returns
// every problem it finds), print coverage per language, and exit non-zero on any problem. A locale that lacks a
// topic, a red-flag explanation or a UI string is a problem too (the bot would answer in English there), unless
// --allow-missing is given.
func runContent(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "lint" {
		fmt.Fprintln(stderr, "usage: safepassage content lint [--allow-missing]")
		return 2
	}
	fs := flag.NewFlagSet("content lint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	allowMissing := fs.Bool("allow-missing", false, "report untranslated strings and topics without failing")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	cat, lib, err := loadAll(os.Getenv("SAFEPASSAGE_CONTENT_DIR"))
	if err != nil {
		fmt.Fprintf(stderr, "content lint: %v\n", err)
		return 1
	}
	missing := printCoverage(stdout, cat, lib)
	contacts, unvalidated := lib.Hotlines.All(), 0
	for _, c := range contacts {
		for _, n := range c.Numbers {
			if n.Unvalidated != "" {
				unvalidated++
			}
		}
	}
	fmt.Fprintf(stdout, "\n%d hotline contacts in %d countries, each with a source and a date; %d numbers kept as printed with the reason libphonenumber rejects them.\n",
		len(contacts), len(lib.Hotlines.Countries()), unvalidated)
	if len(missing) > 0 {
		fmt.Fprintf(stdout, "\nuntranslated (falls back to English):\n  %s\n", strings.Join(missing, "\n  "))
		if !*allowMissing {
			fmt.Fprintln(stderr, "content lint: some locales are incomplete (see above); --allow-missing to accept")
			return 1
		}
	}
	fmt.Fprintln(stdout, "content lint: ok")
	return 0
}

// printCoverage prints, per locale, how much of each kind of content it has, and returns what is missing.
func printCoverage(w io.Writer, cat *locales.Catalog, lib *content.Library) []string {
	ui := cat.Coverage()
	tc := lib.Topics.Coverage()
	sc := lib.Screener.Locales()
	dc := lib.Distress.Coverage()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "locale\tui strings\ttopics\texamples\tred-flag texts\tred-flag patterns\tdistress phrases\treviewed")
	var missing []string
	for _, loc := range locales.Supported {
		u, t, s := ui[loc], tc[loc], sc[loc]
		reviewed := "no"
		if u.Reviewed && t.Reviewed && s.Reviewed {
			reviewed = "yes"
		}
		fmt.Fprintf(tw, "%s\t%d/%d\t%d/%d\t%d\t%d/%d\t%d/%d flags\t%d\t%s\n", loc, u.Translated, u.Messages, t.Topics, t.Total,
			t.Examples, s.Strings, s.Total, s.FlagsWithPatterns, s.Flags, dc[loc], reviewed)
		if u.Translated < u.Messages {
			missing = append(missing, fmt.Sprintf("%s: %d UI strings", loc, u.Messages-u.Translated))
		}
		if t.Topics < t.Total {
			missing = append(missing, fmt.Sprintf("%s: %d topics (%s)", loc, t.Total-t.Topics, abbreviate(t.Missing, 5)))
		}
		if s.Strings < s.Total {
			missing = append(missing, fmt.Sprintf("%s: %d red-flag texts (%s)", loc, s.Total-s.Strings, abbreviate(s.Missing, 3)))
		}
		if dc[loc] == 0 {
			missing = append(missing, fmt.Sprintf("%s: no distress phrases", loc))
		}
	}
	tw.Flush()
	return missing
}

func abbreviate(list []string, n int) string {
	if len(list) <= n {
		return strings.Join(list, ", ")
	}
	return strings.Join(list[:n], ", ") + fmt.Sprintf(", … %d more", len(list)-n)
}
