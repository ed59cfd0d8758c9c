package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/safepassage/safepassage/bot/chattest"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		stdin    string
		wantCode int
		check    func(t *testing.T, out, errOut string)
	}{
		{"json contract", []string{"--json"}, chattest.ScamOffer, 0, func(t *testing.T, out, _ string) {
			var r struct {
				Risk  string   `json:"risk"`
				Score *float64 `json:"score"`
				Lang  *string  `json:"lang"`
				Flags []struct {
					ID       string   `json:"id"`
					Severity string   `json:"severity"`
					Evidence []string `json:"evidence"`
				} `json:"flags"`
			}
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			if r.Risk != "high" || r.Score == nil || r.Lang == nil || *r.Lang != "en" || len(r.Flags) == 0 {
				t.Errorf("report %+v", r)
			}
			for _, f := range r.Flags {
				if f.ID == "" || f.Severity == "" || len(f.Evidence) == 0 {
					t.Errorf("flag %+v lacks id, severity or evidence", f)
				}
			}
		}},
		{"a legitimate offer is low risk, flags an empty list", []string{"--json"},
			"Warehouse associate, full time. $15/hour, overtime paid at time and a half. Apply on our careers page; interviews at our office.", 0,
			func(t *testing.T, out, _ string) {
				if !strings.Contains(out, `"risk": "low"`) || !strings.Contains(out, `"flags": []`) {
					t.Errorf("output %s", out)
				}
			}},
		{"text explained in another language", []string{"--lang", "th"}, chattest.ScamOffer, 0, func(t *testing.T, out, _ string) {
			if !chattest.Scripts["th"].MatchString(out) || !strings.Contains(out, "300 USDT") {
				t.Errorf("output %.300s", out)
			}
		}},
		{"empty input", nil, "  \n", 2, nil},
		{"binary input", nil, "\x00\x01\x02PNG", 2, nil},
		{"unknown language", []string{"--lang", "klingon"}, chattest.ScamOffer, 2, nil},
		{"batch", []string{"--batch"}, `{"id":"a","text":"` + chattest.ScamOffer + `"}` + "\n" + `{"id":"b"` + "\n" + `{"id":"c","text":"Nurse, public hospital, salary per the national scale."}` + "\n", 0,
			func(t *testing.T, out, _ string) {
				lines := strings.Split(strings.TrimSpace(out), "\n")
				if len(lines) != 3 || !strings.Contains(lines[0], `"risk":"high"`) || !strings.Contains(lines[1], `"error"`) || !strings.Contains(lines[2], `"id":"c"`) {
					t.Errorf("batch output:\n%s", out)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(context.Background(), append([]string{"check"}, tt.args...), strings.NewReader(tt.stdin), &out, &errOut)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr %s", code, tt.wantCode, errOut.String())
			}
			if tt.check != nil {
				tt.check(t, out.String(), errOut.String())
			}
		})
	}
	t.Run("from a file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "offer.txt")
		os.WriteFile(path, []byte(chattest.ScamOffer), 0o600)
		var out, errOut bytes.Buffer
		if code := run(context.Background(), []string{"check", "--json", path}, strings.NewReader(""), &out, &errOut); code != 0 || !strings.Contains(out.String(), `"risk": "high"`) {
			t.Errorf("exit %d: %s %s", code, out.String(), errOut.String())
		}
	})
}
