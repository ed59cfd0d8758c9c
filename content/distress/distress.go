// Package distress holds the distress phrases (phrases/<locale>.yaml, embedded) and the small matcher that runs on
// every incoming message before anything else, to tell whether the person writing (or their family) may already be
// in danger: locked in, beaten, their passport taken, sold, held by a debt, forced to scam, a ransom asked for, or a
// plain "help me". A hit makes the bot answer with help first.
//
// The phrases are data that staff edit, one file per locale; Load validates them. Matching compares text folded the
// way the screener folds it (textnorm.Fold, plus the small extra steps of normalize). A phrase alone does not decide:
// questions about the topic ("is it legal for an employer to keep my passport?"), hypotheticals ("what if someone
// takes my passport?"), news and job-offer questions must not raise the alarm, so each phrase says which of those
// contexts may cancel it, and each locale lists the cues that reveal those contexts. The header of phrases/en.yaml
// documents the file format and the firing rules for the people who edit the lists.
//
// The package holds no mutable state and never logs or stores the text it reads. It imports only content/textnorm
// of the program's own packages; it must not import the engine (package bot), the store, locales or any channel.
package distress

import (
	"embed"
	"slices"
)

// PhraseDir is the directory, inside the file system given to Load, that holds one phrase file per locale.
const PhraseDir = "phrases"

// Files holds the embedded phrase files, PhraseDir/<locale>.yaml.
//
//go:embed phrases/*.yaml
var Files embed.FS

// Kinds of distress signal. A phrase belongs to exactly one kind.
const (
	KindHeld            = "held"             // locked in, guarded, not allowed to leave
	KindViolence        = "violence"         // beaten, tortured, threatened
	KindDocumentsTaken  = "documents_taken"  // passport or phone taken or kept
	KindSoldOrOwned     = "sold_or_owned"    // sold, resold, "they own us"
	KindDebtBondage     = "debt_bondage"     // a debt or a price to pay before leaving
	KindHelpMe          = "help_me"          // a direct plea: help me, save us, SOS
	KindRansomFamily    = "ransom_family"    // a family asked to pay to free someone
	KindForcedScamming  = "forced_scamming"  // forced to scam people
	KindForcedLabour    = "forced_labour"    // forced to work, unpaid
	KindLocationUnknown = "location_unknown" // "I don't know where I am", taken across a border
)

// kindOrder is the canonical order of kinds: Hit.Kinds follows it. Read-only.
var kindOrder = [...]string{
	KindHelpMe, KindHeld, KindViolence, KindDocumentsTaken, KindSoldOrOwned, KindDebtBondage,
	KindRansomFamily, KindForcedScamming, KindForcedLabour, KindLocationUnknown,
}

// Kinds returns every kind of distress signal, in the order Hit.Kinds uses.
func Kinds() []string { return slices.Clone(kindOrder[:]) }

// localeOrder lists the locales the bot serves. Read-only.
var localeOrder = [...]string{
	"en", "my", "th", "km", "lo", "vi", "id", "ms", "tl", "zh-Hans", "zh-Hant", "hi", "bn", "ne", "si", "ta", "ur",
	"ar", "am", "sw", "fr", "es", "pt", "ru",
}

// Locales returns the locale keys a phrase file may have, in the project's order.
func Locales() []string { return slices.Clone(localeOrder[:]) }

// Hit describes a message that signals distress.
type Hit struct {
	// Kinds are the distinct kinds of the phrases that fired, in the order of Kinds().
	Kinds []string
	// Lang is the locale whose phrases fired most (ties go to the earlier locale of Locales()).
	Lang string
	// Evidence lists the phrases that fired, as written in the phrase files: never the user's own words, so a Hit
	// may be logged or counted without storing what the person wrote.
	Evidence []string
}

// Detector finds distress signals in messages. It is safe for concurrent use.
type Detector struct {
	langs    []language
	en       int // index of "en" in langs, or -1: English cues apply to every language (code-mixing)
	spaced   *matcher
	tight    *matcher
	whole    []wholeEntry
	coverage map[string]int
}

// Coverage returns the number of signal phrases per locale, every known locale included (0 when it has none).
func (d *Detector) Coverage() map[string]int {
	out := make(map[string]int, len(localeOrder))
	for _, l := range localeOrder {
		out[l] = d.coverage[l]
	}
	return out
}
