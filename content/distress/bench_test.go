package distress

import (
	"runtime"
	"strings"
	"testing"

	ahocorasick "github.com/BobuSumisu/aho-corasick"
)

// msg300 is a 300-byte message that raises the alarm late (the plea is at the end), mixing scripts a little.
var msg300 = func() string {
	s := "hello, i came here for a customer service job they promised in bangkok with a good salary and free " +
		"ticket but the car took us across a river to another place, the boss is chinese and we work every day " +
		"from morning to night on the computer chatting with people, i am scared, they took my passport, help me"
	for len(s) < 300 {
		s = "." + s
	}
	return s[len(s)-300:]
}()

func BenchmarkDetect300(b *testing.B) {
	d := mustDetector(b)
	if _, ok := d.Detect(msg300); !ok {
		b.Fatal("benchmark message not detected")
	}
	b.SetBytes(int64(len(msg300)))
	b.ReportAllocs()
	for b.Loop() {
		d.Detect(msg300)
	}
}

// BenchmarkDetect300Benign is a 300-byte job-offer question that matches no phrase.
func BenchmarkDetect300Benign(b *testing.B) {
	d := mustDetector(b)
	msg := strings.Repeat("is this job offer in thailand real? salary 1200 usd, free ticket and hotel. ", 4)[:300]
	if _, ok := d.Detect(msg); ok {
		b.Fatal("benign message detected")
	}
	b.ReportAllocs()
	for b.Loop() {
		d.Detect(msg)
	}
}

// BenchmarkNaiveScan is the simple alternative to Aho-Corasick: one strings.Index per term over the folded text
// (both forms of it), without any of the evaluation. It bounds from below what a matcher without an automaton costs.
func BenchmarkNaiveScan(b *testing.B) {
	d := mustDetector(b)
	var spaced, tight []string
	for _, l := range d.langs {
		for _, it := range l.items {
			for _, p := range it.parts {
				if l.mode == modeNoSpace {
					tight = append(tight, p)
				} else {
					spaced = append(spaced, p)
				}
			}
		}
	}
	b.Logf("%d spaced and %d no-space terms", len(spaced), len(tight))
	b.ReportAllocs()
	for b.Loop() {
		t := normalize(msg300)
		tt := strings.ReplaceAll(t, " ", "")
		n := 0
		for _, p := range spaced {
			if strings.Contains(t, p) {
				n++
			}
		}
		for _, p := range tight {
			if strings.Contains(tt, p) {
				n++
			}
		}
		if n == 0 {
			b.Fatal("nothing found")
		}
	}
}

// BenchmarkScanBucket and BenchmarkScanAhoCorasick compare the matcher Detect uses with an Aho-Corasick automaton
// (github.com/BobuSumisu/aho-corasick) over the same terms and the same folded 300-byte message: scanning only.
func BenchmarkScanBucket(b *testing.B) {
	d := mustDetector(b)
	t := normalize(msg300)
	tt := strings.ReplaceAll(t, " ", "")
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		d.spaced.walk(t, func(int, int, int) { n++ })
		d.tight.walk(tt, func(int, int, int) { n++ })
		if n == 0 {
			b.Fatal("nothing found")
		}
	}
}

func BenchmarkScanAhoCorasick(b *testing.B) {
	d := mustDetector(b)
	spaced := ahocorasick.NewTrieBuilder().AddStrings(d.spaced.terms).Build()
	tight := ahocorasick.NewTrieBuilder().AddStrings(d.tight.terms).Build()
	t := []byte(normalize(msg300))
	tt := []byte(strings.ReplaceAll(string(t), " ", ""))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		count := func(int64, int64, int64) bool { n++; return true }
		spaced.Walk(t, count)
		tight.Walk(tt, count)
		if n == 0 {
			b.Fatal("nothing found")
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(Files); err != nil {
			b.Fatal(err)
		}
	}
}

// heapKept returns the heap still in use after build, in MiB.
func heapKept(build func() any) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	v := build()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(v)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / (1 << 20)
}

// TestLoadMemory logs the heap a loaded Detector keeps, and what an Aho-Corasick automaton over the same terms
// would keep.
func TestLoadMemory(t *testing.T) {
	d := mustDetector(t)
	terms := len(d.spaced.terms) + len(d.tight.terms)
	det := heapKept(func() any {
		d, err := Load(Files)
		if err != nil {
			t.Fatal(err)
		}
		return d
	})
	ac := heapKept(func() any {
		return [2]*ahocorasick.Trie{
			ahocorasick.NewTrieBuilder().AddStrings(d.spaced.terms).Build(),
			ahocorasick.NewTrieBuilder().AddStrings(d.tight.terms).Build(),
		}
	})
	t.Logf("%d distinct terms: Detector keeps %.1f MiB of heap; an Aho-Corasick automaton of the terms alone %.1f MiB", terms, det, ac)
}
