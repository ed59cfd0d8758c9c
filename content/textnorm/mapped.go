package textnorm

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Mapped is folded text that remembers, for every byte, which bytes of the original text it came from, so that a
// match found in the folded text can be shown to the user as the words they actually wrote.
type Mapped struct {
	text       []byte
	start, end []int32 // per byte of text: the original byte range it was made from
	orig       string
	soft       []int32 // offsets where Unmask joined spaced-out letters, in order
}

// SoftBoundary reports whether a word may begin or end at offset i even though letters touch there, because
// Unmask joined letters that were spelled out with spaces ("U S D T d e p o s i t").
func (m *Mapped) SoftBoundary(i int) bool {
	_, found := slices.BinarySearch(m.soft, int32(i))
	return found
}

// String returns the folded text.
func (m *Mapped) String() string { return string(m.text) }

// Bytes returns the folded text without copying it; the caller must not modify it.
func (m *Mapped) Bytes() []byte { return m.text }

// Len returns the length of the folded text in bytes.
func (m *Mapped) Len() int { return len(m.text) }

// Original returns the text that was folded.
func (m *Mapped) Original() string { return m.orig }

// Source returns the byte range of the original text that folded text[i:j] came from. It panics if i and j are not
// a non-empty range inside the folded text, like a slice expression would.
func (m *Mapped) Source(i, j int) (int, int) {
	if i < 0 || j > len(m.text) || i >= j {
		panic("textnorm: Mapped.Source out of range")
	}
	lo, hi := m.start[i], m.end[j-1]
	for k := i; k < j; k++ { // an NFC composition or a reordered mark can map a later byte further left
		if m.start[k] < lo {
			lo = m.start[k]
		}
		if m.end[k] > hi {
			hi = m.end[k]
		}
	}
	return int(lo), int(hi)
}

// Excerpt returns the original text behind folded text[i:j].
func (m *Mapped) Excerpt(i, j int) string {
	lo, hi := m.Source(i, j)
	return m.orig[lo:hi]
}

func (m *Mapped) add(b byte, lo, hi int) {
	m.text = append(m.text, b)
	m.start = append(m.start, int32(lo))
	m.end = append(m.end, int32(hi))
}

func (m *Mapped) addRune(r rune, lo, hi int) {
	if r < utf8.RuneSelf {
		m.add(byte(r), lo, hi)
		return
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	for _, b := range buf[:n] {
		m.add(b, lo, hi)
	}
}

// FoldMap folds s (see Fold, which is FoldMap without the map) and keeps the map back to s. It normalises one
// segment at a time, so a run of more than 30 combining marks is never broken up by the CGJ that the norm package
// inserts to keep a whole string stream-safe.
func FoldMap(s string) *Mapped {
	m := &Mapped{
		orig:  s,
		text:  make([]byte, 0, len(s)),
		start: make([]int32, 0, len(s)),
		end:   make([]int32, 0, len(s)),
	}
	f := folder{m: m}
	var caser cases.Caser
	haveCaser := false
	var nfkc, folded, nfd []byte
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf && (i+1 == len(s) || s[i+1] < utf8.RuneSelf) {
			// ASCII followed by ASCII is a segment of its own, and NFKC, folding and NFD leave it alone but for case.
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			f.emit(rune(c), i, i+1)
			i++
			continue
		}
		n := norm.NFKC.NextBoundaryInString(s[i:], true)
		if n <= 0 {
			n = 1
		}
		seg := s[i : i+n]
		nfkc = norm.NFKC.AppendString(nfkc[:0], seg)
		if !haveCaser {
			caser, haveCaser = cases.Fold(), true
		}
		folded = foldCase(caser, folded, nfkc)
		nfd = norm.NFD.Append(nfd[:0], folded...)
		for k := 0; k < len(nfd); {
			r, w := utf8.DecodeRune(nfd[k:])
			f.emit(r, i, i+n)
			k += w
		}
		i += n
	}
	if norm.NFC.IsNormal(m.text) {
		return m
	}
	return recompose(m)
}

// foldCase applies Unicode case folding to src, reusing dst.
func foldCase(c cases.Caser, dst, src []byte) []byte {
	if need := 3*len(src) + 16; cap(dst) < need {
		dst = make([]byte, need)
	}
	dst = dst[:cap(dst)]
	for {
		c.Reset()
		nDst, _, err := c.Transform(dst, src, true)
		if err == nil {
			return dst[:nDst]
		}
		dst = make([]byte, 2*len(dst))
	}
}

// folder replays the loop of Fold rune by rune, with the original range each rune came from.
type folder struct {
	m          *Mapped
	base       rune
	space      bool
	spLo, spHi int
}

func (f *folder) emit(r rune, lo, hi int) {
	if r < utf8.RuneSelf {
		// ASCII holds no invisible or combining characters; its white space is \t \n \v \f \r and space.
		if r == ' ' || ('\t' <= r && r <= '\r') {
			f.markSpace(r, lo, hi)
			return
		}
		f.flushSpace()
		f.base = r
		f.m.add(byte(r), lo, hi)
		return
	}
	switch {
	case isInvisible(r):
		return
	case unicode.Is(unicode.Mn, r):
		if !isStrippable(f.base) {
			f.m.addRune(r, lo, hi)
		}
		return
	case unicode.IsSpace(r):
		f.markSpace(r, lo, hi)
		return
	}
	f.flushSpace()
	f.base = r
	f.m.addRune(foldLetter(r), lo, hi)
}

// markSpace remembers a run of white space, to be written as one space before the next character (none at the start).
func (f *folder) markSpace(r rune, lo, hi int) {
	f.space = len(f.m.text) > 0
	f.spLo, f.spHi = lo, hi
	f.base = r
}

// flushSpace writes the space a run of white space left pending.
func (f *folder) flushSpace() {
	if f.space {
		f.m.add(' ', f.spLo, f.spHi)
		f.space = false
	}
}

// recompose applies NFC to the folded text segment by segment; each composed segment maps to the union of the
// ranges its bytes came from.
func recompose(m *Mapped) *Mapped {
	out := &Mapped{
		orig:  m.orig,
		text:  make([]byte, 0, len(m.text)),
		start: make([]int32, 0, len(m.text)),
		end:   make([]int32, 0, len(m.text)),
	}
	var buf []byte
	for i := 0; i < len(m.text); {
		n := norm.NFC.NextBoundary(m.text[i:], true)
		if n <= 0 {
			n = 1
		}
		lo, hi := m.Source(i, i+n)
		buf = norm.NFC.Append(buf[:0], m.text[i:i+n]...)
		for _, b := range buf {
			out.add(b, lo, hi)
		}
		i += n
	}
	return out
}
