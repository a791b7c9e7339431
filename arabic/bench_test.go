package arabic

import (
	"os"
	"strings"
	"sync"
	"testing"

	"hadath/internal/newscorpus"
)

// Paths relative to the package directory, where go test runs.
const (
	newsPath   = "../../shared/data/news/articles.jsonl.gz"
	samplePath = "../../shared/samples/china-azerbaijan.txt"
)

// benchTextBytes is how much article text the benchmark reads from the news
// corpus.
const benchTextBytes = 5 << 20

var (
	benchOnce sync.Once
	benchText string
	benchFrom string

	benchLogged bool // the source of the text is logged once
)

// loadBenchText returns about 5 MB of real news text (article bodies joined
// by blank lines) from the news corpus, or the sample article without it, or
// "" when neither file is there.
func loadBenchText() (string, string) {
	benchOnce.Do(func() {
		if s, err := readNews(newsPath, benchTextBytes); err == nil && s != "" {
			benchText, benchFrom = s, newsPath
			return
		}
		if b, err := os.ReadFile(samplePath); err == nil {
			benchText, benchFrom = string(b), samplePath
		}
	})
	return benchText, benchFrom
}

// readNews joins the article bodies of the corpus up to limit bytes.
func readNews(path string, limit int) (string, error) {
	arts, err := newscorpus.Read(path, limit)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, a := range arts {
		b.WriteString(a.Text)
		b.WriteString("\n\n")
	}
	return b.String(), nil
}

func benchInput(b *testing.B) string {
	b.Helper()
	text, from := loadBenchText()
	if text == "" {
		b.Skipf("neither %s nor %s is present", newsPath, samplePath)
	}
	if !benchLogged {
		benchLogged = true
		b.Logf("%d bytes of text from %s", len(text), from)
	}
	return text
}

// BenchmarkTokenizeSentences measures the throughput of the text layer on
// real Arabic news: Tokenize and Sentences over the same text, as the coder
// does, and each alone.
func BenchmarkTokenizeSentences(b *testing.B) {
	text := benchInput(b)
	b.Run("both", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		for b.Loop() {
			_ = Tokenize(text)
			_ = Sentences(text)
		}
	})
	b.Run("Tokenize", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		for b.Loop() {
			_ = Tokenize(text)
		}
	})
	b.Run("Sentences", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		for b.Loop() {
			_ = Sentences(text)
		}
	})
}

// BenchmarkNormalize measures Normalize on whole news text.
func BenchmarkNormalize(b *testing.B) {
	text := benchInput(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		_ = Normalize(text)
	}
}

// BenchmarkAnalyze measures clitic analysis of every word of the news text,
// reusing one buffer as the matcher does.
func BenchmarkAnalyze(b *testing.B) {
	text := benchInput(b)
	var words []string
	for _, t := range Tokenize(text) {
		if t.Kind == Word {
			words = append(words, t.Norm)
		}
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	buf := make([]Analysis, 0, 32)
	for b.Loop() {
		for _, w := range words {
			buf = AnalyzeInto(buf[:0], w)
		}
	}
}
