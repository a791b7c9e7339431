package plover

import "encoding/json"

// Event is one PLOVER event record as hadath writes it, one per JSONL line.
// Field names follow PLOVER where a PLOVER field fits; the rest (doc_id,
// sentence, evidence, dictionary_version) are hadath's audit trail.
type Event struct {
	ID        string      `json:"id"`
	DocID     string      `json:"doc_id"`
	Date      string      `json:"date"`
	Event     []EventType `json:"event"`
	Mode      string      `json:"mode"`
	Context   []string    `json:"context"`
	Actor     []Entity    `json:"actor"`
	Recipient []Entity    `json:"recipient"`
	// EventText holds the trigger words as written in the text.
	EventText  string    `json:"event_text"`
	EventLoc   *Location `json:"event_loc"`
	QuadCode   int       `json:"quad_code"`
	EventScale float64   `json:"event_scale"`
	// Sentence is the index of the first sentence that supports the event,
	// Text that sentence.
	Sentence int    `json:"sentence"`
	Text     string `json:"text"`
	// Evidence lists every place in the document that supports the event:
	// records of the same type, actors and recipients merge into one.
	Evidence          []Evidence `json:"evidence"`
	Coder             CoderInfo  `json:"coder"`
	DictionaryVersion string     `json:"dictionary_version"`
}

// Entity is an actor or recipient of an event, or an entity mention of a
// document. Code is a country or non-state code, empty when unknown (written
// as JSON null).
type Entity struct {
	Code           string `json:"code"`
	Sector         string `json:"sector"`
	EntityText     string `json:"entity_text"`
	IdentifierText string `json:"identifier_text"`
	// Kind is person, country, place, org or group.
	Kind string `json:"kind,omitempty"`
	// Span is the byte range of EntityText in the document text.
	Span Span `json:"span"`
	// Source says what found the entity: "dictionary", "anaphor" (بلاده,
	// البلدين), "speaker" (carried from an earlier sentence) or "context".
	Source string `json:"source,omitempty"`
	// Entries are the dictionary entries (file:line) that gave the code.
	Entries []string `json:"entries,omitempty"`
}

// entityJSON fixes the field order of an entity in JSON: code and sector
// first, as PLOVER lists them; unknown ones are null.
type entityJSON struct {
	Code           *string  `json:"code"`
	Sector         *string  `json:"sector"`
	EntityText     string   `json:"entity_text"`
	IdentifierText string   `json:"identifier_text"`
	Kind           string   `json:"kind,omitempty"`
	Span           Span     `json:"span"`
	Source         string   `json:"source,omitempty"`
	Entries        []string `json:"entries,omitempty"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// MarshalJSON writes an unknown code or sector as null rather than "".
func (e Entity) MarshalJSON() ([]byte, error) {
	return json.Marshal(entityJSON{Code: nullable(e.Code), Sector: nullable(e.Sector), EntityText: e.EntityText,
		IdentifierText: e.IdentifierText, Kind: e.Kind, Span: e.Span, Source: e.Source, Entries: e.Entries})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (e *Entity) UnmarshalJSON(b []byte) error {
	var in entityJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*e = Entity{EntityText: in.EntityText, IdentifierText: in.IdentifierText, Kind: in.Kind, Span: in.Span,
		Source: in.Source, Entries: in.Entries}
	if in.Code != nil {
		e.Code = *in.Code
	}
	if in.Sector != nil {
		e.Sector = *in.Sector
	}
	return nil
}

// Span is a byte range [start, end) in a document's text.
type Span [2]int

// Location is where an event happened, as the text names it.
type Location struct {
	Name string `json:"name"`
	Code string `json:"code,omitempty"`
	// Identifier is the canonical name from the dictionary, if any.
	Identifier string `json:"identifier_text,omitempty"`
	Span       Span   `json:"span"`
}

// Evidence is one place in a document that supports an event.
type Evidence struct {
	Sentence  int    `json:"sentence"`
	Trigger   Span   `json:"trigger"`
	Actor     []Span `json:"actor"`
	Recipient []Span `json:"recipient"`
	// Entry is the trigger's dictionary entry (file:line); Rules name the
	// coding rules that shaped the event (negation, future->AGREE, ...).
	Entry string   `json:"entry"`
	Rules []string `json:"rules,omitempty"`
}

// CoderInfo names the software that produced a record.
type CoderInfo struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}
