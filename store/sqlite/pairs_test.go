package sqlite

import (
	"context"
	"reflect"
	"testing"

	"hadath/coder"
	"hadath/store"
)

// TestEventPairs checks the actor-recipient pairs behind Network: written
// with the events, removed with them, and rebuilt by migration 4 from a
// database that predates them.
func TestEventPairs(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	coded := allCoded(t)
	ingestAll(t, s, coded)
	pairs := func() (n, orphans int) {
		t.Helper()
		if err := s.r.QueryRow("SELECT COUNT(*) FROM event_pairs").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if err := s.r.QueryRow("SELECT COUNT(*) FROM event_pairs WHERE event NOT IN (SELECT pk FROM events)").Scan(&orphans); err != nil {
			t.Fatal(err)
		}
		return n, orphans
	}
	// One row per event and distinct pair of codes.
	want := 0
	for _, c := range coded {
		for _, e := range c.Result.Events {
			seen := map[[2]string]bool{}
			for _, a := range e.Actor {
				for _, r := range e.Recipient {
					if a.Code != "" && r.Code != "" && !seen[[2]string{a.Code, r.Code}] {
						seen[[2]string{a.Code, r.Code}] = true
						want++
					}
				}
			}
		}
	}
	if n, _ := pairs(); n != want || want == 0 {
		t.Fatalf("%d pairs stored, want %d", n, want)
	}
	before, err := s.Network(ctx, store.Filter{}, 0)
	if err != nil {
		t.Fatal(err)
	}

	// A replaced document takes its old pairs along.
	doc := coded[0].Doc
	doc.Text += " وقصفت الطائرات الإسرائيلية مواقع في جنوب لبنان."
	if _, err := s.Ingest(ctx, codeDocs(t, []coder.Document{doc})); err != nil {
		t.Fatal(err)
	}
	if _, orphans := pairs(); orphans != 0 {
		t.Errorf("%d pairs of deleted events left", orphans)
	}
	if _, err := s.Ingest(ctx, coded[:1]); err != nil { // back as it was
		t.Fatal(err)
	}

	// A database from before the pairs: migration 4 builds them.
	for _, q := range []string{"DROP TABLE event_pairs", "DROP INDEX events_narrow"} {
		if _, err := s.w.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.w.Exec("DELETE FROM schema_version WHERE version = 4"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, orphans := pairs(); n != want || orphans != 0 {
		t.Errorf("after the migration %d pairs (%d orphans), want %d", n, orphans, want)
	}
	after, err := s.Network(ctx, store.Filter{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after, before) {
		t.Errorf("network after the migration differs:\n%v\n%v", after, before)
	}
}
