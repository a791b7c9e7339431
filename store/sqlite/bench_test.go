package sqlite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"hadath/arabic"
	"hadath/coder"
	"hadath/plover"
	"hadath/store"
)

// benchDocs is the size of the generated corpus.
const benchDocs = 3000

var (
	benchOnce  sync.Once
	benchCoded []store.Coded
)

// benchCorpus generates benchDocs documents of three to seven sentences
// drawn from the gold sets and the test sentences, dated over two years and
// spread over six sources, and codes them.
func benchCorpus(b *testing.B) []store.Coded {
	b.Helper()
	loadFixture(b)
	benchOnce.Do(func() {
		var sents []string
		for _, d := range fixtureDocs {
			for _, s := range arabic.Sentences(d.Text) {
				if t := strings.TrimSpace(d.Text[s.Start:s.End]); t != "" {
					sents = append(sents, t)
				}
			}
		}
		rng := rand.New(rand.NewPCG(1, 2))
		start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		sources := []string{"wire-a", "wire-b", "paper-c", "site-d", "tv-e", "radio-f"}
		docs := make([]coder.Document, benchDocs)
		for i := range docs {
			n := 3 + rng.IntN(5)
			parts := make([]string, n)
			for j := range parts {
				parts[j] = sents[rng.IntN(len(sents))]
			}
			docs[i] = coder.Document{
				ID:     fmt.Sprintf("bench-%05d", i),
				Date:   start.AddDate(0, 0, rng.IntN(730)),
				Title:  fmt.Sprintf("تقرير رقم %d", i),
				Text:   strings.Join(parts, " ") + fmt.Sprintf(" (%d)", i),
				Source: sources[rng.IntN(len(sources))],
			}
		}
		benchCoded = make([]store.Coded, len(docs))
		var wg sync.WaitGroup
		next := make(chan int)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					benchCoded[i] = store.Code(fixtureCoder, docs[i])
				}
			}()
		}
		for i := range docs {
			next <- i
		}
		close(next)
		wg.Wait()
	})
	return benchCoded
}

// variant returns document i of an endless stream built from the corpus:
// after the first pass, copies with a new id and a distinct text.
func variant(corpus []store.Coded, i int) store.Coded {
	c := corpus[i%len(corpus)]
	gen := i / len(corpus)
	if gen == 0 {
		return c
	}
	old := c.Doc.ID
	c.Doc.ID = fmt.Sprintf("%s-g%d", old, gen)
	c.Doc.Text += fmt.Sprintf(" (%d)", gen)
	c.Result.DocID = c.Doc.ID
	c.Result.Events = slices.Clone(c.Result.Events)
	for j := range c.Result.Events {
		e := &c.Result.Events[j]
		e.DocID = c.Doc.ID
		e.ID = c.Doc.ID + strings.TrimPrefix(e.ID, old)
	}
	return c
}

// BenchmarkIngest measures storing coded documents (coding excluded; see
// the coder's benchmarks), one op per document, in transactions of one and
// of 100 documents.
func BenchmarkIngest(b *testing.B) {
	corpus := benchCorpus(b)
	for _, batch := range []int{1, 100} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			s, err := Open(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			ctx := context.Background()
			buf := make([]store.Coded, 0, batch)
			events := 0
			b.ResetTimer()
			for i := 0; i < b.N; i += batch {
				buf = buf[:0]
				for j := i; j < min(i+batch, b.N); j++ {
					buf = append(buf, variant(corpus, j))
					events += len(buf[len(buf)-1].Result.Events)
				}
				if _, err := s.Ingest(ctx, buf); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			sec := b.Elapsed().Seconds()
			b.ReportMetric(float64(b.N)/sec, "docs/s")
			b.ReportMetric(float64(events)/sec, "events/s")
		})
	}
}

// benchStore opens a store holding the whole corpus.
func benchStore(b *testing.B) *Store {
	b.Helper()
	corpus := benchCorpus(b)
	s, err := Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	for i := 0; i < len(corpus); i += 200 {
		if _, err := s.Ingest(context.Background(), corpus[i:min(i+200, len(corpus))]); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

// latencies runs op b.N times and reports the median and 95th percentile
// latency in milliseconds.
func latencies(b *testing.B, op func() error) {
	b.Helper()
	ds := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		if err := op(); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(ds)
	pct := func(p float64) float64 {
		i := int(p * float64(len(ds)-1))
		return float64(ds[i]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
}

// BenchmarkQueryEvents measures one page of 50 events (with actors,
// recipients and evidence) for typical analyst filters on a store of
// benchDocs documents.
func BenchmarkQueryEvents(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	st, _ := s.Stats(ctx)
	b.Logf("store: %d documents, %d events, %d entities", st.Documents, st.Events, st.Entities)
	d := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	// A cursor five pages deep.
	deep := store.Page{Limit: 50}
	for range 5 {
		p, err := s.Events(ctx, store.Filter{}, deep)
		if err != nil {
			b.Fatal(err)
		}
		deep.Cursor = p.Next
	}
	queries := []struct {
		name string
		f    store.Filter
		p    store.Page
	}{
		{"first-page", store.Filter{}, store.Page{Limit: 50}},
		{"page-6", store.Filter{}, deep},
		{"oldest-first", store.Filter{}, store.Page{Limit: 50, Order: store.OldestFirst}},
		{"type", store.Filter{Types: []plover.EventType{plover.Assault}}, store.Page{Limit: 50}},
		{"actor", store.Filter{Actors: []string{"USA"}}, store.Page{Limit: 50}},
		{"actor+recipient+type", store.Filter{Actors: []string{"ISR"}, Recipients: []string{"LBN", "PSE"},
			Types: []plover.EventType{plover.Assault}}, store.Page{Limit: 50}},
		{"sector+source", store.Filter{Sectors: []string{"MIL"}, Sources: []string{"wire-a"}}, store.Page{Limit: 50}},
		{"date-range", store.Filter{From: d("2024-06-01"), To: d("2024-06-30")}, store.Page{Limit: 50}},
		{"text", store.Filter{Q: "واشنطن"}, store.Page{Limit: 50}},
		{"text+type", store.Filter{Q: "الأمن", Types: []plover.EventType{plover.Request}}, store.Page{Limit: 50}},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			latencies(b, func() error {
				_, err := s.Events(ctx, q.f, q.p)
				return err
			})
		})
	}
	b.Run("mix", func(b *testing.B) {
		i := 0
		latencies(b, func() error {
			q := queries[i%len(queries)]
			i++
			_, err := s.Events(ctx, q.f, q.p)
			return err
		})
	})
}

// BenchmarkAggregates measures counts, networks and timelines over the
// whole store of benchDocs documents.
func BenchmarkAggregates(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	ops := []struct {
		name string
		op   func() error
	}{
		{"count-events", func() error { _, err := s.CountEvents(ctx, store.Filter{}); return err }},
		{"counts-actor", func() error { _, err := s.Counts(ctx, store.Filter{}, store.ByActor, 20); return err }},
		{"network", func() error { _, err := s.Network(ctx, store.Filter{}, 0); return err }},
		{"timeline-week-quad", func() error {
			_, err := s.Timeline(ctx, store.Filter{}, store.Week, store.SeriesQuad)
			return err
		}},
		{"timeline-day-type-text", func() error {
			_, err := s.Timeline(ctx, store.Filter{Q: "غزة"}, store.Day, store.SeriesType)
			return err
		}},
		{"document", func() error { _, err := s.Document(ctx, "bench-01234"); return err }},
	}
	for _, o := range ops {
		b.Run(o.name, func(b *testing.B) { latencies(b, o.op) })
	}
}
