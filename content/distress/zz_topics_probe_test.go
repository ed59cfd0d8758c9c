package distress

import (
	"os"
	"sort"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestProbeTopics(t *testing.T) {
	d := mustDetector(t)
	raw, err := os.ReadFile("../topics/text/en.yaml")
	if err != nil {
		t.Skip(err)
	}
	var doc struct {
		Topics map[string]struct {
			Examples []string `yaml:"examples"`
			Answer   string   `yaml:"answer"`
			Steps    []string `yaml:"steps"`
		} `yaml:"topics"`
	}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0)
	for id := range doc.Topics {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	n, hits, an, ahits := 0, 0, 0, 0
	for _, id := range ids {
		tp := doc.Topics[id]
		for _, q := range tp.Examples {
			n++
			if h, ok := d.Detect(q); ok {
				hits++
				t.Logf("EX %-24s %q -> %v", id, q, h.Evidence)
			}
		}
		for _, a := range append([]string{tp.Answer}, tp.Steps...) {
			an++
			if h, ok := d.Detect(a); ok {
				ahits++
				t.Logf("ANS %-24s %q -> %v", id, a, h.Evidence)
			}
		}
	}
	for _, f := range []string{"../topics/testdata/heldout.yaml", "../topics/testdata/heldout2.yaml", "../topics/testdata/calibration.yaml"} {
		raw, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		var m map[string]any
		yaml.Unmarshal(raw, &m)
		for sec, v := range m {
			list, _ := v.([]any)
			for _, e := range list {
				em, _ := e.(map[string]any)
				q, _ := em["q"].(string)
				if q == "" {
					continue
				}
				n++
				if h, ok := d.Detect(q); ok {
					hits++
					t.Logf("%s/%s %v %q -> %v", f[len("../topics/testdata/"):], sec, em["topic"], q, h.Evidence)
				}
			}
		}
	}
	t.Logf("questions: %d/%d detected; answers/steps: %d/%d", hits, n, ahits, an)
}
