package topics

import (
	"slices"
	"unicode/utf8"
)

// When is a match confident? Two measures of the best topic, both needed:
//
//   - Coverage: the share of the question's weight that the topic's texts (in any locale) contain. Each word weighs
//     its topic idf; a word the knowledge base has never seen weighs more than the rarest known one; stop words
//     ("the", "is", "my") weigh nothing; a word found in only one of the topic's texts counts half (recurTexts).
//     "what's the weather tomorrow" has no word the knowledge base knows, so its coverage is 0 whatever it matches.
//   - Matched weight: the weight covered, in absolute terms, so that one incidental word ("how old are you" shares
//     "old" with "my old classmate offers me a job") is not enough.
//
// The values come from data, not from the held-out questions: TestCalibration prints, for a grid of thresholds, how
// many right answers of the leave-one-out run over the English examples they accept and how many of the 70 messages
// of testdata/calibration.yaml (out-of-domain) they let through; these are the values that accept the most right
// answers while letting through at most one of the 70. Below them the caller must say that it is not sure and offer
// the topic list; the matches are still worth offering as suggestions (the right topic is in the first three far
// more often than first).
//
// With 24 locales in the index (2026-11-25) no pair of values both accepts half the right answers and lets through at
// most one calibration message (these accept 151 of 379, 40%, and let 1 of 70 through); safety wins: a wrong answer to a message about something else misleads, while "not
// sure" costs the user one tap on the suggested topics (the right one is among the first three for 97% of the
// held-out questions).
const (
	MinCoverage      = 0.50
	MinMatchedWeight = 3.5
)

// MaxMatches is the largest number of matches Search returns.
const MaxMatches = 5

// recurTexts is how many texts of a topic (examples, title, answer, in any locale) must hold a query word for it to
// count fully towards coverage; a word in fewer counts in proportion.
const recurTexts = 2

// maxQueryLen bounds the work one query can cause; longer text is cut.
const maxQueryLen = 500 // characters

// Match is a topic found by Search.
type Match struct {
	TopicID   string
	Score     float64 // ranking score (BM25 of the topic's best texts); compare only within one Search
	Coverage  float64 // 0..1: share of the query's weight found in this topic's texts
	Matched   float64 // the query weight found in this topic's texts
	Hits      int     // content terms of the query found in this topic's texts
	Terms     int     // content terms in the query (stop words left out)
	Confident bool    // see confident: Coverage >= MinCoverage, Matched >= MinMatchedWeight, two words found
	Locale    string  // the locale of the text that matched best
}

type alt struct {
	feature int32
	credit  float32
}

type queryTerm struct {
	weight float32
	alts   []alt
	stop   bool // a stop word: not part of coverage
}

// scratch holds per-search buffers, reused through Base.buffers so that a search allocates little.
type scratch struct {
	unit, doc       []float32
	unitHit, docHit []int32
	topic           []float32
	topicDoc        []int32
	kind            []float32 // per topic and kind: the best document's score
	kindDoc         []int32
}

// Search finds the topics that answer query, best first (at most MaxMatches). It searches the examples, titles and
// answers of every locale whatever locale is given, so a question typed in Thai finds its topic for a user who chose
// English; locale is the query's language when the caller knows it (else the user's): texts in that locale and in
// English count in full, texts in other locales for crossLocaleCredit, and ties go to texts in that locale. Use matches[0].Confident
// to decide between answering and saying "not sure" with the topic list.
func (b *Base) Search(query, locale string) []Match {
	ix := b.index
	if utf8.RuneCountInString(query) > maxQueryLen {
		query = prefixRunes(query, maxQueryLen)
	}
	own := ix.ownLocales(locale)
	terms := ix.queryTerms(query, own)
	if len(terms) == 0 {
		return nil
	}
	sc, _ := b.buffers.Get().(*scratch)
	if sc == nil || len(sc.doc) != len(ix.docs) {
		sc = &scratch{
			unit: make([]float32, len(ix.docs)), doc: make([]float32, len(ix.docs)),
			topic: make([]float32, len(b.topics)), topicDoc: make([]int32, len(b.topics)),
			kind: make([]float32, len(b.topics)*int(numKinds)), kindDoc: make([]int32, len(b.topics)*int(numKinds)),
		}
	}
	defer b.buffers.Put(sc)

	// BM25, where each query term scores a document by its best alternative (the word, its stem, a correction), and
	// a document in another language than the query's (or English) counts for less: see crossLocaleCredit.
	for _, t := range terms {
		for _, a := range t.alts {
			w := a.credit * float32(bm25K1+1)
			for _, p := range ix.postings[a.feature] {
				d := ix.docs[p.doc]
				s := w * ix.idfIn(a.feature, int(d.locale)) * p.tf / (p.tf + d.norm) * own.credit(d.locale)
				if sc.unit[p.doc] == 0 {
					sc.unitHit = append(sc.unitHit, p.doc)
				}
				sc.unit[p.doc] = max(sc.unit[p.doc], s)
			}
		}
		for _, d := range sc.unitHit {
			if sc.doc[d] == 0 {
				sc.docHit = append(sc.docHit, d)
			}
			sc.doc[d] += sc.unit[d]
			sc.unit[d] = 0
		}
		sc.unitHit = sc.unitHit[:0]
	}

	// A topic scores the weighted sum, over the kinds of document, of its best document of each kind.
	userLoc := slices.Index(ix.locales, locale)
	var hit []int32
	for _, d := range sc.docHit {
		info := ix.docs[d]
		s := sc.doc[d]
		sc.doc[d] = 0
		t := info.topic
		k := int(t)*int(numKinds) + int(info.kind)
		if sc.topic[t] == 0 {
			hit = append(hit, t)
			sc.topic[t] = -1 // seen
		}
		cur := sc.kind[k]
		if s > cur || s == cur && int(info.locale) == userLoc && int(ix.docs[sc.kindDoc[k]].locale) != userLoc {
			sc.kind[k], sc.kindDoc[k] = s, d
		}
	}
	sc.docHit = sc.docHit[:0]
	for _, t := range hit {
		var total, best float32
		for k := range int(numKinds) {
			i := int(t)*int(numKinds) + k
			if sc.kind[i] == 0 {
				continue
			}
			w := kindWeight(docKind(k)) * sc.kind[i]
			total += w
			if w > best || best == 0 {
				best, sc.topicDoc[t] = w, sc.kindDoc[i]
			}
			sc.kind[i] = 0
		}
		sc.topic[t] = total
	}

	slices.SortFunc(hit, func(x, y int32) int {
		sx, sy := sc.topic[x], sc.topic[y]
		switch {
		case sx > sy:
			return -1
		case sx < sy:
			return 1
		}
		lx, ly := int(ix.docs[sc.topicDoc[x]].locale) == userLoc, int(ix.docs[sc.topicDoc[y]].locale) == userLoc
		switch {
		case lx && !ly:
			return -1
		case ly && !lx:
			return 1
		}
		return int(x - y)
	})
	n := min(len(hit), MaxMatches)
	out := make([]Match, n)
	for i, t := range hit[:n] {
		cov, matched, hits, content := ix.coverage(terms, int(t), own)
		out[i] = Match{
			TopicID:   b.topics[t].ID,
			Score:     float64(sc.topic[t]),
			Coverage:  cov,
			Matched:   matched,
			Hits:      hits,
			Terms:     content,
			Confident: confident(cov, matched, hits, content),
			Locale:    ix.locales[ix.docs[sc.topicDoc[t]].locale],
		}
	}
	for _, t := range hit {
		sc.topic[t] = 0
	}
	return out
}

// queryTerms analyses a query into weighted terms, each with the index features that may stand for it.
func (ix *index) queryTerms(query string, own ownLocales) []queryTerm {
	units := ix.an.analyze(query)
	terms := make([]queryTerm, 0, len(units))
	seen := make([]string, 0, len(units))
	for _, u := range units {
		if slices.Contains(seen, u.key) {
			continue
		}
		seen = append(seen, u.key)
		t := queryTerm{stop: u.stop}
		add := func(f int32, credit float32) {
			for _, a := range t.alts {
				if a.feature == f {
					return
				}
			}
			t.alts = append(t.alts, alt{feature: f, credit: credit})
			t.weight = max(t.weight, own.idf(ix, f)) // the unit weighs what it is taken to be
		}
		f, known := ix.features[u.key]
		if known {
			add(f, 1)
		}
		if u.stem != "" {
			if f, ok := ix.features[u.stem]; ok {
				add(f, stemCredit)
			}
		}
		if !known && u.kind == unitWord && utf8.RuneCountInString(u.key) >= minFuzzyLen {
			for _, f := range ix.corrections(u.key) {
				add(f, fuzzyCredit)
			}
		}
		if known {
			t.weight = own.idf(ix, f)
		}
		if len(t.alts) == 0 {
			t.weight = ix.unknownIDF
		}
		terms = append(terms, t)
	}
	return terms
}

// coverage returns the share of the query's weight that topic's texts contain, that weight, and how many of the
// query's content terms (not stop words) the topic's texts contain, out of how many there are.
func (ix *index) coverage(terms []queryTerm, topic int, own ownLocales) (share, matched float64, hits, content int) {
	var total float64
	for _, t := range terms {
		if t.stop {
			continue
		}
		content++
		total += float64(t.weight)
		var best float32
		found := false // in a text of the query's own locales
		for _, a := range t.alts {
			if a.credit <= best && found || !ix.hasTopic(a.feature, topic) {
				continue
			}
			// A word found in only one text of the topic may be there by chance ("old" in "my old classmate"): it
			// counts half. Words that recur in the topic's texts are what the topic is about.
			// Texts in the query's own locales count; texts in other locales only when none of those has the word,
			// and then for crossLocaleCredit however many there are (a loanword in ten translations is still one).
			var nOwn, nOther float32
			for _, p := range ix.postings[a.feature] {
				if d := ix.docs[p.doc]; int(d.topic) == topic && d.kind != kindTopic {
					if own.credit(d.locale) == 1 {
						nOwn++
					} else {
						nOther++
					}
				}
			}
			credit := min(1, nOwn/recurTexts)
			if nOwn == 0 {
				credit = crossLocaleCredit * min(1, nOther/recurTexts)
			}
			found = found || nOwn > 0
			best = max(best, a.credit*credit)
		}
		matched += float64(t.weight * best)
		// Only a word found in the query's own language (or English) counts towards the two words found that a
		// confident answer needs: a match in another language's text adds weight, not certainty.
		if found {
			hits++
		}
	}
	if total == 0 {
		return 0, 0, 0, content
	}
	return matched / total, matched, hits, content
}

// crossLocaleCredit is what a text in another language than the query's counts for. The index holds every locale,
// so that a question in Thai finds its topic whatever language the user chose; but a word of one language that
// happens to be spelled like a word of another, once diacritics are folded ("song", a river in Vietnamese; "game
// online" inside a Burmese example), must not make an English message look like a question.
const crossLocaleCredit = 0.5

// ownLocales are the locales whose texts count in full for a query: the query's own, and English, which people
// mix into every language.
type ownLocales struct{ a, b int }

func (ix *index) ownLocales(locale string) ownLocales {
	return ownLocales{a: slices.Index(ix.locales, locale), b: slices.Index(ix.locales, SourceLocale)}
}

// idf is a query feature's weight: in the query's own locale if it occurs there, else in English, else over all.
func (o ownLocales) idf(ix *index, f int32) float32 {
	for _, l := range []int{o.a, o.b} {
		if l >= 0 {
			if w := ix.idfLoc[int(f)*len(ix.locales)+l]; w > 0 {
				return w
			}
		}
	}
	return ix.idf[f]
}

func (o ownLocales) credit(locale uint8) float32 {
	if int(locale) == o.a || int(locale) == o.b {
		return 1
	}
	return crossLocaleCredit
}

// confident says whether a match is sure enough to answer with: enough of the query's weight covered, enough weight
// in absolute terms, and, for a query of two content words or more, at least two of them found. One shared word is
// too often a coincidence across 24 languages ("song" is a river in Vietnamese, "late" a late salary).
func confident(share, matched float64, hits, content int) bool {
	return share >= MinCoverage && matched >= MinMatchedWeight && (hits >= 2 || content <= 1)
}
