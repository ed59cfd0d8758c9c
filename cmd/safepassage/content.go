package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/safepassage/safepassage/locales"
)

// runContent runs `safepassage content lint`: load every content file and locale, print coverage per language, and
// exit non-zero on any problem.
func runContent(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "lint" {
		fmt.Fprintln(stderr, "usage: safepassage content lint")
		return 2
	}
	cfg, err := parseConfig("content lint", args[1:], os.Getenv, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "safepassage content lint: %v\n", err)
		return 2
	}
	cat, _, err := loadAll(cfg.ContentDir)
	if err != nil {
		fmt.Fprintf(stderr, "content lint: %v\n", err)
		return 1
	}
	cov := cat.Coverage()
	fmt.Fprintf(stdout, "%-8s %-12s %s\n", "locale", "ui strings", "reviewed")
	for _, loc := range locales.Supported {
		c, ok := cov[loc]
		if !ok {
			fmt.Fprintf(stdout, "%-8s %-12s %s\n", loc, "missing", "-")
			continue
		}
		fmt.Fprintf(stdout, "%-8s %-12s %v\n", loc, fmt.Sprintf("%d/%d", c.Translated, c.Messages), c.Reviewed)
	}
	fmt.Fprintln(stdout, "content lint: ok")
	return 0
}
