package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/safepassage/safepassage/content/hotlines"
)

const hotlinesUsage = `usage: safepassage hotlines --in CC [--from CC] [--json]

Lists the contacts for someone who is in country --in and comes from country --from (ISO 3166-1 alpha-2 codes,
e.g. TH, PH): emergency and anti-trafficking lines of --in, the embassy of --from there, labour, NGO and child
lines, then the home lines of --from for the family.
`

// hotlinesOutput is what --json prints.
type hotlinesOutput struct {
	In       string             `json:"in"`
	From     string             `json:"from"`
	Contacts []hotlines.Contact `json:"contacts"`
}

// runHotlines runs `safepassage hotlines --in CC [--from CC] [--json]`. It returns 2 on a usage error.
func runHotlines(ctx context.Context, dir *hotlines.Directory, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("hotlines", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, hotlinesUsage, "\nflags:\n")
		fs.PrintDefaults()
	}
	in := fs.String("in", "", "country the person is in (ISO 3166-1 alpha-2), required")
	from := fs.String("from", "", "country the person comes from (ISO 3166-1 alpha-2)")
	asJSON := fs.Bool("json", false, `print one JSON object {"in", "from", "contacts"}`)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "safepassage hotlines: unexpected argument %q\n\n%s", fs.Arg(0), hotlinesUsage)
		return 2
	}
	if strings.TrimSpace(*in) == "" {
		fmt.Fprintf(stderr, "safepassage hotlines: --in is required: the country the person is in, e.g. --in TH\n\n%s",
			hotlinesUsage)
		return 2
	}
	inCC, ok := hotlines.ParseCountry(*in)
	if !ok {
		fmt.Fprintf(stderr, "safepassage hotlines: --in %q is not an ISO 3166-1 alpha-2 country code (e.g. TH, PH)\n", *in)
		return 2
	}
	fromCC := ""
	if strings.TrimSpace(*from) != "" {
		if fromCC, ok = hotlines.ParseCountry(*from); !ok {
			fmt.Fprintf(stderr, "safepassage hotlines: --from %q is not an ISO 3166-1 alpha-2 country code (e.g. MM, KH)\n",
				*from)
			return 2
		}
	}
	if dir == nil {
		fmt.Fprintln(stderr, "safepassage hotlines: no hotline directory loaded")
		return 1
	}
	contacts := dir.Route(inCC, fromCC)

	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(hotlinesOutput{In: inCC, From: fromCC, Contacts: contacts}); err != nil {
			fmt.Fprintf(stderr, "safepassage hotlines: %v\n", err)
			return 1
		}
		return 0
	}
	if err := writeHotlines(stdout, inCC, fromCC, contacts); err != nil {
		fmt.Fprintf(stderr, "safepassage hotlines: %v\n", err)
		return 1
	}
	return 0
}

// writeHotlines prints contacts as plain text, one block per contact.
func writeHotlines(w io.Writer, in, from string, contacts []hotlines.Contact) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Hotlines for someone in %s", in)
	if from != "" {
		fmt.Fprintf(&b, " from %s", from)
	}
	fmt.Fprintf(&b, ": %d contacts\n", len(contacts))
	if len(contacts) == 0 {
		b.WriteString("No contacts found for this country.\n")
	}
	for i, c := range contacts {
		fmt.Fprintf(&b, "\n%d. %s\n", i+1, c.Name)
		if c.NameLocal != "" {
			fmt.Fprintf(&b, "   %s\n", c.NameLocal)
		}
		kind := strings.ReplaceAll(c.Type, "_", "-")
		if c.Serves != "" {
			kind += " for citizens of " + c.Serves
		}
		fmt.Fprintf(&b, "   type: %s, %s; confidence: %s\n", kind, c.Country, c.Confidence)
		for _, n := range c.Numbers {
			fmt.Fprintf(&b, "   call: %s", n.Display)
			var tags []string
			if n.Label != "" {
				tags = append(tags, n.Label)
			}
			if n.Disputed {
				tags = append(tags, "disputed")
			}
			if n.Kind == hotlines.KindUnvalidated {
				tags = append(tags, "format not validated")
			}
			if len(tags) > 0 {
				fmt.Fprintf(&b, " (%s)", strings.Join(tags, ", "))
			}
			b.WriteByte('\n')
		}
		for _, ch := range c.Channels {
			fmt.Fprintf(&b, "   %s: %s", ch.Type, ch.Value)
			if ch.Note != "" {
				fmt.Fprintf(&b, " (%s)", ch.Note)
			}
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "   hours: %s\n", c.Hours)
		if c.Conflict != "" {
			fmt.Fprintf(&b, "   sources disagree: %s\n", c.Conflict)
		}
		for _, s := range c.Sources {
			fmt.Fprintf(&b, "   source: %s (%s)\n", s.URL, s.Date)
		}
		fmt.Fprintf(&b, "   checked: %s (against the research file, not by calling)\n", c.Checked)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
