package arabic

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAnalyze(t *testing.T) {
	tests := []struct {
		name string
		word string // normalised
		want []string
	}{
		{"conjunction, preposition and place name", "ولواشنطن", []string{"ولواشنطن", "و+لواشنطن", "و+ل+واشنطن"}},
		{"governor is a word first", "والي", []string{"والي", "و+الي", "وال+ي", "و+ال+ي"}},
		{"country is a word first", "بلاد", []string{"بلاد", "ب+لاد"}},
		{"verb wrote is a word first", "كتب", []string{"كتب", "ك+تب"}},
		{"article", "الصين", []string{"الصين", "ال+صين"}},
		{"conjunction and article", "والصين", []string{"والصين", "و+الصين", "و+ال+صين"}},
		{"lam before article contracted", "للصين", []string{"للصين", "ل+لصين", "ل+ال+صين"}},
		{"conjunction, lam and contracted article", "وللصين", []string{"وللصين", "و+للصين", "و+ل+لصين", "و+ل+ال+صين"}},
		{"preposition and article", "بالاتفاق", []string{"بالاتفاق", "ب+الاتفاق", "ب+ال+اتفاق"}},
		{"fa and preposition", "فبحسب", []string{"فبحسب", "ف+بحسب", "ف+ب+حسب"}},
		{"kaf and article with suffix readings", "كالعاده", []string{"كالعاده", "ك+العاده", "ك+ال+عاده", "كالعاد+ه", "ك+العاد+ه", "ك+ال+عاد+ه"}},
		{"future sin before imperfect verb", "سيزور", []string{"سيزور", "س+يزور"}},
		{"future sin before first person alef", "سازور", []string{"سازور", "س+ازور"}},
		{"sin not a clitic before other letters", "سلام", []string{"سلام"}},
		{"conjunction, future sin and suffix ي", "سيلتقي", []string{"سيلتقي", "س+يلتقي", "سيلتق+ي", "س+يلتق+ي"}},
		{"teh marbuta restored before suffix", "حكومته", []string{"حكومته", "حكومت+ه", "حكومه+ه"}},
		{"suffix ها", "وزيرها", []string{"وزيرها", "و+زيرها", "وزير+ها", "و+زير+ها"}},
		{"suffix هم", "مواقفهم", []string{"مواقفهم", "مواقف+هم"}},
		{"dual suffix هما before ها", "بينهما", []string{"بينهما", "ب+ينهما", "بين+هما", "ب+ين+هما"}},
		{"suffix نا", "بلادنا", []string{"بلادنا", "ب+لادنا", "بلاد+نا", "ب+لاد+نا"}},
		{"suffix كم", "حكومتكم", []string{"حكومتكم", "حكومت+كم", "حكومه+كم"}},
		{"suffixes ني and ي both proposed", "يعطيني", []string{"يعطيني", "يعطي+ني", "يعطين+ي"}},
		{"no one-letter stems", "به", []string{"به"}},
		{"latin word not analysed", "reuters", []string{"reuters"}},
		{"number not analysed", "2025", []string{"2025"}},
		{"single letter", "و", []string{"و"}},
		{"empty", "", []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Analyze(tt.word)
			var strs []string
			for _, a := range got {
				strs = append(strs, a.String())
			}
			if !reflect.DeepEqual(strs, tt.want) {
				t.Errorf("Analyze(%q) = %q, want %q", tt.word, strs, tt.want)
			}
			checkAnalyses(t, tt.word, got)
		})
	}
}

func TestAnalyzeFields(t *testing.T) {
	tests := []struct {
		name        string
		word        string
		index       int
		want        Analysis
		clitics     int
		withArticle string
	}{
		{"و+ل+واشنطن", "ولواشنطن", 2, Analysis{Prefix: "ول", Stem: "واشنطن", StemStart: 4, StemEnd: 16}, 2, "واشنطن"},
		{"ل+ال+صين", "للصين", 2, Analysis{Prefix: "ل", Article: true, Stem: "صين", StemStart: 4, StemEnd: 10}, 2, "الصين"},
		{"و+ال+صين", "والصين", 2, Analysis{Prefix: "و", Article: true, Stem: "صين", StemStart: 6, StemEnd: 12}, 2, "الصين"},
		{"حكومه+ه", "حكومته", 2, Analysis{Stem: "حكومه", Suffix: "ه", StemStart: 0, StemEnd: 10}, 1, "حكومه"},
		{"و+زير+ها", "وزيرها", 3, Analysis{Prefix: "و", Stem: "زير", Suffix: "ها", StemStart: 2, StemEnd: 8}, 2, "زير"},
		{"unanalysed", "الصين", 0, Analysis{Stem: "الصين", StemStart: 0, StemEnd: 10}, 0, "الصين"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			as := Analyze(tt.word)
			if tt.index >= len(as) {
				t.Fatalf("Analyze(%q) has %d readings", tt.word, len(as))
			}
			a := as[tt.index]
			if a != tt.want {
				t.Errorf("Analyze(%q)[%d] = %+v, want %+v", tt.word, tt.index, a, tt.want)
			}
			if got := a.Clitics(); got != tt.clitics {
				t.Errorf("Clitics() = %d, want %d", got, tt.clitics)
			}
			if got := a.WithArticle(); got != tt.withArticle {
				t.Errorf("WithArticle() = %q, want %q", got, tt.withArticle)
			}
		})
	}
}

func TestAnalyzeInto(t *testing.T) {
	dst := []Analysis{{Stem: "قبل"}}
	got := AnalyzeInto(dst, "للصين")
	if len(got) != 4 || got[0].Stem != "قبل" || got[1].Stem != "للصين" || got[3].String() != "ل+ال+صين" {
		t.Errorf("AnalyzeInto kept or appended the wrong readings: %v", got)
	}
	buf := make([]Analysis, 0, 32)
	if n := testing.AllocsPerRun(100, func() { buf = AnalyzeInto(buf[:0], "وللصين") }); n != 0 {
		t.Errorf("AnalyzeInto with a large enough buffer allocates %v times, want 0", n)
	}
}

// TestAnalyzeArticle analyses every word of a real article: the unanalysed
// reading always comes first and every reading is consistent with the word.
func TestAnalyzeArticle(t *testing.T) {
	text := sampleText(t)
	found := map[string]bool{}
	for _, tk := range Tokenize(text) {
		as := Analyze(tk.Norm)
		checkAnalyses(t, tk.Norm, as)
		for _, a := range as {
			found[a.String()] = true
		}
	}
	for _, want := range []string{"و+ال+نظام", "ل+ال+عمل", "ب+ال+رئيس", "ب+ال+نظام", "و+ال+دفاع"} {
		if !found[want] {
			t.Errorf("no word of the article was read as %s", want)
		}
	}
}

// proclitics are the letters an Analysis.Prefix may hold.
const proclitics = "وفبلكس"

// checkAnalyses asserts what every result of Analyze(w) must satisfy.
func checkAnalyses(t testing.TB, w string, as []Analysis) {
	t.Helper()
	if len(as) == 0 {
		t.Fatalf("Analyze(%q) returned no reading", w)
	}
	if as[0] != (Analysis{Stem: w, StemEnd: len(w)}) {
		t.Fatalf("Analyze(%q): first reading %+v is not the unanalysed word", w, as[0])
	}
	seen := map[Analysis]bool{}
	valid := utf8.ValidString(w)
	for i, a := range as {
		if seen[a] {
			t.Fatalf("Analyze(%q): reading %d %+v repeated", w, i, a)
		}
		seen[a] = true
		if a.StemStart < 0 || a.StemStart > a.StemEnd || a.StemEnd > len(w) {
			t.Fatalf("Analyze(%q): reading %d %+v: stem span out of range", w, i, a)
		}
		if !strings.HasPrefix(w, a.Prefix) || strings.Trim(a.Prefix, proclitics) != "" {
			t.Fatalf("Analyze(%q): reading %d: bad prefix %q", w, i, a.Prefix)
		}
		between := w[len(a.Prefix):a.StemStart]
		switch {
		case !a.Article && between != "":
			t.Fatalf("Analyze(%q): reading %d: %q between prefix and stem without article", w, i, between)
		case a.Article && between != "ال" && !(between == "ل" && strings.HasSuffix(a.Prefix, "ل")):
			t.Fatalf("Analyze(%q): reading %d: article written %q after prefix %q", w, i, between, a.Prefix)
		}
		if w[a.StemEnd:] != a.Suffix {
			t.Fatalf("Analyze(%q): reading %d: suffix %q but word ends in %q", w, i, a.Suffix, w[a.StemEnd:])
		}
		if a.Suffix != "" && !slices.Contains(suffixes, a.Suffix) {
			t.Fatalf("Analyze(%q): reading %d: unknown suffix %q", w, i, a.Suffix)
		}
		written := w[a.StemStart:a.StemEnd]
		if a.Stem != written && !(a.Suffix != "" && strings.HasSuffix(written, "ت") && a.Stem == strings.TrimSuffix(written, "ت")+"ه") {
			t.Fatalf("Analyze(%q): reading %d: stem %q is not the written %q", w, i, a.Stem, written)
		}
		n := utf8.RuneCountInString(a.Prefix)
		if a.Article {
			n++
		}
		if a.Suffix != "" {
			n++
		}
		if a.Clitics() != n {
			t.Fatalf("Analyze(%q): reading %d: Clitics() = %d, want %d", w, i, a.Clitics(), n)
		}
		if i > 0 && utf8.RuneCountInString(a.Stem) < minStemRunes {
			t.Fatalf("Analyze(%q): reading %d: stem %q too short", w, i, a.Stem)
		}
		if valid && (!utf8.ValidString(a.Stem) || !utf8.ValidString(a.String()) || !utf8.ValidString(a.WithArticle())) {
			t.Fatalf("Analyze(%q): reading %d %+v: invalid UTF-8", w, i, a)
		}
	}
}
