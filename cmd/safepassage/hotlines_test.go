package main

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/safepassage/safepassage/content/hotlines"
)

func TestRunHotlines(t *testing.T) {
	dir, err := hotlines.Load(hotlines.Files)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantOut    []string // substrings of stdout
		wantErr    []string // substrings of stderr
		wantJSONID string   // with --json: a contact id that must be in the output
	}{
		{name: "missing --in", args: nil, wantCode: 2, wantErr: []string{"--in is required"}},
		{name: "empty --in", args: []string{"--in", " "}, wantCode: 2, wantErr: []string{"--in is required"}},
		{name: "invalid --in", args: []string{"--in", "Thailand"}, wantCode: 2, wantErr: []string{`--in "Thailand"`}},
		{name: "unknown --in", args: []string{"--in", "ZZ"}, wantCode: 2, wantErr: []string{`--in "ZZ"`}},
		{name: "invalid --from", args: []string{"--in", "TH", "--from", "PHL"}, wantCode: 2, wantErr: []string{`--from "PHL"`}},
		{name: "extra argument", args: []string{"--in", "TH", "PH"}, wantCode: 2, wantErr: []string{`unexpected argument "PH"`}},
		{name: "unknown flag", args: []string{"--country", "TH"}, wantCode: 2, wantErr: []string{"-country"}},
		{name: "help", args: []string{"-h"}, wantCode: 0, wantErr: []string{"usage: safepassage hotlines"}},
		{name: "Thailand text", args: []string{"--in", "th"}, wantCode: 0,
			wantOut: []string{"in TH:", "call: 191", "call: 1300", "type: emergency, TH", "hours: 24/7",
				"source: https://", "checked: 2026-11-25 (against the research file, not by calling)"}},
		{name: "national format", args: []string{"--in", "TH", "--from", "PH"}, wantCode: 0,
			wantOut: []string{"call: 081 989 7116", "embassy for citizens of PH", "call: 1343"}},
		{name: "Filipino in Myanmar JSON", args: []string{"--in", "MM", "--from", "PH", "--json"}, wantCode: 0,
			wantJSONID: "mm-embassy-ph-yangon"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := runHotlines(context.Background(), dir, tt.args, &stdout, &stderr)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.wantCode, stderr.String())
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(stdout.String(), w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout.String())
				}
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr.String())
				}
			}
			if tt.wantJSONID == "" {
				return
			}
			var out struct {
				In       string             `json:"in"`
				From     string             `json:"from"`
				Contacts []hotlines.Contact `json:"contacts"`
			}
			if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
				t.Fatalf("output is not JSON: %v\n%s", err, stdout.String())
			}
			var ids []string
			for _, c := range out.Contacts {
				ids = append(ids, c.ID)
			}
			if out.In != "MM" || out.From != "PH" || !slices.Contains(ids, tt.wantJSONID) {
				t.Errorf("got in=%q from=%q contacts=%v, want MM, PH and %s", out.In, out.From, ids, tt.wantJSONID)
			}
		})
	}
}
