package coder_test

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"testing"

	"hadath/coder"
)

// newsDocs loads up to limit bytes of real Arabic news from the shared
// corpus, or the sample article when the corpus is absent.
func newsDocs(tb testing.TB, limit int) []coder.Document {
	tb.Helper()
	f, err := os.Open("../../shared/data/news/articles.jsonl.gz")
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
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var docs []coder.Document
	total := 0
	for sc.Scan() && total < limit {
		var d struct{ ID, Text string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			tb.Fatal(err)
		}
		docs = append(docs, coder.Document{ID: d.ID, Text: d.Text})
		total += len(d.Text)
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
