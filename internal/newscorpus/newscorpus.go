// Package newscorpus reads the shared Arabic news corpus (gzip JSON Lines,
// one article per line) for benchmarks and end-to-end tests. The corpus sits
// beside the repository in ../shared and is never needed at run time.
package newscorpus

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
)

// Article is one article of the corpus.
type Article struct {
	ID   string `json:"id"`
	Date string `json:"date"`
	Text string `json:"text"`
}

// Read reads articles from the gzip JSON Lines file at path until their
// texts add up to at least limit bytes (all of them when limit <= 0).
func Read(path string, limit int) ([]Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer zr.Close()
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	var out []Article
	total, line := 0, 0
	for (limit <= 0 || total < limit) && sc.Scan() {
		line++
		var a Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		out = append(out, a)
		total += len(a.Text)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", path, line+1, err)
	}
	return out, nil
}
