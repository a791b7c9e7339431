// Package eval scores the coder against gold sets. It reads three formats,
// told apart line by line:
//
//   - event gold (../shared/data/gsr): one gold event per sentence under
//     "gold" with its PLOVER type and actor/recipient codes;
//   - detection gold (../shared/data/detect): a sentence judged yes/no for
//     one event type, under "event_type" and "label";
//   - multi-label gold (testdata/gold): "events", a list of the events a
//     careful coder takes from the sentence (empty for no event).
//
// Scores: per-type precision, recall and F1; actor and recipient country and
// sector accuracy on the events found; false alarms on sentences without an
// event of the type.
package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"hadath/coder"
	"hadath/ingest"
	"hadath/plover"
)

// Row is one gold sentence in any of the three formats.
type Row struct {
	ID   string `json:"id"`
	Date string `json:"date"`
	Text string `json:"text"`
	// Event gold.
	Gold *struct {
		Plover          string  `json:"plover"`
		SourceCountry   *string `json:"source_country"`
		SourceAgent     *string `json:"source_agent"`
		TargetCountry   *string `json:"target_country"`
		TargetAgent     *string `json:"target_agent"`
		Trigger         *string `json:"trigger"`
		SourceText      *string `json:"source_text"`
		TargetText      *string `json:"target_text"`
		Category        string  `json:"category"`
		AdditionalNotes string  `json:"note"`
	} `json:"gold"`
	// Detection gold.
	EventType string `json:"event_type"`
	Label     string `json:"label"`
	// Multi-label gold.
	Events *[]GoldEvent `json:"events"`
}

// GoldEvent is one expected event of a multi-label gold row.
type GoldEvent struct {
	Event           string    `json:"event"`
	Mode            string    `json:"mode"`
	Actor           []*string `json:"actor"`
	Recipient       []*string `json:"recipient"`
	ActorSector     []*string `json:"actor_sector"`
	RecipientSector []*string `json:"recipient_sector"`
}

// Format of a row.
func (r *Row) Format() string {
	switch {
	case r.Gold != nil:
		return "event"
	case r.Events != nil:
		return "multi"
	case r.EventType != "" && r.Label != "":
		return "detect"
	}
	return ""
}

// Read reads gold rows from a JSONL file; lines that are not gold rows are
// errors naming the line.
func Read(path string) ([]Row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadFrom(path, f)
}

// ReadFrom reads gold rows from r; name is used in errors.
func ReadFrom(name string, r io.Reader) ([]Row, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	var rows []Row
	line := 0
	for sc.Scan() {
		line++
		b := strings.TrimSpace(sc.Text())
		if b == "" {
			continue
		}
		var row Row
		if err := json.Unmarshal([]byte(b), &row); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if row.Format() == "" {
			return nil, fmt.Errorf("%s:%d: not a gold row (needs gold, events, or event_type and label)", name, line)
		}
		rows = append(rows, row)
	}
	return rows, sc.Err()
}

// Score is a precision/recall count.
type Score struct {
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

func (s *Score) finish() {
	if s.TP+s.FP > 0 {
		s.Precision = float64(s.TP) / float64(s.TP+s.FP)
	}
	if s.TP+s.FN > 0 {
		s.Recall = float64(s.TP) / float64(s.TP+s.FN)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
}

// Ratio is a share of hits.
type Ratio struct {
	Hits  int     `json:"hits"`
	Total int     `json:"total"`
	Value float64 `json:"value"`
}

func (r *Ratio) add(hit bool) {
	r.Total++
	if hit {
		r.Hits++
	}
}

func (r *Ratio) finish() {
	if r.Total > 0 {
		r.Value = float64(r.Hits) / float64(r.Total)
	}
}

// Report holds the scores of one gold file.
type Report struct {
	File      string            `json:"file"`
	Format    string            `json:"format"`
	Sentences int               `json:"sentences"`
	Types     map[string]*Score `json:"types"`
	Overall   Score             `json:"overall"`
	// Accuracy of codes on found events, where the gold gives one.
	ActorCountry     Ratio `json:"actor_country"`
	ActorSector      Ratio `json:"actor_sector"`
	RecipientCountry Ratio `json:"recipient_country"`
	RecipientSector  Ratio `json:"recipient_sector"`
	// Share of found events with no actor code at all.
	EmptyActor Ratio `json:"empty_actor"`
	// Share of found events with no actor at all, not even a name with
	// no code (an actor the tagger found but no dictionary codes).
	NoActor Ratio `json:"no_actor"`
	// False alarms: sentences with no gold event of a type that got one,
	// per label ("easy no", "difficult no", "no event").
	FalseAlarms map[string]*Ratio `json:"false_alarms"`
	// Misses and false alarms, for reading (not in JSON).
	Errors []string `json:"-"`
}

func newReport(file, format string) *Report {
	return &Report{File: file, Format: format, Types: map[string]*Score{}, FalseAlarms: map[string]*Ratio{}}
}

// entry returns m[k], adding a zero value first when it is missing.
func entry[V any](m map[string]*V, k string) *V {
	v := m[k]
	if v == nil {
		v = new(V)
		m[k] = v
	}
	return v
}

func (r *Report) typ(t string) *Score { return entry(r.Types, t) }

func (r *Report) alarm(label string) *Ratio { return entry(r.FalseAlarms, label) }

// Run codes every row with c and scores it. All rows must be of one format.
func Run(c *coder.Coder, file string, rows []Row) (*Report, error) {
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no gold rows", file)
	}
	format := rows[0].Format()
	rep := newReport(file, format)
	for i := range rows {
		row := &rows[i]
		if row.Format() != format {
			return nil, fmt.Errorf("%s: row %s is %s gold, the file started with %s gold", file, row.ID, row.Format(), format)
		}
		doc := coder.Document{ID: row.ID, Text: row.Text}
		if row.Date != "" {
			if d, err := ingest.ParseDate(row.Date); err == nil {
				doc.Date = d
			}
		}
		res := c.Code(doc)
		switch format {
		case "event":
			rep.scoreEvent(row, res.Events)
		case "detect":
			if row.Label == "ambiguous" {
				continue
			}
			rep.scoreDetect(row, res.Events)
		case "multi":
			rep.scoreMulti(row, res.Events)
		}
		rep.Sentences++
	}
	rep.finish()
	return rep, nil
}

func (r *Report) finish() {
	for _, k := range slices.Sorted(maps.Keys(r.Types)) {
		s := r.Types[k]
		s.finish()
		r.Overall.TP += s.TP
		r.Overall.FP += s.FP
		r.Overall.FN += s.FN
	}
	r.Overall.finish()
	for _, x := range []*Ratio{&r.ActorCountry, &r.ActorSector, &r.RecipientCountry, &r.RecipientSector, &r.EmptyActor, &r.NoActor} {
		x.finish()
	}
	for _, a := range r.FalseAlarms {
		a.finish()
	}
}

func typesOf(evs []plover.Event) map[string][]plover.Event {
	m := map[string][]plover.Event{}
	for _, e := range evs {
		for _, t := range e.Event {
			m[string(t)] = append(m[string(t)], e)
		}
	}
	return m
}

func codes(es []plover.Entity, sector bool) map[string]bool {
	m := map[string]bool{}
	for _, e := range es {
		if sector {
			m[e.Sector] = true
		} else {
			m[e.Code] = true
		}
	}
	return m
}

// anyHas reports whether some event's entity list (actor or recipient)
// holds the wanted code or sector.
func anyHas(evs []plover.Event, want string, recipient, sector bool) bool {
	for _, e := range evs {
		es := e.Actor
		if recipient {
			es = e.Recipient
		}
		if codes(es, sector)[want] {
			return true
		}
	}
	return false
}

func noActor(evs []plover.Event) bool {
	for _, e := range evs {
		if len(e.Actor) > 0 {
			return false
		}
	}
	return true
}

func allEmptyActor(evs []plover.Event) bool {
	for _, e := range evs {
		for _, a := range e.Actor {
			if a.Code != "" {
				return false
			}
		}
	}
	return true
}

func (r *Report) scoreEvent(row *Row, evs []plover.Event) {
	g := row.Gold
	byType := typesOf(evs)
	for t := range byType {
		if t != g.Plover {
			r.typ(t).FP++
		}
	}
	found := byType[g.Plover]
	s := r.typ(g.Plover)
	if len(found) == 0 {
		s.FN++
		r.Errors = append(r.Errors, fmt.Sprintf("miss %s %s: %s", g.Plover, row.ID, row.Text))
		return
	}
	s.TP++
	r.EmptyActor.add(allEmptyActor(found))
	r.NoActor.add(noActor(found))
	r.accuracy(row.ID, found, g.SourceCountry, g.SourceAgent, g.TargetCountry, g.TargetAgent)
}

func (r *Report) accuracy(id string, found []plover.Event, ac, as, rc, rs *string) {
	check := func(ratio *Ratio, want *string, recipient, sector bool, what string) {
		if want == nil || *want == "" {
			return
		}
		hit := anyHas(found, *want, recipient, sector)
		ratio.add(hit)
		if !hit {
			r.Errors = append(r.Errors, fmt.Sprintf("wrong %s %s: want %s", what, id, *want))
		}
	}
	check(&r.ActorCountry, ac, false, false, "actor country")
	check(&r.ActorSector, as, false, true, "actor sector")
	check(&r.RecipientCountry, rc, true, false, "recipient country")
	check(&r.RecipientSector, rs, true, true, "recipient sector")
}

func (r *Report) scoreDetect(row *Row, evs []plover.Event) {
	got := len(typesOf(evs)[row.EventType]) > 0
	s := r.typ(row.EventType)
	yes := row.Label == "yes"
	switch {
	case yes && got:
		s.TP++
	case yes:
		s.FN++
		r.Errors = append(r.Errors, fmt.Sprintf("miss %s %s: %s", row.EventType, row.ID, row.Text))
	case got:
		s.FP++
		r.Errors = append(r.Errors, fmt.Sprintf("false %s (%s) %s: %s", row.EventType, row.Label, row.ID, row.Text))
	}
	if !yes {
		r.alarm(row.EventType + " " + row.Label).add(got)
	}
}

func (r *Report) scoreMulti(row *Row, evs []plover.Event) {
	byType := typesOf(evs)
	want := map[string][]GoldEvent{}
	for _, g := range *row.Events {
		want[g.Event] = append(want[g.Event], g)
	}
	if len(want) == 0 {
		r.alarm("no event").add(len(evs) > 0)
	}
	for t := range byType {
		if len(want[t]) == 0 {
			r.typ(t).FP++
			r.Errors = append(r.Errors, fmt.Sprintf("false %s %s: %s", t, row.ID, row.Text))
		}
	}
	for t, gs := range want {
		found := byType[t]
		if len(found) == 0 {
			r.typ(t).FN++
			r.Errors = append(r.Errors, fmt.Sprintf("miss %s %s: %s", t, row.ID, row.Text))
			continue
		}
		r.typ(t).TP++
		r.EmptyActor.add(allEmptyActor(found))
		r.NoActor.add(noActor(found))
		for _, g := range gs {
			for i, c := range g.Actor {
				r.accuracy(row.ID, found, c, at(g.ActorSector, i), nil, nil)
			}
			for i, c := range g.Recipient {
				r.accuracy(row.ID, found, nil, nil, c, at(g.RecipientSector, i))
			}
		}
	}
}

func at(xs []*string, i int) *string {
	if i < len(xs) {
		return xs[i]
	}
	return nil
}

// Print writes the report as a readable table.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "%s (%s gold, %d sentences)\n", r.File, r.Format, r.Sentences)
	fmt.Fprintf(w, "  %-10s %5s %5s %5s %9s %7s %6s\n", "type", "tp", "fp", "fn", "precision", "recall", "f1")
	for _, k := range slices.Sorted(maps.Keys(r.Types)) {
		s := r.Types[k]
		fmt.Fprintf(w, "  %-10s %5d %5d %5d %9.3f %7.3f %6.3f\n", k, s.TP, s.FP, s.FN, s.Precision, s.Recall, s.F1)
	}
	s := r.Overall
	fmt.Fprintf(w, "  %-10s %5d %5d %5d %9.3f %7.3f %6.3f\n", "micro", s.TP, s.FP, s.FN, s.Precision, s.Recall, s.F1)
	for _, x := range []struct {
		name string
		r    Ratio
	}{{"actor country", r.ActorCountry}, {"actor sector", r.ActorSector}, {"recipient country", r.RecipientCountry},
		{"recipient sector", r.RecipientSector}, {"no actor code", r.EmptyActor}, {"no actor at all", r.NoActor}} {
		if x.r.Total > 0 {
			fmt.Fprintf(w, "  %-18s %.3f (%d/%d)\n", x.name+":", x.r.Value, x.r.Hits, x.r.Total)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(r.FalseAlarms)) {
		a := r.FalseAlarms[k]
		fmt.Fprintf(w, "  false alarms on %-22s %.3f (%d/%d)\n", k+":", a.Value, a.Hits, a.Total)
	}
}
