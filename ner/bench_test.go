package ner

import (
	"strings"
	"testing"
	"time"

	"hadath/arabic"
)

// benchSentences returns 1000 sentences of news as arabic.Tokenize tokens
// (ANERcorp sentences re-tokenised, or made-up ones without the file).
func benchSentences(b *testing.B) ([][]arabic.Token, int) {
	b.Helper()
	var out [][]arabic.Token
	n := 0
	for _, s := range smallData(b, 1000) {
		toks := arabic.Tokenize(strings.Join(s.Words, " "))
		out = append(out, toks)
		n += len(toks)
	}
	return out, n
}

// BenchmarkTag tags sentence by sentence with Tag, on one goroutine, and
// reports tokens per second. The target is at least 100,000.
func BenchmarkTag(b *testing.B) {
	tg := testTagger(b)
	sents, n := benchSentences(b)
	for _, s := range sents {
		tg.Tag(s) // warm the dictionary matcher's word cache
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		for _, s := range sents {
			tg.Tag(s)
		}
	}
	b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "tokens/s")
}

// BenchmarkTagDocument tags the same sentences as one document, so that the
// second stage reads the sentences around each one.
func BenchmarkTagDocument(b *testing.B) {
	tg := testTagger(b)
	sents, n := benchSentences(b)
	tg.TagDocument(sents)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		tg.TagDocument(sents)
	}
	b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "tokens/s")
}

// BenchmarkLoad decodes the embedded model, as Default does once. The
// target is well under 100 ms.
func BenchmarkLoad(b *testing.B) {
	b.SetBytes(int64(len(embeddedModel)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadModel(embeddedModel); err != nil {
			b.Fatal(err)
		}
	}
}
