package arabic

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// checkAll runs every function of the package on text and asserts the
// invariants of each: no panic, spans inside the text and ordered, valid
// UTF-8 out.
func checkAll(t *testing.T, text string) {
	t.Helper()
	n := Normalize(text)
	if !utf8.ValidString(n) {
		t.Fatalf("Normalize gives invalid UTF-8 %q", n)
	}
	if s, e := OriginalSpan(text, 0, len(n)); s < 0 || s > e || e > len(text) {
		t.Fatalf("OriginalSpan of the whole text = %d, %d", s, e)
	}
	toks := Tokenize(text)
	checkTokens(t, text, toks)
	checkSentences(t, text, Sentences(text))
	var buf []Analysis
	for _, tk := range toks {
		buf = AnalyzeInto(buf[:0], tk.Norm)
		checkAnalyses(t, tk.Norm, buf)
	}
	checkAnalyses(t, text, Analyze(text))
}

func TestBadInputInvalidUTF8(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		words []string // Text of the tokens
	}{
		{"lone continuation bytes", "\x80\xbfبغداد\x80", []string{"بغداد"}},
		{"truncated arabic letter at the end", "بغداد \xd8", []string{"بغداد"}},
		{"truncated arabic letter inside a word", "بغ\xd8داد", []string{"بغ", "داد"}},
		{"overlong encoding of a slash", "23\xc0\xaf4", []string{"23", "4"}},
		{"utf-16 surrogate", "طهران\xed\xa0\x80دمشق", []string{"طهران", "دمشق"}},
		{"bytes never valid", "\xfe\xffالقاهرة\xf8\x88\x80\x80\x80", []string{"القاهرة"}},
		{"code point above U+10FFFF", "\xf4\x90\x80\x80عمان", []string{"عمان"}},
		{"latin-1 text", "caf\xe9 \xabbonjour\xbb", []string{"caf", "bonjour"}},
		{"only invalid bytes", "\xff\xfe\xfd\xfc", nil},
		{"invalid byte after a terminator", "انتهى.\xffثم", []string{"انتهى", ".", "ثم"}},
		{"invalid byte inside a number", "3\xff.5", []string{"3", ".", "5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkAll(t, tt.in)
			var words []string
			for _, tk := range Tokenize(tt.in) {
				words = append(words, tk.Text)
			}
			if !reflect.DeepEqual(words, tt.words) {
				t.Errorf("Tokenize(%q) texts = %q, want %q", tt.in, words, tt.words)
			}
		})
	}
}

func TestBadInputNUL(t *testing.T) {
	text := "الرئيس\x00الصيني\x00\x00 يزور\x00موسكو."
	checkAll(t, text)
	var words []string
	for _, tk := range Tokenize(text) {
		words = append(words, tk.Text)
	}
	if want := []string{"الرئيس", "الصيني", "يزور", "موسكو", "."}; !reflect.DeepEqual(words, want) {
		t.Errorf("tokens %q, want %q", words, want)
	}
	if s := Sentences(text); len(s) != 1 {
		t.Errorf("NUL bytes split the sentence into %d", len(s))
	}
	checkAll(t, strings.Repeat("\x00", 1000))
	if toks := Tokenize(strings.Repeat("\x00", 1000)); len(toks) != 0 {
		t.Errorf("NUL bytes give %d tokens", len(toks))
	}
}

func TestBadInputEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.txt")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	checkAll(t, text)
	if n := Normalize(text); n != "" {
		t.Errorf("Normalize(\"\") = %q", n)
	}
	if toks := Tokenize(text); len(toks) != 0 {
		t.Errorf("Tokenize(\"\") = %v", toks)
	}
	if s := Sentences(text); len(s) != 0 {
		t.Errorf("Sentences(\"\") = %v", s)
	}
	if as := Analyze(text); len(as) != 1 || as[0] != (Analysis{}) {
		t.Errorf("Analyze(\"\") = %+v", as)
	}
	if s, e := OriginalSpan(text, 0, 5); s != 0 || e != 0 {
		t.Errorf("OriginalSpan(\"\", 0, 5) = %d, %d", s, e)
	}
}

func TestBadInputBinary(t *testing.T) {
	// A real binary file: the test executable itself.
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > 2<<20 {
		b = b[:2<<20]
	}
	t.Run("executable", func(t *testing.T) { checkAll(t, string(b)) })

	// Random bytes, and random runes from the ranges the layer cares about.
	rng := rand.New(rand.NewPCG(1, 2))
	raw := make([]byte, 1<<20)
	for i := range raw {
		raw[i] = byte(rng.Uint32())
	}
	t.Run("random bytes", func(t *testing.T) { checkAll(t, string(raw)) })

	var sb strings.Builder
	ranges := [][2]rune{{0, 0x7f}, {0x600, 0x6ff}, {0x750, 0x77f}, {0x8a0, 0x8ff}, {0x2000, 0x206f}, {0xfb50, 0xfdff}, {0xfe70, 0xfeff}, {0xa0, 0x24f}}
	for sb.Len() < 1<<20 {
		r := ranges[rng.IntN(len(ranges))]
		sb.WriteRune(r[0] + rng.Int32N(r[1]-r[0]+1))
	}
	t.Run("random runes", func(t *testing.T) { checkAll(t, sb.String()) })
}

// hugeLineBytes is the size of the single-line inputs of TestBadInputHugeLine.
const hugeLineBytes = 50 << 20

// TestBadInputHugeLine feeds 50 MB without a line break: news text, one
// giant word, one giant number, only spaces. Everything must be linear: a
// quadratic step would take hours on 50 MB, so a generous time bound catches
// it. Each input is dropped before the next to keep memory down.
func TestBadInputHugeLine(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB inputs take about ten seconds; skipped with -short")
	}
	para := strings.ReplaceAll(sampleText(t), "\n", " ")
	cases := []struct {
		name string
		unit string // repeated to 50 MB
	}{
		{"news text", para},
		{"one word with diacritics", "كَتَبَ"},
		{"one number", "1,2"},
		{"spaces", " "},
		{"open quote, no terminator", "«قال الوزير "},
		{"letter then joiners", "ب" + strings.Repeat("\u200d", 1000)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := strings.Repeat(c.unit, hugeLineBytes/len(c.unit))
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			begin := time.Now()

			if !utf8.ValidString(Normalize(text)) {
				t.Fatal("Normalize: invalid UTF-8")
			}
			toks := Tokenize(text)
			last := -1
			for _, tk := range toks {
				if tk.Start < last || tk.End > len(text) {
					t.Fatalf("token %q at [%d:%d] out of order", tk.Text, tk.Start, tk.End)
				}
				last = tk.End
			}
			nt := len(toks)
			if len(toks) > 0 {
				// The matcher's work on the longest token.
				longest := toks[0]
				for _, tk := range toks {
					if len(tk.Text) > len(longest.Text) {
						longest = tk
					}
				}
				as := Analyze(longest.Norm)
				for _, a := range as {
					OriginalSpan(longest.Text, a.StemStart, a.StemEnd)
				}
			}
			toks = nil
			sents := Sentences(text)
			ns, inSents := len(sents), 0
			for _, s := range sents {
				inSents += len(s.Tokens)
			}
			sents = nil
			if inSents != nt {
				t.Errorf("sentences hold %d tokens, Tokenize gives %d", inSents, nt)
			}

			elapsed := time.Since(begin)
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d MB: %d tokens, %d sentences in %v, %d MB allocated", len(text)>>20, nt, ns, elapsed.Round(time.Millisecond), alloc>>20)
			if elapsed > 60*time.Second {
				t.Errorf("%d MB took %v: not linear", len(text)>>20, elapsed)
			}
			// Tokenize and Sentences each reserve a 56-byte token for every
			// six input bytes (9.3 bytes per input byte, mostly never
			// touched on token-sparse input), and the token Norms and
			// Normalize need about as much again as the text: 32 bytes
			// per input byte leaves room but catches runaway copying.
			if alloc > 32*uint64(len(text)) {
				t.Errorf("allocated %d MB for %d MB of input", alloc>>20, len(text)>>20)
			}
		})
	}
}
