package lexicon

import (
	"math/rand"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"hadath/arabic"
)

// testWords returns words to try the matcher's shortcuts on: the fixture
// vocabulary with its clitic variants, words glued in pairs, and the words
// of the shared sample article when it is there.
func testWords(m *Matcher) []string {
	words := vocabulary(m)
	rng := rand.New(rand.NewSource(3))
	n := len(words)
	for i := 0; i < 3000; i++ {
		a, b := words[rng.Intn(n)], words[rng.Intn(n)]
		words = append(words, a+b, a+"و"+b)
	}
	if b, err := os.ReadFile("../../shared/samples/china-azerbaijan.txt"); err == nil {
		for _, t := range arabic.Tokenize(string(b)) {
			words = append(words, t.Text)
		}
	}
	return words
}

// hitsWithoutFilter is what firstHits finds when every word is analysed.
func hitsWithoutFilter(m *Matcher, w string) []firstHit {
	var s Scratch
	return m.computeHits(nil, w, &s)
}

// The first-word filter never turns away a word that some reading matches.
func TestFirstFilterNeverRejects(t *testing.T) {
	for name, m := range map[string]*Matcher{"fixture": fixture(t).Matcher(), "default": defaultLexicon(t).Matcher()} {
		words := testWords(fixture(t).Matcher())
		words = append(words, testWords(m)...)
		rejected, accepted := 0, 0
		for _, word := range words {
			for _, tok := range arabic.Tokenize(word) {
				if tok.Kind != arabic.Word {
					continue
				}
				hits := hitsWithoutFilter(m, tok.Norm)
				if !m.first.mayMatch(tok.Norm) {
					rejected++
					if len(hits) > 0 {
						t.Errorf("%s: filter rejects %q, which matches as %s", name, tok.Norm, hits[0].str)
					}
				} else {
					accepted++
				}
			}
		}
		t.Logf("%s: filter rejected %d words, let %d through", name, rejected, accepted)
		if rejected == 0 {
			t.Errorf("%s: the filter rejected nothing", name)
		}
	}
}

// The shortcuts rely on two facts of the clitic analyser: a stem starts
// after one of the proclitic chains stemStarts lists, and a pronoun suffix
// has at most maxSuffixBytes bytes. If package arabic learns new clitics,
// this test says so.
func TestAnalyzerAssumptions(t *testing.T) {
	words := testWords(defaultLexicon(t).Matcher())
	for _, suf := range []string{"هما", "كما", "هم", "هن", "ها", "كم", "كن", "نا", "ني", "ه", "ك", "ي", "كموه", "هماه"} {
		for _, w := range []string{"حكومة", "والبلاد", "لسفارت", "فبحكومت"} {
			words = append(words, w+suf)
		}
	}
	var buf []int
	for _, word := range words {
		w := arabic.Normalize(word)
		buf = stemStarts(buf[:0], w)
		for _, a := range arabic.Analyze(w) {
			if len(a.Suffix) > maxSuffixBytes {
				t.Errorf("%s: suffix %q is longer than %d bytes", w, a.Suffix, maxSuffixBytes)
			}
			start := a.StemStart
			if !slices.Contains(buf, start) {
				t.Errorf("%s: reading %s starts its stem at byte %d, not among %v", w, a, start, buf)
			}
		}
	}
}

// gluedPartsReference is gluedParts without the filter: every split of the
// word is analysed.
func gluedPartsReference(m *Matcher, w string) []gluedPart {
	if utf8.RuneCountInString(w) < minGluedRunes {
		return nil
	}
	runes := 0
	for k := 0; k < len(w); {
		_, size := utf8.DecodeRuneInString(w[k:])
		k += size
		runes++
		if runes < minPartRunes || k >= len(w) {
			continue
		}
		p1, p2 := w[:k], w[k:]
		if utf8.RuneCountInString(p2) < minPartRunes {
			break
		}
		left := arabic.Analyze(p1)
		for li := range left {
			a := &left[li]
			if a.Suffix != "" {
				continue
			}
			for _, f := range [2]string{a.Stem, a.WithArticle()} {
				if n, ok := m.nodes[0].next[f]; ok {
					if child, ok := m.nodes[n].next[p2]; ok && len(m.nodes[child].terms[Actors]) > 0 {
						return []gluedPart{newGluedPart(stemSpanStart(a), len(w), child, a)}
					}
				}
			}
		}
		var n1 int32
		var a1 *arabic.Analysis
		for li := range left {
			a := &left[li]
			if a.Suffix == "" && utf8.RuneCountInString(a.Stem) >= minPartRunes {
				if n, ok := m.single(Actors, a); ok {
					n1, a1 = n, a
					break
				}
			}
		}
		if a1 == nil {
			continue
		}
		for _, b := range arabic.Analyze(p2) {
			if b.Suffix != "" || utf8.RuneCountInString(b.Stem) < minPartRunes {
				continue
			}
			if n2, ok := m.single(Actors, &b); ok {
				return []gluedPart{newGluedPart(stemSpanStart(a1), a1.StemEnd, n1, a1),
					newGluedPart(k+stemSpanStart(&b), k+b.StemEnd, n2, &b)}
			}
		}
	}
	return nil
}

func TestGluedPartsMatchesReference(t *testing.T) {
	for name, m := range map[string]*Matcher{"fixture": fixture(t).Matcher(), "default": defaultLexicon(t).Matcher()} {
		found := 0
		for _, word := range testWords(m) {
			for _, tok := range arabic.Tokenize(word) {
				if tok.Kind != arabic.Word {
					continue
				}
				got, want := m.gluedParts(tok.Norm), gluedPartsReference(m, tok.Norm)
				if !slices.Equal(got, want) {
					t.Errorf("%s: gluedParts(%s) = %+v, want %+v", name, tok.Norm, got, want)
				}
				if len(want) > 0 {
					found++
				}
			}
		}
		t.Logf("%s: %d glued words", name, found)
		if found == 0 {
			t.Errorf("%s: no glued word among the test words", name)
		}
	}
}

// A matcher whose word cache is full analyses every word each time; it
// finds exactly what a caching matcher finds.
func TestFindWithoutCache(t *testing.T) {
	load := func() *Matcher {
		lex, err := LoadSources(Source{Name: "fixture", FS: fixtureFS(nil)})
		if err != nil {
			t.Fatal(err)
		}
		return lex.Matcher()
	}
	cached, uncached := load(), load()
	uncached.cache.full.Store(true)
	vocab := vocabulary(cached)
	rng := rand.New(rand.NewSource(4))
	var s1, s2 Scratch
	for i := 0; i < 2000; i++ {
		text := randomText(rng, cached, vocab)
		if rng.Intn(4) == 0 {
			// Glued words, which the cache also remembers.
			text = strings.ReplaceAll(text, " و", "و")
		}
		toks := arabic.Tokenize(text)
		got, want := cached.Find(text, toks, &s1), uncached.Find(text, toks, &s2)
		if !slices.EqualFunc(got, want, sameMatch) {
			t.Fatalf("%q:\ncached   %v\nuncached %v", text, got, want)
		}
	}
	if p := uncached.cache.snap.Load(); p != nil && len(*p) > 0 {
		t.Errorf("a full cache took %d words", len(*p))
	}
	if p := cached.cache.snap.Load(); p == nil || len(*p) == 0 {
		t.Error("the cache took no words")
	}
}

// sameMatch compares two matches, their entries by where they were read
// (the matchers may come from two loads).
func sameMatch(a, b Match) bool {
	return a.Layer == b.Layer && a.Start == b.Start && a.End == b.End && a.First == b.First &&
		a.Last == b.Last && a.Reading == b.Reading && a.Glued == b.Glued &&
		slices.Equal(a.Forms, b.Forms) &&
		slices.EqualFunc(a.Entries, b.Entries, func(x, y *Entry) bool { return x.Source() == y.Source() })
}

// Find may run on one matcher from several goroutines, each with its own
// Scratch (go test -race checks the word cache).
func TestFindConcurrent(t *testing.T) {
	lex, err := LoadSources(Source{Name: "fixture", FS: fixtureFS(nil)})
	if err != nil {
		t.Fatal(err)
	}
	m := lex.Matcher()
	rng := rand.New(rand.NewSource(5))
	vocab := vocabulary(m)
	texts := make([]string, 400)
	for i := range texts {
		texts[i] = randomText(rng, m, vocab)
	}
	ref := fixture(t).Matcher()
	want := make([][]Match, len(texts))
	for i, text := range texts {
		want[i] = ref.Find(text, arabic.Tokenize(text), nil)
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			var s Scratch
			for k := range texts {
				i := (k*7 + g*101) % len(texts)
				got := m.Find(texts[i], arabic.Tokenize(texts[i]), &s)
				if len(got) != len(want[i]) {
					t.Errorf("goroutine %d, text %d: %d matches, want %d", g, i, len(got), len(want[i]))
					return
				}
				if !slices.EqualFunc(got, want[i], sameMatch) {
					t.Errorf("goroutine %d, text %d: %v, want %v", g, i, got, want[i])
					return
				}
			}
		}(g)
	}
	wg.Wait()
}

// The slices a Match shares with other matches have no room to grow into:
// a caller's append copies them.
func TestMatchEntriesShared(t *testing.T) {
	m := fixture(t).Matcher()
	text := "الصين والصين"
	ms := findAll(m, text)
	if len(ms) != 2 {
		t.Fatalf("got %d matches", len(ms))
	}
	extended := append(ms[0].Entries, &Entry{Code: "XXX"})
	_ = extended
	if len(ms[1].Entries) != 1 || ms[1].Entries[0].Code != "CHN" || cap(ms[0].Entries) != len(ms[0].Entries) {
		t.Errorf("appending to one match's entries changed another's: %v", ms[1].Entries)
	}
}
