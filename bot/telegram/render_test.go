package telegram

import (
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		parts int
	}{
		{"short", "hello", 1},
		{"exactly the limit", strings.Repeat("a", MaxText), 1},
		{"over the limit", strings.Repeat("a", MaxText+1), 2},
		{"multibyte", strings.Repeat("ก", MaxText*2+5), 3},
		{"lines", strings.Repeat("line of text\n", 700), 3},
		{"emoji count two", strings.Repeat("🆘", MaxText/2+1), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := split(tt.text, MaxText)
			if len(parts) != tt.parts {
				t.Errorf("%d parts, want %d", len(parts), tt.parts)
			}
			if strings.Join(parts, "") != tt.text {
				t.Error("parts do not add up to the text")
			}
			for _, p := range parts {
				if n := utf16Len(p); n > MaxText || n == 0 {
					t.Errorf("a part has %d UTF-16 units", n)
				}
			}
		})
	}
}
