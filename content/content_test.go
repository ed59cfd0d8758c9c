package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func TestOverlay(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "kind"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "kind", "a.yaml"), []byte("disk"), 0o644); err != nil {
		t.Fatal(err)
	}
	embedded := fstest.MapFS{"a.yaml": {Data: []byte("embedded")}, "b.yaml": {Data: []byte("embedded b")}}

	tests := []struct {
		name, dir, file, want string
	}{
		{"no dir reads embedded", "", "a.yaml", "embedded"},
		{"disk file wins", dir, "a.yaml", "disk"},
		{"missing on disk falls back", dir, "b.yaml", "embedded b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := fs.ReadFile(Overlay(tt.dir, "kind", embedded), tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	names, err := fs.Glob(Overlay(dir, "kind", embedded), "*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 2 {
		t.Errorf("Glob = %v, want a.yaml and b.yaml once each", names)
	}
}
