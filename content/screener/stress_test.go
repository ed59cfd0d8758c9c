package screener

import (
	"strings"
	"testing"
	"time"
)

// TestLongRepetitiveText: a text that repeats phrases thousands of times is screened quickly.
func TestLongRepetitiveText(t *testing.T) {
	s := load(t)
	text := strings.Repeat("send usdt deposit no fee ", 4000)
	start := time.Now()
	r := s.Check(text)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	if _, ok := find(r.Flags, "fee_in_crypto_or_to_personal_account"); !ok {
		t.Errorf("flags %v", ids(r.Flags))
	}
}

// TestConcurrentCheck: a Screener is shared by every conversation (run with -race).
func TestConcurrentCheck(t *testing.T) {
	s := load(t)
	want := s.Check(conformanceOffer)
	done := make(chan Report)
	for range 8 {
		go func() { done <- s.Check(conformanceOffer) }()
	}
	for range 8 {
		if got := <-done; got.Risk != want.Risk || len(got.Flags) != len(want.Flags) {
			t.Errorf("concurrent result differs: %s %v", got.Risk, ids(got.Flags))
		}
	}
}
