package sqlite

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"hadath/coder"
	"hadath/plover"
	"hadath/store"
)

func TestOpenCreatesWALDatabase(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "folder")
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(filepath.Join(dir, FileName)); err != nil {
		t.Fatal(err)
	}
	var mode string
	if err := s.r.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	var fk int
	if err := s.w.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v", fk, err)
	}
	// Readers cannot write.
	if _, err := s.r.Exec("DELETE FROM documents"); err == nil {
		t.Error("reader connection accepted a write")
	}
}

func schemaRows(t *testing.T, s *Store) []string {
	t.Helper()
	rows, err := s.r.Query("SELECT version, name, applied_at FROM schema_version ORDER BY version")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v int
		var name, at string
		if err := rows.Scan(&v, &name, &at); err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.Join([]string{string(rune('0' + v)), name, at}, "|"))
	}
	return out
}

func TestMigrationsFreshAndReopened(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	v, err := s.SchemaVersion(ctx)
	if err != nil || v != LatestSchemaVersion() || v != len(migrations) {
		t.Fatalf("fresh schema version %d, %v; want %d", v, err, LatestSchemaVersion())
	}
	first := schemaRows(t, s)
	if len(first) != len(migrations) {
		t.Fatalf("schema_version rows %q", first)
	}
	for _, table := range []string{"documents", "doc_aliases", "events", "event_entities", "evidence", "entities",
		"doc_fts", "recode_jobs"} {
		var n int
		if err := s.r.QueryRow("SELECT COUNT(*) FROM sqlite_schema WHERE name = ?", table).Scan(&n); err != nil || n != 1 {
			t.Errorf("table %s: %d, %v", table, n, err)
		}
	}
	if _, err := s.Ingest(ctx, codeDocs(t, []coder.Document{{ID: "a", Text: own[0].text}})); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if again := schemaRows(t, s); !reflect.DeepEqual(again, first) {
		t.Errorf("reopening changed schema_version:\n%q\n%q", first, again)
	}
	if st, _ := s.Stats(ctx); st.Documents != 1 {
		t.Errorf("reopened store has %d documents", st.Documents)
	}
}

// TestMigrationsUpgrade opens a folder at version 1, stores a document the
// way version 1 did, and checks that Open migrates it forward and that the
// full-text step indexes the document already there.
func TestMigrationsUpgrade(t *testing.T) {
	dir := t.TempDir()
	s, err := openWith(dir, migrations[:1])
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := s.SchemaVersion(context.Background()); v != 1 {
		t.Fatalf("version %d, want 1", v)
	}
	if _, err := s.w.Exec(`INSERT INTO documents(id, hash, text, ingested_at, updated_at)
		VALUES ('old', ?, ?, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')`,
		store.Hash(own[1].text), own[1].text); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, _ := s.SchemaVersion(context.Background()); v != LatestSchemaVersion() {
		t.Fatalf("version %d after upgrade, want %d", v, LatestSchemaVersion())
	}
	page, err := s.Documents(context.Background(), store.DocFilter{Q: "الانبار"}, store.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Documents) != 1 || page.Documents[0].ID != "old" {
		t.Errorf("search after migration found %+v", page.Documents)
	}
}

func TestMigrationsRefuseNewerDatabase(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.Exec("INSERT INTO schema_version VALUES (?, 'from the future', '')", LatestSchemaVersion()+1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err := Open(dir); err == nil {
		s.Close()
		t.Fatal("opened a database newer than the code")
	}
}

func TestMigrationStepIsAtomic(t *testing.T) {
	dir := t.TempDir()
	bad := append(slices.Clone(migrations[:1]), migration{2, "broken", execAll(
		"CREATE TABLE half_done (x INTEGER)",
		"THIS IS NOT SQL",
	)})
	if s, err := openWith(dir, bad); err == nil {
		s.Close()
		t.Fatal("a failing migration was accepted")
	}
	s, err := openWith(dir, migrations[:1])
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int
	s.r.QueryRow("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'half_done'").Scan(&n)
	if v, _ := s.SchemaVersion(context.Background()); v != 1 || n != 0 {
		t.Errorf("after a failed step: version %d, half_done tables %d", v, n)
	}
}

func chinaDoc(t *testing.T) coder.Document {
	t.Helper()
	loadFixture(t)
	for _, d := range fixtureDocs {
		if d.ID == "china-azerbaijan" {
			return d
		}
	}
	t.Fatal("no china-azerbaijan document")
	return coder.Document{}
}

// rowCounts counts the rows of every table that holds coded data.
func rowCounts(t *testing.T, s *Store) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"documents", "doc_aliases", "events", "event_entities", "evidence", "entities"} {
		var n int
		if err := s.r.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

func TestIngestIdempotent(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	doc := chinaDoc(t)
	coded := codeDocs(t, []coder.Document{doc})[0]
	nEvents := len(coded.Result.Events)
	if nEvents < 3 {
		t.Fatalf("the sample article gave %d events", nEvents)
	}

	res, err := s.Ingest(ctx, []store.Coded{coded})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Outcome != store.Inserted || res[0].Events != nEvents {
		t.Fatalf("first ingest: %+v", res[0])
	}
	before := rowCounts(t, s)

	// The same document again, twice in one batch: stored once.
	res, err = s.Ingest(ctx, []store.Coded{coded, coded})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Outcome != store.Unchanged || r.Events != nEvents {
			t.Errorf("re-ingest: %+v", r)
		}
	}
	if after := rowCounts(t, s); !reflect.DeepEqual(after, before) {
		t.Errorf("re-ingest changed rows: %v -> %v", before, after)
	}

	// The same text under another id, and with diacritics and tatweel
	// added under a third: duplicates of the first, not stored again.
	copy1 := doc
	copy1.ID, copy1.Source = "wire-copy", "wire"
	copy2 := doc
	copy2.ID = "vocalised-copy"
	copy2.Text = strings.Replace(doc.Text, "أكد رئيس الصين", "أَكَّدَ رئيـــس الصين", 1)
	res, err = s.Ingest(ctx, codeDocs(t, []coder.Document{copy1, copy2}))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Outcome != store.Duplicate || r.StoreID != doc.ID || r.Events != nEvents {
			t.Errorf("copy: %+v", r)
		}
	}
	st, _ := s.Stats(ctx)
	if st.Documents != 1 || st.Aliases != 2 || st.Events != nEvents {
		t.Errorf("after copies: %+v", st)
	}
	v, err := s.Document(ctx, "wire-copy")
	if err != nil || v.ID != doc.ID || !reflect.DeepEqual(v.Aliases, []string{"vocalised-copy", "wire-copy"}) {
		t.Errorf("Document(alias) = %v, %v", v, err)
	}
	// An alias ingested again is still a duplicate.
	res, _ = s.Ingest(ctx, codeDocs(t, []coder.Document{copy1}))
	if res[0].Outcome != store.Duplicate {
		t.Errorf("alias again: %+v", res[0])
	}

	// Changed text under the same id: text and events replaced.
	changed := doc
	changed.Text = strings.SplitAfter(doc.Text, ".")[0] + " وقصفت روسيا مواقع في أوكرانيا."
	cc := codeDocs(t, []coder.Document{changed})[0]
	res, err = s.Ingest(ctx, []store.Coded{cc})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Outcome != store.Replaced || res[0].Events != len(cc.Result.Events) {
		t.Fatalf("changed text: %+v", res[0])
	}
	v, err = s.Document(ctx, doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.Text != changed.Text || len(v.Events) != len(cc.Result.Events) || v.EventCount != len(cc.Result.Events) {
		t.Errorf("after replace: text %v, %d events (%d), want %d", v.Text == changed.Text, len(v.Events),
			v.EventCount, len(cc.Result.Events))
	}
	if len(v.Aliases) != 0 {
		t.Errorf("aliases of the old text kept: %q", v.Aliases)
	}
	// No row of the old coding is left behind.
	var orphans int
	s.r.QueryRow(`SELECT (SELECT COUNT(*) FROM event_entities WHERE event NOT IN (SELECT pk FROM events))
		+ (SELECT COUNT(*) FROM evidence WHERE event NOT IN (SELECT pk FROM events))`).Scan(&orphans)
	n, _ := s.CountEvents(ctx, store.Filter{DocID: doc.ID})
	if orphans != 0 || n != len(cc.Result.Events) {
		t.Errorf("orphans %d, events %d", orphans, n)
	}
	// The full-text index follows the text: الثقة was in the removed part.
	if page, _ := s.Documents(ctx, store.DocFilter{Q: "الثقة"}, store.Page{}); len(page.Documents) != 0 {
		t.Errorf("old text still indexed: %v", page.Documents)
	}
	if page, _ := s.Documents(ctx, store.DocFilter{Q: "اوكرانيا"}, store.Page{}); len(page.Documents) != 1 {
		t.Errorf("new text not indexed: %v", page.Documents)
	}

	// Same text, new dictionary version: events replaced, versions recorded.
	cc2 := cc
	cc2.Dictionary = "dict-2"
	cc2.Result.Events = slices.Clone(cc.Result.Events)
	for i := range cc2.Result.Events {
		cc2.Result.Events[i].DictionaryVersion = "dict-2"
	}
	res, _ = s.Ingest(ctx, []store.Coded{cc2})
	if res[0].Outcome != store.Replaced {
		t.Errorf("new dictionary: %+v", res[0])
	}
	var versions []string
	rows, _ := s.r.Query("SELECT DISTINCT coder_version || '/' || dict_version FROM events")
	for rows.Next() {
		var x string
		rows.Scan(&x)
		versions = append(versions, x)
	}
	rows.Close()
	if !reflect.DeepEqual(versions, []string{cc2.Coder.Version + "/dict-2"}) {
		t.Errorf("event versions %q", versions)
	}
}

func TestIngestRejectsBadInput(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	if _, err := s.Ingest(ctx, []store.Coded{{Doc: coder.Document{Text: "نص"}}}); err == nil {
		t.Error("document without id accepted")
	}
	c := codeDocs(t, []coder.Document{{ID: "a", Text: own[0].text}})[0]
	c.Doc.ID = "b"
	if _, err := s.Ingest(ctx, []store.Coded{c}); err == nil {
		t.Error("result of another document accepted")
	}
}

// TestIngestBatchAtomic fails a batch after some of its documents were
// written: none of the batch may be stored.
func TestIngestBatchAtomic(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	coded := allCoded(t)[:20]
	if _, err := s.Ingest(ctx, coded[:5]); err != nil {
		t.Fatal(err)
	}
	before := rowCounts(t, s)
	boom := errors.New("boom")
	s.hook = func(point string, i int) error {
		if point == "ingest" && i == 10 {
			return boom
		}
		return nil
	}
	if _, err := s.Ingest(ctx, coded[5:]); !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if after := rowCounts(t, s); !reflect.DeepEqual(after, before) {
		t.Errorf("failed batch left rows: %v -> %v", before, after)
	}
	var fts int
	s.r.QueryRow("SELECT COUNT(*) FROM doc_fts").Scan(&fts)
	if fts != 5 {
		t.Errorf("full-text rows %d, want 5", fts)
	}
	s.hook = nil
	if _, err := s.Ingest(ctx, coded[5:]); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.Stats(ctx); st.Documents != 20 {
		t.Errorf("%d documents after retry", st.Documents)
	}
}

// TestDocumentRoundTrip checks that a document comes back with its events
// exactly as the coder wrote them (PLOVER JSON, evidence included).
func TestDocumentRoundTrip(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	coded := allCoded(t)
	ingestAll(t, s, coded)
	checked := 0
	for _, c := range coded {
		if len(c.Result.Events) == 0 && c.Doc.ID != "china-azerbaijan" {
			continue
		}
		v, err := s.Document(ctx, c.Doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Text != c.Doc.Text || v.Title != c.Doc.Title || v.Source != c.Doc.Source || !v.Date.Equal(c.Doc.Date) {
			t.Errorf("%s: document fields differ", c.Doc.ID)
		}
		if v.Hash != store.Hash(c.Doc.Text) || v.DictVersion != c.Dictionary || v.CoderVersion != c.Coder.Version {
			t.Errorf("%s: hash or versions differ: %+v", c.Doc.ID, v.Document)
		}
		got := make([]plover.Event, len(v.Events))
		for i, e := range v.Events {
			got[i] = e.Event
			if e.Source != c.Doc.Source {
				t.Errorf("%s: event source %q", e.ID, e.Source)
			}
		}
		if a, b := mustJSON(t, got), mustJSON(t, c.Result.Events); a != b {
			t.Errorf("%s: events differ\nstored %s\ncoded  %s", c.Doc.ID, a, b)
		}
		if a, b := mustJSON(t, v.Entities), mustJSON(t, c.Result.Entities); a != b {
			t.Errorf("%s: entities differ\nstored %s\ncoded  %s", c.Doc.ID, a, b)
		}
		if a, b := mustJSON(t, v.Quotes), mustJSON(t, c.Result.Quotes); a != b {
			t.Errorf("%s: quotes differ\nstored %s\ncoded  %s", c.Doc.ID, a, b)
		}
		for _, e := range v.Events {
			for _, ev := range e.Evidence {
				if ev.Trigger[0] < 0 || ev.Trigger[1] > len(v.Text) || ev.Trigger[0] >= ev.Trigger[1] {
					t.Errorf("%s: trigger span %v outside the text", e.ID, ev.Trigger)
				}
			}
		}
		checked++
	}
	if checked < 50 {
		t.Errorf("only %d documents with events", checked)
	}
	e, err := s.Event(ctx, "china-azerbaijan-001")
	if err != nil || e.DocID != "china-azerbaijan" || len(e.Evidence) == 0 {
		t.Errorf("Event = %+v, %v", e, err)
	}
	if _, err := s.Document(ctx, "no-such-doc"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing document: %v", err)
	}
	if _, err := s.Event(ctx, "no-such-event"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing event: %v", err)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSearchNormalisedArabic(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	ingestAll(t, s, allCoded(t))
	search := func(q string) []string {
		t.Helper()
		var ids []string
		p := store.Page{Limit: 1000}
		page, err := s.Documents(ctx, store.DocFilter{Q: q}, p)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		for _, d := range page.Documents {
			ids = append(ids, d.ID)
		}
		return ids
	}
	for _, c := range []struct {
		q       string
		want    string   // must be found
		notWant []string // must not be found
	}{
		{"قتل", "own-attack", []string{"own-football", "own-visit"}},     // text has قَتَلَ
		{"قَتَلَ", "own-attack", []string{"own-football"}},               // query with diacritics
		{"الانبار", "own-attack", []string{"own-visit", "own-football"}}, // text has الأنبار
		{"الأنبار", "own-attack", nil},
		{"انبار", "own-attack", nil},                                    // without the article
		{"واشنطن", "own-visit", []string{"own-football", "own-attack"}}, // text has لواشنطن
		{"لواشنطن", "own-visit", nil},
		{"احمد", "own-league", []string{"own-football"}}, // text has أحمد
		{"أحمد", "own-league", nil},
		{"برشلونة", "own-football", []string{"own-visit"}},
		{"برشلونه", "own-football", nil},                                // teh marbuta normalised
		{"جامعة الدول", "own-league", nil},                              // both words (لجامعة)
		{`"وزير الخارجية المصري"`, "own-visit", []string{"own-league"}}, // phrase
		{"واشنط*", "own-visit", []string{"own-attack"}},                 // prefix through a clitic
		{"اذربيجان", "china-azerbaijan", []string{"own-visit"}},
		{"الصين أذربيجان", "china-azerbaijan", []string{"own-visit"}},
	} {
		got := search(c.q)
		if !slices.Contains(got, c.want) {
			t.Errorf("%q did not find %s (found %q)", c.q, c.want, got)
		}
		for _, n := range c.notWant {
			if slices.Contains(got, n) {
				t.Errorf("%q found unrelated %s", c.q, n)
			}
		}
	}
	// Words that occur nowhere, and both words required.
	for _, q := range []string{"زززز", "واشنطن برشلونة"} {
		if got := search(q); len(got) != 0 {
			t.Errorf("%q found %q", q, got)
		}
	}
	// Nothing the user types is FTS5 syntax.
	for _, q := range []string{`"`, `a OR b`, `NEAR(x y)`, `col:word`, `*`, `-x`, `"unclosed`, `^ ( )`} {
		if _, err := s.Documents(ctx, store.DocFilter{Q: q}, store.Page{}); err != nil {
			t.Errorf("%q: %v", q, err)
		}
		if _, err := s.Events(ctx, store.Filter{Q: q}, store.Page{}); err != nil {
			t.Errorf("%q: %v", q, err)
		}
	}
	// Events filtered by text: only the events of matching documents.
	evs := allEvents(t, s, store.Filter{Q: "الانبار"}, store.NewestFirst, 50)
	if len(evs) == 0 {
		t.Fatal("no event in documents about الانبار")
	}
	for _, e := range evs {
		v, _ := s.Document(ctx, e.DocID)
		if !strings.Contains(v.Text, "الأنبار") && !strings.Contains(v.Text, "الانبار") {
			t.Errorf("event %s of a document without الأنبار", e.ID)
		}
	}
}

func TestEventFilters(t *testing.T) {
	s := openTemp(t)
	coded := allCoded(t)
	ingestAll(t, s, coded)
	ref := refEvents(coded)

	// The most frequent values, so that every filter selects something.
	top := func(values func(refEvent) []string) string {
		n := map[string]int{}
		for _, e := range ref {
			for _, v := range values(e) {
				if v != "" {
					n[v]++
				}
			}
		}
		best := ""
		for v, c := range n {
			if best == "" || c > n[best] || c == n[best] && v < best {
				best = v
			}
		}
		return best
	}
	codes := func(ents []plover.Entity) []string {
		var out []string
		for _, e := range ents {
			out = append(out, e.Code)
		}
		return out
	}
	topActor := top(func(e refEvent) []string { return codes(e.Actor) })
	topRecip := top(func(e refEvent) []string { return codes(e.Recipient) })
	topPair := strings.Split(top(func(e refEvent) []string {
		var out []string
		for _, a := range codes(e.Actor) {
			for _, r := range codes(e.Recipient) {
				if a != "" && r != "" {
					out = append(out, a+" "+r)
				}
			}
		}
		return out
	}), " ")
	d := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }

	filters := map[string]store.Filter{
		"all":          {},
		"type":         {Types: []plover.EventType{plover.Assault}},
		"types":        {Types: []plover.EventType{plover.Consult, plover.Accuse}},
		"mode":         {Modes: []string{"visit"}},
		"quad":         {Quads: []int{4}},
		"actor":        {Actors: []string{topActor}},
		"actors":       {Actors: []string{"USA", "RUS"}},
		"recipient":    {Recipients: []string{topRecip}},
		"sector":       {Sectors: []string{"GOV"}},
		"sectors":      {Sectors: []string{"MIL", "REB"}},
		"source":       {Sources: []string{"gold-conflict"}},
		"sources":      {Sources: []string{"own", "wire"}},
		"doc":          {DocID: "china-azerbaijan"},
		"from":         {From: d("2025-03-01")},
		"to":           {To: d("2025-01-31")},
		"range":        {From: d("2025-03-01"), To: d("2025-03-31")},
		"one day":      {From: d("2025-03-12"), To: d("2025-03-12")},
		"combined":     {Types: []plover.EventType{plover.Assault}, Sources: []string{"gold-conflict"}, Sectors: []string{"MIL"}},
		"actor+recip":  {Actors: topPair[:1], Recipients: topPair[1:]},
		"participant":  {Participants: []string{topRecip}},
		"participants": {Participants: []string{"USA", "RUS"}, Types: []plover.EventType{plover.Consult}},
		"no such code": {Actors: []string{"XXX"}},
	}
	for name, f := range filters {
		var want []refEvent
		for _, e := range ref {
			if refMatch(e, f) {
				want = append(want, e)
			}
		}
		if len(want) == 0 && name != "no such code" {
			t.Errorf("%s: the reference selects nothing; pick another value", name)
		}
		got := allEvents(t, s, f, store.NewestFirst, 37)
		if g, w := eventIDs(got), refIDs(want); !reflect.DeepEqual(g, w) {
			t.Errorf("%s: got %d events, want %d\n got %q\nwant %q", name, len(g), len(w), g, w)
		}
		n, err := s.CountEvents(context.Background(), f)
		if err != nil || n != len(want) {
			t.Errorf("%s: CountEvents = %d, %v; want %d", name, n, err, len(want))
		}
	}
}

func TestPagination(t *testing.T) {
	s := openTemp(t)
	coded := allCoded(t)
	ingestAll(t, s, coded)
	all := refIDs(refEvents(coded))
	for _, order := range []store.Order{store.NewestFirst, store.OldestFirst} {
		for _, limit := range []int{1, 7, 50, len(all), 5000} {
			evs := allEvents(t, s, store.Filter{}, order, limit)
			if g := eventIDs(evs); !reflect.DeepEqual(g, all) {
				t.Fatalf("order %d limit %d: %d events, want each of %d once", order, limit, len(g), len(all))
			}
			for i := 1; i < len(evs); i++ {
				a, b := evs[i-1].Date, evs[i].Date
				if order == store.NewestFirst && a < b || order == store.OldestFirst && a > b {
					t.Fatalf("order %d: %s (%s) before %s (%s)", order, evs[i-1].ID, a, evs[i].ID, b)
				}
			}
		}
	}
	// A filtered query pages the same way.
	f := store.Filter{Sources: []string{"gold-conflict"}}
	var want []refEvent
	for _, e := range refEvents(coded) {
		if refMatch(e, f) {
			want = append(want, e)
		}
	}
	if g := eventIDs(allEvents(t, s, f, store.NewestFirst, 3)); !reflect.DeepEqual(g, refIDs(want)) {
		t.Errorf("filtered pages: %d events, want %d", len(g), len(want))
	}
	// Documents page too.
	seen := map[string]bool{}
	p := store.Page{Limit: 13}
	for {
		page, err := s.Documents(context.Background(), store.DocFilter{}, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range page.Documents {
			if seen[d.ID] {
				t.Fatalf("document %s twice", d.ID)
			}
			seen[d.ID] = true
		}
		if page.Next == "" {
			break
		}
		p.Cursor = page.Next
	}
	if len(seen) != len(coded) {
		t.Errorf("documents pages cover %d of %d", len(seen), len(coded))
	}
	// Cursors are checked.
	ctx := context.Background()
	page, _ := s.Events(ctx, store.Filter{}, store.Page{Limit: 2})
	for _, p := range []store.Page{
		{Cursor: "not a cursor"},
		{Cursor: "eyJvIjowfQ"}, // valid base64 JSON, no key
		{Cursor: page.Next, Order: store.OldestFirst},
		{Order: store.Order(7)},
	} {
		if _, err := s.Events(ctx, store.Filter{}, p); err == nil {
			t.Errorf("page %+v accepted", p)
		}
	}
	if _, err := s.Events(ctx, store.Filter{}, store.Page{Cursor: "%%%"}); !errors.Is(err, store.ErrBadCursor) {
		t.Errorf("bad cursor: %v", err)
	}
}

func TestCountsNetworkTimeline(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	coded := allCoded(t)
	ingestAll(t, s, coded)
	ref := refEvents(coded)

	for _, f := range []store.Filter{{}, {Sources: []string{"gold-conflict"}}, {Quads: []int{1, 2}}} {
		var evs []refEvent
		for _, e := range ref {
			if refMatch(e, f) {
				evs = append(evs, e)
			}
		}
		// Counts: distinct events per key.
		keyFns := map[store.CountBy]func(refEvent) []string{
			store.ByActor:     func(e refEvent) []string { return entCodes(e.Actor) },
			store.ByRecipient: func(e refEvent) []string { return entCodes(e.Recipient) },
			store.BySector:    func(e refEvent) []string { return append(entSectors(e.Actor), entSectors(e.Recipient)...) },
			store.ByType:      func(e refEvent) []string { return []string{string(e.Event.Event[0])} },
			store.ByMode:      func(e refEvent) []string { return []string{e.Mode} },
			store.ByQuad:      func(e refEvent) []string { return []string{string(rune('0' + e.QuadCode))} },
			store.BySource:    func(e refEvent) []string { return []string{e.source} },
		}
		for by, fn := range keyFns {
			want := map[string]int{}
			for _, e := range evs {
				for _, k := range uniq(fn(e)) {
					// Counts by mode include the events without one (key "").
					if k != "" || by == store.ByMode {
						want[k]++
					}
				}
			}
			got, err := s.Counts(ctx, f, by, 0)
			if err != nil {
				t.Fatal(err)
			}
			gm := map[string]int{}
			for i, c := range got {
				gm[c.Key] = c.Count
				if i > 0 && got[i-1].Count < c.Count {
					t.Errorf("counts by %s not largest first", by)
				}
			}
			if !reflect.DeepEqual(gm, want) {
				t.Errorf("filter %+v: counts by %s\n got %v\nwant %v", f, by, gm, want)
			}
			if len(got) > 2 {
				lim, _ := s.Counts(ctx, f, by, 2)
				if !reflect.DeepEqual(lim, got[:2]) {
					t.Errorf("limit 2: %v, want %v", lim, got[:2])
				}
			}
		}

		// Network: events per distinct actor/recipient code pair.
		type pair struct{ a, r string }
		wantW := map[pair]int{}
		wantS := map[pair]float64{}
		for _, e := range evs {
			for _, a := range uniq(entCodes(e.Actor)) {
				for _, r := range uniq(entCodes(e.Recipient)) {
					if a != "" && r != "" {
						wantW[pair{a, r}]++
						wantS[pair{a, r}] += e.EventScale
					}
				}
			}
		}
		edges, err := s.Network(ctx, f, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(edges) != len(wantW) {
			t.Errorf("filter %+v: %d edges, want %d", f, len(edges), len(wantW))
		}
		for _, e := range edges {
			p := pair{e.Actor, e.Recipient}
			mean := wantS[p] / float64(wantW[p])
			if e.Weight != wantW[p] || abs(e.MeanScale-mean) > 1e-9 {
				t.Errorf("edge %s->%s: weight %d scale %.3f, want %d %.3f", e.Actor, e.Recipient, e.Weight,
					e.MeanScale, wantW[p], mean)
			}
		}
		if len(wantW) == 0 && f.Sources == nil {
			t.Error("the reference has no edge")
		}

		// Timelines.
		for _, every := range []store.Interval{store.Day, store.Week, store.Month} {
			for _, by := range []store.SeriesBy{store.SeriesAll, store.SeriesQuad, store.SeriesType} {
				want := map[[2]string]int{}
				for _, e := range evs {
					if e.Date == "" {
						continue
					}
					key := ""
					switch by {
					case store.SeriesQuad:
						key = string(rune('0' + e.QuadCode))
					case store.SeriesType:
						key = string(e.Event.Event[0])
					}
					want[[2]string{refPeriod(e.Date, every), key}]++
				}
				got, err := s.Timeline(ctx, f, every, by)
				if err != nil {
					t.Fatal(err)
				}
				gm := map[[2]string]int{}
				for i, p := range got {
					gm[[2]string{p.Period, p.Key}] = p.Count
					if i > 0 && got[i-1].Period > p.Period {
						t.Errorf("timeline not in period order")
					}
				}
				if !reflect.DeepEqual(gm, want) {
					t.Errorf("filter %+v: timeline %s by %q\n got %v\nwant %v", f, every, by, gm, want)
				}
			}
		}
	}
	if _, err := s.Counts(ctx, store.Filter{}, "colour", 0); !errors.Is(err, store.ErrBadQuery) {
		t.Errorf("unknown count field: %v", err)
	}
	if _, err := s.Timeline(ctx, store.Filter{}, "fortnight", store.SeriesAll); !errors.Is(err, store.ErrBadQuery) {
		t.Errorf("unknown interval: %v", err)
	}
}

// refPeriod is the first day of the period of a date, computed with the
// time package (weeks start on Monday).
func refPeriod(date string, every store.Interval) string {
	d, err := time.Parse("2006-01-02", date)
	if err != nil {
		panic(err)
	}
	switch every {
	case store.Week:
		back := (int(d.Weekday()) + 6) % 7 // days since Monday
		d = d.AddDate(0, 0, -back)
	case store.Month:
		d = time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	return d.Format("2006-01-02")
}

func TestWeekStartsOnMonday(t *testing.T) {
	for date, want := range map[string]string{
		"2025-03-03": "2025-03-03", // Monday
		"2025-03-05": "2025-03-03",
		"2025-03-09": "2025-03-03", // Sunday
		"2025-03-10": "2025-03-10",
		"2025-01-01": "2024-12-30", // across a year
	} {
		if got := refPeriod(date, store.Week); got != want {
			t.Errorf("refPeriod(%s) = %s, want %s", date, got, want)
		}
	}
	// And the store agrees on the same dates, with synthetic events.
	s := openTemp(t)
	var batch []store.Coded
	for i, date := range []string{"2025-03-03", "2025-03-05", "2025-03-09", "2025-03-10", "2025-01-01"} {
		c := codeDocs(t, []coder.Document{{ID: "w" + date, Text: own[2].text + strings.Repeat(" .", i)}})[0]
		for j := range c.Result.Events {
			c.Result.Events[j].Date = date
		}
		batch = append(batch, c)
	}
	if _, err := s.Ingest(context.Background(), batch); err != nil {
		t.Fatal(err)
	}
	got, err := s.Timeline(context.Background(), store.Filter{Types: []plover.EventType{plover.Accuse}}, store.Week, store.SeriesAll)
	if err != nil {
		t.Fatal(err)
	}
	per := len(batch[0].Result.Events)
	want := []store.TimePoint{{Period: "2024-12-30", Count: per}, {Period: "2025-03-03", Count: 3 * per},
		{Period: "2025-03-10", Count: per}}
	if per == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("weeks %v, want %v", got, want)
	}
}

func entCodes(ents []plover.Entity) []string {
	var out []string
	for _, e := range ents {
		out = append(out, e.Code)
	}
	return out
}

func entSectors(ents []plover.Entity) []string {
	var out []string
	for _, e := range ents {
		out = append(out, e.Sector)
	}
	return out
}

func uniq(xs []string) []string {
	var out []string
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestEntitiesAndStats(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	coded := allCoded(t)
	ingestAll(t, s, coded)
	type key struct{ code, ident, kind string }
	mentions, docs := map[key]int{}, map[key]map[string]bool{}
	nEnt, nEv := 0, 0
	for _, c := range coded {
		nEv += len(c.Result.Events)
		for _, e := range c.Result.Entities {
			nEnt++
			k := key{e.Code, e.IdentifierText, e.Kind}
			mentions[k]++
			if docs[k] == nil {
				docs[k] = map[string]bool{}
			}
			docs[k][c.Doc.ID] = true
		}
	}
	got, err := s.Entities(ctx, store.EntityFilter{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(mentions) {
		t.Errorf("%d entity summaries, want %d", len(got), len(mentions))
	}
	for _, e := range got {
		k := key{e.Code, e.IdentifierText, e.Kind}
		if e.Mentions != mentions[k] || e.Documents != len(docs[k]) {
			t.Errorf("%+v: want %d mentions in %d documents", e, mentions[k], len(docs[k]))
		}
	}
	countries, _ := s.Entities(ctx, store.EntityFilter{Kind: "country", Limit: 5})
	if len(countries) == 0 || len(countries) > 5 {
		t.Errorf("countries: %v", countries)
	}
	for _, e := range countries {
		if e.Kind != "country" {
			t.Errorf("kind filter let %+v through", e)
		}
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := store.Stats{Documents: len(coded), Events: nEv, Entities: nEnt,
		Versions: []store.VersionCount{{CoderVersion: coded[0].Coder.Version, DictVersion: coded[0].Dictionary, Documents: len(coded)}}}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("stats %+v, want %+v", st, want)
	}
}

// TestReadersDuringWrites runs queries while batches are written: WAL
// readers must neither fail nor see half a batch.
func TestReadersDuringWrites(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	coded := allCoded(t)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan error, 8)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				st, err := s.Stats(ctx)
				if err != nil {
					errs <- err
					return
				}
				if st.Documents%25 != 0 && st.Documents != len(coded) {
					errs <- errors.New("a reader saw part of a batch")
					return
				}
				if _, err := s.Events(ctx, store.Filter{Q: "الصين"}, store.Page{Limit: 10}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := 0; i < len(coded); i += 25 {
		if _, err := s.Ingest(ctx, coded[i:min(i+25, len(coded))]); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
