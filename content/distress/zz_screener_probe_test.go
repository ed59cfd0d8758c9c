package distress

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func walkStrings(n *yaml.Node, key string, fn func(key, s string)) {
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, c := range n.Content {
			walkStrings(c, key, fn)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			walkStrings(n.Content[i+1], n.Content[i].Value, fn)
		}
	case yaml.ScalarNode:
		fn(key, n.Value)
	}
}

func TestProbeScreener(t *testing.T) {
	d := mustDetector(t)
	files, _ := filepath.Glob("../screener/data/rules/*.yaml")
	files = append(files, "../screener/data/questions.yaml", "../screener/data/negation.yaml", "../screener/data/positives.yaml")
	n, hits := 0, 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		var root yaml.Node
		if err := yaml.Unmarshal(raw, &root); err != nil {
			t.Log(f, err)
			continue
		}
		walkStrings(&root, "", func(key, s string) {
			if key != "phrases" && key != "near" && key != "examples" {
				return
			}
			s = strings.Trim(s, "*")
			n++
			if h, ok := d.Detect(s); ok {
				hits++
				t.Logf("%s %s %q -> %s %v", filepath.Base(f), key, s, h.Lang, h.Evidence)
			}
		})
	}
	t.Logf("screener phrases: %d/%d detected", hits, n)
}
