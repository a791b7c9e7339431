// Package store defines where hadath keeps what it has read and coded:
// documents with their text, the events coded from them with every piece of
// evidence, and the entities they mention, together with the queries an
// analyst runs over them (filters, full-text search over normalised Arabic,
// counts, actor networks, timelines) and the recoding of a whole archive with
// new dictionaries.
//
// The Store interface is implemented by store/sqlite, an embedded SQLite
// database in a data folder. This package holds what every implementation
// shares: the types, the content hash that makes ingest idempotent, and the
// search terms extracted from Arabic text (Terms, ParseQuery), so that every
// backend indexes and searches the same way.
package store

import (
	"context"
	"errors"
	"time"

	"hadath/coder"
	"hadath/plover"
)

// Store keeps documents, events and entities. Implementations are safe for
// concurrent use.
type Store interface {
	// Ingest stores coded documents in one transaction: either the whole
	// batch is committed or none of it. A document already stored with the
	// same id and the same text is left as it is (Unchanged, unless the
	// coder or dictionary version differs, then its events are replaced); a
	// document whose text changed has its text and events replaced (Replaced);
	// a new id whose text is already stored under another id is recorded as
	// an alias of that document and not stored again (Duplicate).
	Ingest(ctx context.Context, batch []Coded) ([]IngestResult, error)

	// Document returns a document by id (or by an alias id) with its text,
	// events, entities and quotes. It returns ErrNotFound when there is none.
	Document(ctx context.Context, id string) (*DocumentView, error)
	// Documents lists documents matching the filter, newest first.
	Documents(ctx context.Context, f DocFilter, p Page) (DocumentPage, error)

	// Events returns one page of the events matching the filter, with their
	// actors, recipients and evidence.
	Events(ctx context.Context, f Filter, p Page) (EventPage, error)
	// Event returns one event by its id (e.g. "china-azerbaijan-001").
	Event(ctx context.Context, id string) (*Event, error)
	// CountEvents counts the events matching the filter.
	CountEvents(ctx context.Context, f Filter) (int, error)
	// Counts counts the events matching the filter per value of a field
	// (actor code, recipient code, type...), largest first; limit <= 0 means
	// all.
	Counts(ctx context.Context, f Filter, by CountBy, limit int) ([]Count, error)
	// Network returns the actor -> recipient code edges of the events
	// matching the filter, weighted by the number of events, heaviest first;
	// limit <= 0 means all.
	Network(ctx context.Context, f Filter, limit int) ([]Edge, error)
	// Timeline counts the dated events matching the filter per period and
	// series key, in period order.
	Timeline(ctx context.Context, f Filter, every Interval, by SeriesBy) ([]TimePoint, error)
	// Entities summarises the entities mentioned in documents, most
	// mentioned first.
	Entities(ctx context.Context, f EntityFilter) ([]EntitySummary, error)
	// Stats counts what the store holds.
	Stats(ctx context.Context) (Stats, error)

	// Recode codes stored documents again with c, in batches, replacing
	// their events. Each batch is committed in one transaction together with
	// the job's progress, so an interrupted recode (cancelled context,
	// OnBatch error, killed process) resumes after the last committed batch
	// when called again with the same job name and the same coder and
	// dictionary versions.
	Recode(ctx context.Context, c *coder.Coder, opt RecodeOptions) (RecodeProgress, error)
	// RecodeStatus returns the progress recorded for a recode job, or
	// ErrNotFound.
	RecodeStatus(ctx context.Context, job string) (RecodeProgress, error)

	// Close releases the store.
	Close() error
}

// Errors returned by stores.
var (
	ErrNotFound  = errors.New("store: not found")
	ErrBadCursor = errors.New("store: invalid cursor")
	ErrBadQuery  = errors.New("store: invalid query")
)

// Coded is a document with the coder's result for it and the versions of
// the coder and dictionaries that produced the result.
type Coded struct {
	Doc    coder.Document
	Result coder.Result
	// Coder and Dictionary name what produced Result. When empty they are
	// taken from the result's first event; Code fills them in.
	Coder      plover.CoderInfo
	Dictionary string
}

// Code codes doc with c and returns it ready for Ingest.
func Code(c *coder.Coder, doc coder.Document) Coded {
	return Coded{
		Doc:        doc,
		Result:     c.Code(doc),
		Coder:      plover.CoderInfo{Name: coder.Name, Version: c.Version()},
		Dictionary: c.Lexicon().Version,
	}
}

// Outcome says what Ingest did with a document.
type Outcome int

// Ingest outcomes.
const (
	Inserted  Outcome = iota + 1 // a new document
	Unchanged                    // same id, same text, same versions: nothing written
	Replaced                     // same id, new text, metadata or versions: text and events replaced
	Duplicate                    // new id, text already stored under another id: alias recorded
)

var outcomeNames = [...]string{"?", "inserted", "unchanged", "replaced", "duplicate"}

// String names the outcome.
func (o Outcome) String() string {
	if o > 0 && int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return "?"
}

// IngestResult reports what happened to one document of a batch.
type IngestResult struct {
	ID      string  // the id ingested
	StoreID string  // the id the document is stored under (differs for a Duplicate)
	Outcome Outcome //
	Events  int     // events stored for the document
}

// Document is a stored document.
type Document struct {
	ID     string    `json:"id"`
	Date   time.Time `json:"date"` // zero when unknown
	Title  string    `json:"title,omitempty"`
	Text   string    `json:"text,omitempty"`
	Source string    `json:"source,omitempty"`
	URL    string    `json:"url,omitempty"`
	// Hash is the content hash of the normalised text (see Hash).
	Hash string `json:"hash"`
	// CoderVersion and DictVersion name what coded the stored events.
	CoderVersion string    `json:"coder_version"`
	DictVersion  string    `json:"dictionary_version"`
	EventCount   int       `json:"event_count"`
	IngestedAt   time.Time `json:"ingested_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// DocumentView is a document with everything coded from it.
type DocumentView struct {
	Document
	Aliases  []string        `json:"aliases,omitempty"`
	Events   []Event         `json:"events"`
	Entities []plover.Entity `json:"entities"`
	Quotes   []coder.Quote   `json:"quotes"`
}

// Event is a stored event: the PLOVER record with its evidence, and the
// document's source and title for lists.
type Event struct {
	plover.Event
	Source string `json:"source,omitempty"`
	Title  string `json:"title,omitempty"`
}

// Filter selects events. Empty fields do not filter; values within one
// field are alternatives (OR), fields combine with AND.
type Filter struct {
	Types      []plover.EventType // first event type of the record
	Modes      []string
	Quads      []int
	Actors     []string // actor codes
	Recipients []string // recipient codes
	// Participants are codes of which one must be an actor or a recipient
	// (an actor page: everything a country did or underwent).
	Participants []string
	Sectors      []string // sector of an actor or a recipient
	Sources      []string // document source
	DocID        string   // one document, by the id it is stored under
	// From and To bound the event date, both days included; events without
	// a date are left out when either is set.
	From, To time.Time
	// Q is a full-text query over the documents' normalised text: words
	// (all must occur, in any clitic form: واشنطن finds لواشنطن), "quoted
	// phrases" and prefixes ending in * (see ParseQuery).
	Q string
}

// Order is the sort order of a page.
type Order int

// Orders. The zero value is newest first.
const (
	NewestFirst Order = iota
	OldestFirst
)

// Page asks for one page of results. Cursor is empty for the first page and
// the previous page's Next afterwards; it is opaque and only valid with the
// same order.
type Page struct {
	Limit  int // default 50, at most 1000
	Cursor string
	Order  Order
}

// Page limits.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// EventPage is one page of events; Next is empty on the last page.
type EventPage struct {
	Events []Event `json:"events"`
	Next   string  `json:"next,omitempty"`
}

// DocFilter selects documents.
type DocFilter struct {
	Sources  []string
	From, To time.Time // document date, days included
	Q        string    // full-text query, as in Filter
}

// DocumentPage is one page of documents (without their text).
type DocumentPage struct {
	Documents []Document `json:"documents"`
	Next      string     `json:"next,omitempty"`
}

// CountBy names the field Counts groups by.
type CountBy string

// Fields to count by.
const (
	ByActor     CountBy = "actor"     // actor code
	ByRecipient CountBy = "recipient" // recipient code
	ByType      CountBy = "type"
	ByMode      CountBy = "mode"
	ByQuad      CountBy = "quad"
	BySource    CountBy = "source"
	BySector    CountBy = "sector" // sector of actors and recipients
)

// Count is the number of events with one value of a field.
type Count struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// Edge is a directed actor -> recipient link: Weight events, with the mean
// of their scores (-10 conflict to +10 cooperation).
type Edge struct {
	Actor     string  `json:"actor"`
	Recipient string  `json:"recipient"`
	Weight    int     `json:"weight"`
	MeanScale float64 `json:"mean_scale"`
}

// Interval is the period of a timeline.
type Interval string

// Timeline periods.
const (
	Day   Interval = "day"
	Week  Interval = "week" // weeks start on Monday
	Month Interval = "month"
)

// SeriesBy splits a timeline into series.
type SeriesBy string

// Timeline series.
const (
	SeriesQuad SeriesBy = "quad" // keys "1".."4"
	SeriesType SeriesBy = "type" // keys AGREE, ASSAULT...
	SeriesAll  SeriesBy = ""     // one series, key ""
)

// TimePoint is the number of events of one series in one period; Period is
// the period's first day, YYYY-MM-DD.
type TimePoint struct {
	Period string `json:"period"`
	Key    string `json:"key"`
	Count  int    `json:"count"`
}

// EntityFilter selects document entities.
type EntityFilter struct {
	Kind  string // person, country, place, org, group
	Code  string
	Limit int // default 100
}

// EntitySummary counts the mentions of one entity.
type EntitySummary struct {
	Code           string `json:"code"`
	IdentifierText string `json:"identifier_text"`
	Kind           string `json:"kind"`
	Mentions       int    `json:"mentions"`
	Documents      int    `json:"documents"`
}

// Stats counts what a store holds.
type Stats struct {
	Documents int            `json:"documents"`
	Aliases   int            `json:"aliases"`
	Events    int            `json:"events"`
	Entities  int            `json:"entities"`
	Versions  []VersionCount `json:"versions"`
}

// VersionCount is the number of documents coded by one coder and dictionary
// version.
type VersionCount struct {
	CoderVersion string `json:"coder_version"`
	DictVersion  string `json:"dictionary_version"`
	Documents    int    `json:"documents"`
}

// RecodeOptions tune Recode.
type RecodeOptions struct {
	// Job names the recode in the progress table; default "recode".
	Job string
	// BatchSize is the number of documents per transaction; default 200.
	BatchSize int
	// All recodes every document; by default documents already coded by
	// the coder's version and dictionary version are skipped.
	All bool
	// OnBatch is called after each committed batch. Returning an error
	// stops the recode, which returns that error; calling Recode again
	// resumes after the batch.
	OnBatch func(RecodeProgress) error
}

// RecodeProgress tells how far a recode job is.
type RecodeProgress struct {
	Job          string `json:"job"`
	CoderVersion string `json:"coder_version"`
	DictVersion  string `json:"dictionary_version"`
	// Done counts the documents recoded by the job, across resumptions;
	// Total is Done plus what was left to do when the last run started.
	Done     int  `json:"done"`
	Total    int  `json:"total"`
	Batches  int  `json:"batches"` // batches committed by this run
	Resumed  bool `json:"resumed"` // this run continued an interrupted one
	Finished bool `json:"finished"`
	// LastKey is the store key of the last document recoded.
	LastKey int64 `json:"last_key"`
}
