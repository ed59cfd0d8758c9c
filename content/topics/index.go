package topics

import (
	"math"
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"
)

// The search index: BM25 over many small documents. Every example question, every title, every answer (with its
// steps), and all of a topic's texts together, in every locale, are documents that belong to one topic. Search scores
// documents against the query; a topic's score is the weighted sum, over the kinds of document, of its best document
// of each kind, so that an example that matches counts most and the topic's other texts add their evidence.
//
// The inverse document frequency is a topic frequency: in how many topics a feature occurs, out of the topics that
// have texts in the locales where it occurs. Search tells topics apart, and with many short texts per topic a word
// such as "you" is in few documents but in every topic. Counting only the locales where a feature occurs keeps
// English words from looking rare (and so important) once 23 other locales are added.

type docKind uint8

const (
	kindExample docKind = iota
	kindTitle
	kindAnswer
	kindTopic // all the texts of a topic in one locale, as one document
	numKinds
)

// BM25 parameters (the usual values) and the weight of each kind of document in a topic's score. Checked on the
// leave-one-out run over the English examples (TestLeaveOneOut), not on the held-out questions: while this was built,
// other values (k1 0.5 to 5, b 0 to 1, title 0.5 to 1.5) moved its top-1 accuracy by 2 points at most; summing the
// kinds instead of taking the best document raised it by about 10 points, and the whole-topic document (kindTopic)
// by 2.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

func kindWeight(k docKind) float32 {
	switch k {
	case kindExample:
		return 1
	case kindTitle:
		return 0.9
	}
	return 0.5 // answers, and a topic's texts together
}

// Credit given to a query word that matches a document only through its stem, or only after typo correction.
const (
	stemCredit  = 0.8
	fuzzyCredit = 0.7
)

type posting struct {
	doc int32
	tf  float32
}

type docInfo struct {
	topic  int32
	locale uint8
	kind   docKind
	norm   float32 // k1 * (1 - b + b * length / average length of its locale and kind)
}

type fuzzyWord struct {
	word    string
	feature int32
}

type index struct {
	an         *analyzer
	features   map[string]int32
	postings   [][]posting
	idf        []float32 // per feature, over every locale where it occurs
	idfLoc     []float32 // per feature and locale (f*len(locales)+l), over that locale's texts; 0 where absent
	topicBits  []uint64  // per feature, topicWords words: which topics have the feature in some document
	topicWords int
	docs       []docInfo
	unknownIDF float32            // weight of a query unit the index has never seen
	fuzzyKeys  map[string][]int32 // a word, or the word minus one character -> fuzzyWords
	fuzzyWords []fuzzyWord
	locales    []string // locale of each locale index used in docInfo
}

// buildIndex indexes every text of b. b has been validated.
func buildIndex(b *Base) *index {
	ix := &index{
		an:         newAnalyzer(b.groups, b.stopwords),
		features:   map[string]int32{},
		topicWords: (len(b.topics) + 63) / 64,
		fuzzyKeys:  map[string][]int32{},
	}
	type draft struct {
		info  docInfo
		units []unit
	}
	var drafts []draft
	for _, loc := range locales {
		lt, ok := b.texts[loc]
		if !ok {
			continue
		}
		li := uint8(len(ix.locales))
		ix.locales = append(ix.locales, loc)
		for ti, t := range b.topics {
			tt, ok := lt.topics[t.ID]
			if !ok {
				continue
			}
			add := func(kind docKind, text string) {
				if us := ix.an.analyze(text); len(us) > 0 {
					drafts = append(drafts, draft{docInfo{topic: int32(ti), locale: li, kind: kind}, us})
				}
			}
			for _, ex := range tt.Examples {
				add(kindExample, ex)
			}
			add(kindTitle, tt.Title)
			add(kindAnswer, tt.Answer+"\n"+strings.Join(tt.Steps, "\n"))
			add(kindTopic, strings.Join(tt.Examples, "\n")+"\n"+tt.Title+"\n"+tt.Answer+"\n"+strings.Join(tt.Steps, "\n"))
		}
	}

	nLoc := len(ix.locales)
	lenSum := make([]float64, nLoc*int(numKinds))
	lenCount := make([]int, nLoc*int(numKinds))
	var locMask []uint64
	words := map[string]bool{}
	for di, d := range drafts {
		k := int(d.info.locale)*int(numKinds) + int(d.info.kind)
		lenSum[k] += float64(len(d.units))
		lenCount[k]++
		tf := map[string]float32{}
		for _, u := range d.units {
			tf[u.key]++
			if u.stem != "" {
				tf[u.stem]++
			}
			if u.kind == unitWord {
				words[u.key] = true
			}
		}
		for _, key := range sortedKeys(tf) {
			f, ok := ix.features[key]
			if !ok {
				f = int32(len(ix.postings))
				ix.features[key] = f
				ix.postings = append(ix.postings, nil)
				locMask = append(locMask, 0)
				ix.topicBits = append(ix.topicBits, make([]uint64, ix.topicWords)...)
			}
			ix.postings[f] = append(ix.postings[f], posting{doc: int32(di), tf: tf[key]})
			locMask[f] |= 1 << d.info.locale
			ix.topicBits[int(f)*ix.topicWords+int(d.info.topic)/64] |= 1 << (uint(d.info.topic) % 64)
		}
	}
	ix.docs = make([]docInfo, len(drafts))
	for di, d := range drafts {
		k := int(d.info.locale)*int(numKinds) + int(d.info.kind)
		avg := lenSum[k] / float64(lenCount[k])
		d.info.norm = float32(bm25K1 * (1 - bm25B + bm25B*float64(len(d.units))/avg))
		ix.docs[di] = d.info
	}
	// Topic frequency: in how many topics a feature occurs, out of the topics that have texts in the locales where it
	// occurs. The task is to tell topics apart, and with many short documents per topic a word such as "you" is in
	// few documents but in every topic.
	localeTopics := make([][]uint64, nLoc)
	for l := range localeTopics {
		localeTopics[l] = make([]uint64, ix.topicWords)
	}
	for _, d := range ix.docs {
		localeTopics[d.locale][d.topic/64] |= 1 << (uint(d.topic) % 64)
	}
	ix.idf = make([]float32, len(ix.postings))
	union := make([]uint64, ix.topicWords)
	for f := range ix.postings {
		clear(union)
		for l := range nLoc {
			if locMask[f]&(1<<l) != 0 {
				for w := range union {
					union[w] |= localeTopics[l][w]
				}
			}
		}
		n, tf := 0, 0
		for w := range union {
			n += bits.OnesCount64(union[w])
			tf += bits.OnesCount64(ix.topicBits[f*ix.topicWords+w])
		}
		ix.idf[f] = float32(math.Log(1 + (float64(n)-float64(tf)+0.5)/(float64(tf)+0.5)))
	}
	// The same per locale: a query is weighed by the texts of its own language, so adding a translation does not
	// move how an English question is scored against English texts.
	ix.idfLoc = make([]float32, len(ix.postings)*nLoc)
	seen := make([]uint64, nLoc*ix.topicWords)
	for f, ps := range ix.postings {
		clear(seen)
		for _, p := range ps {
			d := ix.docs[p.doc]
			seen[int(d.locale)*ix.topicWords+int(d.topic)/64] |= 1 << (uint(d.topic) % 64)
		}
		for l := range nLoc {
			n, tf := 0, 0
			for w := range ix.topicWords {
				n += bits.OnesCount64(localeTopics[l][w])
				tf += bits.OnesCount64(seen[l*ix.topicWords+w])
			}
			if tf > 0 {
				ix.idfLoc[f*nLoc+l] = float32(math.Log(1 + (float64(n)-float64(tf)+0.5)/(float64(tf)+0.5)))
			}
		}
	}
	ix.unknownIDF = float32(math.Log(1 + (float64(len(b.topics))+0.5)/0.5))

	// Typo index: the words of the documents, and the one-word synonyms (whose documents hold their concept).
	for _, w := range sortedKeys(words) {
		if utf8.RuneCountInString(w) >= minFuzzyLen {
			ix.addFuzzy(w, ix.features[w])
		}
	}
	for _, t := range ix.an.words {
		if f, ok := ix.features[t.concept]; ok {
			ix.addFuzzy(t.text, f)
		}
	}
	return ix
}

func (ix *index) addFuzzy(w string, f int32) {
	i := int32(len(ix.fuzzyWords))
	ix.fuzzyWords = append(ix.fuzzyWords, fuzzyWord{word: w, feature: f})
	ix.fuzzyKeys[w] = append(ix.fuzzyKeys[w], i)
	for _, d := range deletes(w) {
		ix.fuzzyKeys[d] = append(ix.fuzzyKeys[d], i)
	}
}

// corrections returns the features of the indexed words within one edit of w.
func (ix *index) corrections(w string) []int32 {
	var out []int32
	try := func(key string) {
		for _, i := range ix.fuzzyKeys[key] {
			fw := ix.fuzzyWords[i]
			if !slices.Contains(out, fw.feature) && withinOneEdit(w, fw.word) {
				out = append(out, fw.feature)
			}
		}
	}
	try(w)
	for _, d := range deletes(w) {
		try(d)
	}
	return out
}

func (ix *index) hasTopic(f int32, topic int) bool {
	return ix.topicBits[int(f)*ix.topicWords+topic/64]&(1<<(uint(topic)%64)) != 0
}

// idfIn is the weight of feature f in locale l's texts, or its weight over every locale where l has none.
func (ix *index) idfIn(f int32, l int) float32 {
	if l >= 0 {
		if w := ix.idfLoc[int(f)*len(ix.locales)+l]; w > 0 {
			return w
		}
	}
	return ix.idf[f]
}
