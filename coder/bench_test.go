package coder_test

import (
	"encoding/json"
	"os"
	"testing"

	"hadath/coder"
	"hadath/internal/newscorpus"
)

// newsDocs loads up to limit bytes of real Arabic news from the shared
// corpus, or the sample article when the corpus is absent.
func newsDocs(tb testing.TB, limit int) []coder.Document {
	tb.Helper()
	arts, err := newscorpus.Read("../../shared/data/news/articles.jsonl.gz", limit)
	if err != nil {
		b, err := os.ReadFile("../examples/china-azerbaijan.jsonl")
		if err != nil {
			tb.Skip("no news text available")
		}
		var d struct{ ID, Text string }
		if err := json.Unmarshal(b, &d); err != nil {
			tb.Fatal(err)
		}
		return []coder.Document{{ID: d.ID, Text: d.Text}}
	}
	docs := make([]coder.Document, len(arts))
	for i, a := range arts {
		docs[i] = coder.Document{ID: a.ID, Text: a.Text}
	}
	return docs
}

// BenchmarkCodeNews measures end-to-end coding throughput on one core
// (MB/s of Arabic text): sentences, tokens, matching, rules, merging.
func BenchmarkCodeNews(b *testing.B) {
	docs := newsDocs(b, 8<<20)
	c := newCoder(b)
	size := 0
	for _, d := range docs {
		size += len(d.Text)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	events := 0
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			events += len(c.Code(d).Events)
		}
	}
	b.ReportMetric(float64(events)/float64(b.N)/float64(len(docs)), "events/doc")
}
