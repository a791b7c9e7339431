// Package lexicon loads hadath's dictionaries (actors, event triggers and
// cues, plain TSV files described in data/README.md), validates them with
// file:line errors, and compiles them into one matcher that finds the
// longest dictionary entries in tokenised, normalised Arabic text, looking
// through clitics (ولواشنطن finds واشنطن) and words glued together by
// scrapers (الأممالمتحدة finds الأمم المتحدة).
package lexicon

import (
	"fmt"
	"time"

	"hadath/plover"
)

// Layer separates the kinds of entries that are matched independently:
// an actor and a trigger may overlap (المتظاهرون is both), and a longest
// match in one layer must not hide a match in another.
type Layer uint8

// The dictionary layers.
const (
	Actors Layer = iota
	Triggers
	Cues
	numLayers
)

// String names the layer.
func (l Layer) String() string {
	switch l {
	case Actors:
		return "actor"
	case Triggers:
		return "trigger"
	case Cues:
		return "cue"
	}
	return "?"
}

// Kind is the kind of an actor entry.
type Kind string

// Actor entry kinds (see data/README.md).
const (
	Country Kind = "country"
	Demonym Kind = "demonym"
	Capital Kind = "capital"
	Place   Kind = "place"
	Person  Kind = "person"
	Org     Kind = "org"
	Group   Kind = "group"
	Sector  Kind = "sector"
	// Bound is a sector noun that names an actor only together with the
	// country, place, organisation or person right after it (النظام
	// السوري، نظام الأسد); alone it is an everyday word (النظام الدولي).
	Bound Kind = "bound"
)

var actorKinds = map[Kind]bool{Country: true, Demonym: true, Capital: true, Place: true,
	Person: true, Org: true, Group: true, Sector: true, Bound: true}

// POS tells the coder how a trigger relates to its actor and recipient.
type POS string

// Trigger parts of speech.
const (
	Verb       POS = "verb"       // active verb: the subject is the actor
	Passive    POS = "passive"    // passive: the noun after it is the recipient
	Noun       POS = "noun"       // masdar or event noun
	Participle POS = "participle" // names the actors themselves (المتظاهرون)
)

// None is the trigger type of phrases that must not fire; longest match lets
// such an entry mask the shorter trigger inside it.
const None plover.EventType = "NONE"

// Cue kinds.
const (
	CueNegation     = "negation"
	CueDenial       = "denial"
	CueFuture       = "future"
	CueIntention    = "intention"
	CueCondition    = "condition"
	CueSpeech       = "speech"
	CueContinuation = "continuation"
	CueAnaphor      = "anaphor"
	CueHost         = "host"
	CueLocation     = "location"
	// CueOccurrence words report that something took place (وقع، شهدت،
	// اندلعت، أسفر عن): they confirm that an event noun is news, not a topic.
	CueOccurrence = "occurrence"
	// CueCasualty words count the harmed (مقتل، جرحى، بجروح).
	CueCasualty = "casualty"
	// CueReference words make the event noun after them a background topic
	// (منذ اغتيال، ذكرى المجزرة، بتهمة القتل، مكافحة التعذيب).
	CueReference = "reference"
	// CueHypothetical words make what follows possible, not real (يمكن،
	// من شأن، تحسبا لأي).
	CueHypothetical = "hypothetical"
	// CueSport words mark sport news (لاعب، مباراة، بطولة): without a
	// political actor such a sentence codes no event.
	CueSport = "sport"
	// CueAccident words mark accidents and disasters (حادث سير، فيضانات):
	// deaths and destruction there are no ASSAULT.
	CueAccident = "accident"
)

var cueKinds = map[string]bool{CueNegation: true, CueDenial: true, CueFuture: true,
	CueIntention: true, CueCondition: true, CueSpeech: true, CueContinuation: true,
	CueAnaphor: true, CueHost: true, CueLocation: true, CueOccurrence: true, CueCasualty: true,
	CueReference: true, CueHypothetical: true, CueSport: true, CueAccident: true}

// Entry is one line of a dictionary file. Which fields are set depends on the
// layer: actor entries have Code, Sector, Kind...; trigger entries Type,
// Mode, POS...; cue entries Cue.
type Entry struct {
	Layer Layer
	Forms []string // surface forms as written in the file

	// Actor fields.
	Code       string
	Sector     string
	Kind       Kind
	Identifier string
	From, To   time.Time // validity; zero means open
	Note       string

	// Trigger fields.
	Type    plover.EventType
	Mode    string
	POS     POS
	Prep    string
	Context string
	Example string

	// Cue field.
	Cue string

	// Where the entry was read: the file name and 1-based line.
	File string
	Line int

	source string // "file:line", made once at load: coders quote it often
}

// Source returns "file:line" of the entry.
func (e *Entry) Source() string {
	if e.source != "" {
		return e.source
	}
	return fmt.Sprintf("%s:%d", e.File, e.Line)
}

// ValidOn reports whether the entry's validity dates cover day d. A zero d
// (document without a date) is covered by every entry.
func (e *Entry) ValidOn(d time.Time) bool {
	if d.IsZero() {
		return true
	}
	if !e.From.IsZero() && d.Before(e.From) {
		return false
	}
	if !e.To.IsZero() && d.After(e.To) {
		return false
	}
	return true
}

// Dated reports whether the entry has validity dates.
func (e *Entry) Dated() bool { return !e.From.IsZero() || !e.To.IsZero() }
