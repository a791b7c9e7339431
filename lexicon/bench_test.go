package lexicon

import (
	"os"
	"strings"
	"sync"
	"testing"

	"hadath/arabic"
	"hadath/internal/newscorpus"
)

// BenchmarkLoadDefault loads, validates and compiles the embedded
// dictionaries from scratch each time (Default caches; Load does not). The
// target is well under 200 ms.
func BenchmarkLoadDefault(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

const (
	newsCorpus  = "../../shared/data/news/articles.jsonl.gz"
	newsSample  = "../../shared/samples/china-azerbaijan.txt"
	benchTarget = 8 << 20 // bytes of article text
)

var (
	benchOnce sync.Once
	benchText string
	benchFrom string
)

// newsText returns about 8 MB of real Arabic news text: the first articles
// of the shared corpus, or the China–Azerbaijan sample when the corpus is
// not there. It skips the benchmark when neither is.
func newsText(b *testing.B) string {
	b.Helper()
	benchOnce.Do(func() {
		if t, err := readCorpus(newsCorpus, benchTarget); err == nil && t != "" {
			benchText, benchFrom = t, newsCorpus
			return
		}
		if t, err := os.ReadFile(newsSample); err == nil {
			benchText, benchFrom = string(t), newsSample
		}
	})
	if benchText == "" {
		b.Skipf("neither %s nor %s is available", newsCorpus, newsSample)
	}
	return benchText
}

// readCorpus joins the article bodies of the corpus up to limit bytes.
func readCorpus(name string, limit int) (string, error) {
	arts, err := newscorpus.Read(name, limit)
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	for _, a := range arts {
		sb.WriteString(a.Text)
		sb.WriteString("\n\n")
	}
	return sb.String(), nil
}

// tokenizeAndMatch splits text into sentences and matches each one.
func tokenizeAndMatch(b *testing.B, m *Matcher, text string, s *Scratch) {
	n := 0
	for _, se := range arabic.Sentences(text) {
		n += len(m.Find(text, se.Tokens, s))
	}
	if n == 0 {
		b.Fatal("no matches")
	}
}

// BenchmarkTokenizeAndMatch is the lexicon's share of coding a document:
// sentence splitting and tokenisation, then Matcher.Find on every sentence,
// with the default dictionaries. The target is at least 20 MB/s on one core.
// It measures a matcher in use: one untimed pass first fills the matcher's
// word cache, as the first megabytes of any run do (see
// BenchmarkTokenizeAndMatchColdCache for a first pass).
func BenchmarkTokenizeAndMatch(b *testing.B) {
	text := newsText(b)
	m := defaultLexicon(b).Matcher()
	b.Logf("%d bytes from %s", len(text), benchFrom)
	var s Scratch
	tokenizeAndMatch(b, m, text, &s)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		tokenizeAndMatch(b, m, text, &s)
	}
}

// BenchmarkTokenizeAndMatchColdCache is BenchmarkTokenizeAndMatch with a
// freshly loaded matcher each time: the first pass over a text, which fills
// the word cache.
func BenchmarkTokenizeAndMatchColdCache(b *testing.B) {
	text := newsText(b)
	var s Scratch
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		lex, err := Load()
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		tokenizeAndMatch(b, lex.Matcher(), text, &s)
	}
}

// BenchmarkFind is Matcher.Find alone on sentences tokenised beforehand, to
// tell the matcher's cost from the tokeniser's.
func BenchmarkFind(b *testing.B) {
	text := newsText(b)
	m := defaultLexicon(b).Matcher()
	sents := arabic.Sentences(text)
	var s Scratch
	for i := range sents {
		m.Find(text, sents[i].Tokens, &s) // fill the word cache
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i := range sents {
			m.Find(text, sents[i].Tokens, &s)
		}
	}
}

// BenchmarkSentences is the tokeniser alone (package arabic), for
// comparison.
func BenchmarkSentences(b *testing.B) {
	text := newsText(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		arabic.Sentences(text)
	}
}
