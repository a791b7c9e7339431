package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"hadath/coder"
	"hadath/internal/newscorpus"
)

// benchIngestDocs is the number of documents BenchmarkIngest stores.
const benchIngestDocs = 2000

// BenchmarkIngest measures `hadath ingest` end to end (read, code on all
// cores, store in batches of 200) into a fresh store: the first 2,000
// articles of the shared news corpus when ../shared sits beside the
// repository, generated documents otherwise.
func BenchmarkIngest(b *testing.B) {
	dir := b.TempDir()
	input := filepath.Join(dir, "docs.jsonl")
	var data []byte
	corpus := filepath.Join("..", "..", "..", "shared", "data", "news", "articles.jsonl.gz")
	if arts, err := newscorpus.Read(corpus, 8<<20); err == nil && len(arts) >= benchIngestDocs {
		for _, a := range arts[:benchIngestDocs] {
			line, _ := json.Marshal(map[string]string{"id": a.ID, "date": a.Date, "text": a.Text})
			data = append(append(data, line...), '\n')
		}
		b.Logf("%d news articles, %.1f MB", benchIngestDocs, float64(len(data))/1e6)
	} else {
		var docs []coder.Document = genDocs(b, benchIngestDocs)
		data = jsonlOf(docs)
		b.Logf("no news corpus (%v): %d generated documents, %.1f MB", err, benchIngestDocs, float64(len(data))/1e6)
	}
	if err := os.WriteFile(input, data, 0o644); err != nil {
		b.Fatal(err)
	}
	n := 0
	for b.Loop() {
		data := filepath.Join(b.TempDir(), "data")
		if code := ingestMain(context.Background(), []string{"--data", data, input}, nil, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
		n++
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(n*benchIngestDocs)/sec, "docs/s")
	b.ReportMetric(float64(n*len(data))/1e6/sec, "MB/s")
}
