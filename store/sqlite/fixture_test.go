package sqlite

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"hadath/coder"
	"hadath/ingest"
	"hadath/lexicon"
	"hadath/plover"
	"hadath/store"
)

// own are sentences written for these tests, each aimed at one search or
// filter case.
var own = []struct{ id, date, source, text string }{
	// لواشنطن: found by واشنطن.
	{"own-visit", "2025-03-03", "own", "وصل وزير الخارجية المصري لواشنطن في زيارة رسمية يلتقي خلالها نظيره الأمريكي."},
	// Full diacritics on قَتَلَ, hamza on الأنبار: found by قتل and الانبار.
	{"own-attack", "2025-03-05", "own", "قَتَلَ مسلحون خمسة جنود عراقيين في هجوم على نقطة تفتيش في الأنبار."},
	{"own-accuse", "2025-03-12", "own", "اتهمت روسيا الولايات المتحدة بتأجيج الصراع في أوكرانيا."},
	// أحمد: found by احمد.
	{"own-league", "2025-03-12", "own", "استقبل أحمد أبو الغيط الأمين العام لجامعة الدول العربية وزير الخارجية السعودي في القاهرة."},
	{"own-football", "2025-03-13", "own", "خسر فريق برشلونة أمام أتلتيكو مدريد بهدف دون رد في الدوري الإسباني لكرة القدم."},
	{"own-strike", "2025-03-20", "wire", "شنت إسرائيل غارات جوية على مواقع في جنوب لبنان."},
	{"own-undated", "", "wire", "أدانت وزارة الخارجية القطرية الغارات الإسرائيلية على قطاع غزة."},
}

var (
	fixtureOnce  sync.Once
	fixtureCoder *coder.Coder
	fixtureDocs  []coder.Document
	fixtureErr   error
)

func testCoder(t testing.TB) *coder.Coder {
	t.Helper()
	loadFixture(t)
	return fixtureCoder
}

// loadFixture reads the sample article, the gold sentences (source
// gold-<file>) and the sentences above.
func loadFixture(t testing.TB) {
	t.Helper()
	fixtureOnce.Do(func() {
		lex, err := lexicon.Default()
		if err != nil {
			fixtureErr = err
			return
		}
		fixtureCoder = coder.New(lex)
		files, _ := filepath.Glob("../../testdata/gold/*.jsonl")
		files = append([]string{"../../examples/china-azerbaijan.jsonl"}, files...)
		for _, f := range files {
			src := "gold-" + strings.TrimSuffix(filepath.Base(f), ".jsonl")
			err := ingest.File(f, func(d ingest.Doc) error {
				doc := d.Document
				if doc.Source == "" {
					doc.Source = src
				}
				fixtureDocs = append(fixtureDocs, doc)
				return nil
			}, func(p *ingest.Problem) { fixtureErr = p })
			if err != nil {
				fixtureErr = err
			}
		}
		for _, o := range own {
			d := coder.Document{ID: o.id, Text: o.text, Source: o.source}
			if o.date != "" {
				d.Date, _ = time.Parse("2006-01-02", o.date)
			}
			fixtureDocs = append(fixtureDocs, d)
		}
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	if len(fixtureDocs) < 100 {
		t.Fatalf("fixture has %d documents", len(fixtureDocs))
	}
}

// codeDocs codes documents with the test coder.
func codeDocs(t testing.TB, docs []coder.Document) []store.Coded {
	c := testCoder(t)
	out := make([]store.Coded, len(docs))
	for i, d := range docs {
		out[i] = store.Code(c, d)
	}
	return out
}

// allCoded returns every fixture document, coded.
func allCoded(t testing.TB) []store.Coded {
	loadFixture(t)
	return codeDocs(t, fixtureDocs)
}

func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

// ingestAll ingests coded documents in batches of 50 and checks that each
// is inserted.
func ingestAll(t testing.TB, s *Store, coded []store.Coded) {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < len(coded); i += 50 {
		j := min(i+50, len(coded))
		res, err := s.Ingest(ctx, coded[i:j])
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.Outcome != store.Inserted {
				t.Fatalf("%s: %v, want inserted", r.ID, r.Outcome)
			}
		}
	}
}

// refEvent is an event as the reference implementation sees it.
type refEvent struct {
	plover.Event
	source string
	docID  string
}

func refEvents(coded []store.Coded) []refEvent {
	var out []refEvent
	for _, c := range coded {
		for _, e := range c.Result.Events {
			out = append(out, refEvent{Event: e, source: c.Doc.Source, docID: c.Doc.ID})
		}
	}
	return out
}

func hasCode(ents []plover.Entity, codes []string) bool {
	for _, e := range ents {
		for _, c := range codes {
			if e.Code == c {
				return true
			}
		}
	}
	return false
}

func hasSector(ents []plover.Entity, sectors []string) bool {
	for _, e := range ents {
		for _, s := range sectors {
			if e.Sector == s {
				return true
			}
		}
	}
	return false
}

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// refMatch is the reference implementation of store.Filter, without Q.
func refMatch(e refEvent, f store.Filter) bool {
	typ := plover.EventType("")
	if len(e.Event.Event) > 0 {
		typ = e.Event.Event[0]
	}
	switch {
	case len(f.Types) > 0 && !contains(f.Types, typ),
		len(f.Modes) > 0 && !contains(f.Modes, e.Mode),
		len(f.Quads) > 0 && !contains(f.Quads, e.QuadCode),
		len(f.Actors) > 0 && !hasCode(e.Actor, f.Actors),
		len(f.Recipients) > 0 && !hasCode(e.Recipient, f.Recipients),
		len(f.Participants) > 0 && !hasCode(e.Actor, f.Participants) && !hasCode(e.Recipient, f.Participants),
		len(f.Sectors) > 0 && !hasSector(e.Actor, f.Sectors) && !hasSector(e.Recipient, f.Sectors),
		len(f.Sources) > 0 && !contains(f.Sources, e.source),
		f.DocID != "" && e.docID != f.DocID,
		!f.From.IsZero() && (e.Date == "" || e.Date < day(f.From)),
		!f.To.IsZero() && (e.Date == "" || e.Date > day(f.To)):
		return false
	}
	return true
}

// allEvents reads every page of a query.
func allEvents(t testing.TB, s *Store, f store.Filter, order store.Order, limit int) []store.Event {
	t.Helper()
	var out []store.Event
	p := store.Page{Limit: limit, Order: order}
	for pages := 0; ; pages++ {
		page, err := s.Events(context.Background(), f, p)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Events) > limit {
			t.Fatalf("page of %d events, limit %d", len(page.Events), limit)
		}
		out = append(out, page.Events...)
		if page.Next == "" {
			return out
		}
		if len(page.Events) == 0 {
			t.Fatal("empty page with a next cursor")
		}
		if pages > 10000 {
			t.Fatal("pagination does not end")
		}
		p.Cursor = page.Next
	}
}

func eventIDs(evs []store.Event) []string {
	ids := make([]string, len(evs))
	for i, e := range evs {
		ids[i] = e.ID
	}
	sort.Strings(ids)
	return ids
}

func refIDs(evs []refEvent) []string {
	ids := make([]string, 0, len(evs))
	for _, e := range evs {
		ids = append(ids, e.ID)
	}
	sort.Strings(ids)
	return ids
}
