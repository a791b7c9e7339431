package arabic

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzSeeds is the seed corpus shared by the fuzz targets: real news text
// and the shapes of text that the layer must handle (diacritics, presentation
// forms, quotes, numbers, glued sentences, invalid bytes).
var fuzzSeeds = []string{
	"",
	"أكد رئيس الصين، شي جين بينج، أن الصين مستعدة للعمل مع أذربيجان لحماية النظام الدولي الذي تمثل الأممالمتحدة جوهره.",
	"وأوضح «شي»، أنه يتعين على الجانبين تعزيز الثقة السياسية المتبادلة على نحو مستمر.",
	"هل هي نهاية إردوغان؟\nثمة خطب جلل تدور أحداثه الآن في تركيا، وعلى كافة المهتمين بالسياسة الخارجية مراقبته عن كثب.",
	"من المتآمر على إردوغان؟! توقعنا سقوط رئيس سوريا...",
	"وبدأت تنفض عن نفسها صورة \"الأمة المهزومة\" . ليس من قبيل المبالغة القول إن الرئيس فلاديمير بوتين حقق لبلاده مكانة دولية متميزة .",
	"ارتفع النمو بنسبة 3.5% عام ٢٠٢٥٫٥ و1,200 جندي في 23/4/2025 الساعة 12:30.",
	"في الساحة خارج البوابة الشرقية لقاعة الشعب الكبرى في بكين.الرئيس شي استقبل علييف.",
	"وَزِيرُ الخَارِجِيَّةِ الـــمصري، وقال: «لن نتراجع. سنواصل العمل!» ثم غادر.",
	"ﺑﺎﻻﺗﻔﺎﻕ ﻻ ﷲ ﷺ ﹰ ك\ufe76تب ﱞ",
	"کابل ایران ۱۴۰۳ ۀ",
	"الأمم\u200cالمتحدة\u200c \u200fبغداد\u200e \u2067طهران\u2069 \ufeffالقاهرة الرئ\u00adيس الأمم\u00a0المتحدة",
	"وكالة Reuters و BBC ÉLYSÉE",
	"ولواشنطن والي بلاد كتب للصين وللصين حكومته سيزور وسيلتقي بينهما",
	"بغداد\xff\xfeدمشق\xd8 \x00 \ufffd",
	"(وفق ما نقلت الوكالة.) وأضاف الوزير؛ «قوى الشر الثلاث». “روسيا” ‹x› „y“",
	"\u064eكتب \u0670 ـ",
	"الأولى\u2028الثانية\u2029الثالثة\r\nالرابعة\u0085",
}

// FuzzNormalize checks Normalize and OriginalSpan: valid UTF-8 out, the
// result is already normal, and OriginalSpan returns an in-range span on rune
// boundaries that covers exactly the normalised range asked for (widened only
// to whole original characters).
func FuzzNormalize(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, i%7, 3*i)
	}
	f.Fuzz(func(t *testing.T, s string, a, b int) {
		n := Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q: invalid UTF-8", s, n)
		}
		if again := Normalize(n); again != n {
			t.Fatalf("Normalize(%q) = %q, but Normalize of that = %q", s, n, again)
		}
		if len(n) == 0 {
			a, b = 0, 0
		} else {
			a, b = mod(a, len(n)+1), mod(b, len(n)+1)
		}
		if a > b {
			a, b = b, a
		}
		start, end := OriginalSpan(s, a, b)
		if start < 0 || start > end || end > len(s) {
			t.Fatalf("OriginalSpan(%q, %d, %d) = %d, %d: out of range", s, a, b, start, end)
		}
		if !onDecodeBoundary(s, start) || !onDecodeBoundary(s, end) {
			t.Fatalf("OriginalSpan(%q, %d, %d) = %d, %d: not on rune boundaries", s, a, b, start, end)
		}
		// The normalised text before the span and up to its end: the span
		// must cover [a, b) and map to exactly that stretch of n.
		pre, upto := len(Normalize(s[:start])), len(Normalize(s[:end]))
		if pre > a || upto < b {
			t.Fatalf("OriginalSpan(%q, %d, %d) = %d, %d covers only [%d, %d) of %q", s, a, b, start, end, pre, upto, n)
		}
		if got := Normalize(s[start:end]); got != n[pre:upto] {
			t.Fatalf("OriginalSpan(%q, %d, %d) = %d, %d: span normalises to %q, want %q", s, a, b, start, end, got, n[pre:upto])
		}
		// Tightness: the span starts at the character holding a, and its
		// last kept character still holds something before b.
		if a < len(n) {
			r, size := utf8.DecodeRuneInString(s[start:])
			if pre+normalizedLen(r, size) <= a {
				t.Fatalf("OriginalSpan(%q, %d, %d) starts at %d, before the character holding %d", s, a, b, start, a)
			}
		}
		if b > a {
			off, last := pre, pre // last: where the last kept character's form starts
			for i := start; i < end; {
				r, size := utf8.DecodeRuneInString(s[i:])
				if l := normalizedLen(r, size); l > 0 {
					last = off
					off += l
				}
				i += size
			}
			if last >= b {
				t.Fatalf("OriginalSpan(%q, %d, %d) ends at %d, after the character holding %d", s, a, b, end, b-1)
			}
		}
	})
}

// FuzzTokenize checks the token invariants, that no content is lost between
// tokens, and that every token tokenises to itself.
func FuzzTokenize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		toks := Tokenize(text)
		checkTokens(t, text, toks)
		prev := 0
		for _, tk := range toks {
			checkGap(t, text, prev, tk.Start)
			prev = tk.End
			if tk.Norm == "" {
				t.Fatalf("token %q at %d has an empty Norm", tk.Text, tk.Start)
			}
			if tk.Norm != Normalize(tk.Text) {
				t.Fatalf("token %q: Norm %q is not Normalize(Text) = %q", tk.Text, tk.Norm, Normalize(tk.Text))
			}
			again := Tokenize(tk.Text)
			if len(again) != 1 || again[0].Start != 0 || again[0].End != len(tk.Text) || again[0].Kind != tk.Kind {
				t.Fatalf("token %q (%s) of %q tokenises on its own to %s", tk.Text, tk.Kind, text, formatTokens(again))
			}
		}
		checkGap(t, text, prev, len(text))
	})
}

// checkGap fails unless text[from:to], which lies between two tokens, holds
// only what the tokeniser may skip: spaces, breaks, marks, invalid bytes.
func checkGap(t *testing.T, text string, from, to int) {
	t.Helper()
	for i := from; i < to; {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch classify(r, size) {
		case classSpace, classBreak, classMark, classInvalid:
		default:
			t.Fatalf("%q at %d lost between tokens of %q", text[i:i+size], i, text)
		}
		i += size
	}
}

// FuzzSentences checks the sentence invariants: sentences ordered and
// disjoint, each spanning its tokens, no line break inside one, all tokens
// together those of Tokenize.
func FuzzSentences(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Add("«" + strings.Repeat("كلام طويل. ", 80) + "» انتهى. ثم")
	f.Fuzz(func(t *testing.T, text string) {
		sents := Sentences(text)
		checkSentences(t, text, sents)
		valid := utf8.ValidString(text)
		for _, s := range sents {
			if valid && !utf8.ValidString(text[s.Start:s.End]) {
				t.Fatalf("sentence %d [%d:%d] of %q is not valid UTF-8", s.Index, s.Start, s.End, text)
			}
		}
	})
}

// FuzzAnalyze checks the clitic analyser on the raw input and on its
// normalised form: the unanalysed reading first, every reading consistent
// with the word (prefix, article, stem, suffix), no repeats, valid UTF-8.
func FuzzAnalyze(f *testing.F) {
	for _, s := range fuzzSeeds {
		for _, tk := range Tokenize(s) {
			f.Add(tk.Norm)
		}
	}
	f.Add("\xd9\x88\xd9")
	f.Fuzz(func(t *testing.T, w string) {
		checkAnalyses(t, w, Analyze(w))
		n := Normalize(w)
		as := AnalyzeInto(make([]Analysis, 1, 4), n)
		if as[0] != (Analysis{}) {
			t.Fatalf("AnalyzeInto overwrote dst[0]: %+v", as[0])
		}
		checkAnalyses(t, n, as[1:])
		for _, a := range as[1:] {
			_ = a.String()
			_ = a.WithArticle()
		}
	})
}

func mod(x, m int) int {
	x %= m
	if x < 0 {
		x += m
	}
	return x
}

// onDecodeBoundary reports whether i is where a rune starts when s is decoded
// from its beginning (invalid bytes counting as one rune each), or len(s).
func onDecodeBoundary(s string, i int) bool {
	j := 0
	for j < i {
		_, size := utf8.DecodeRuneInString(s[j:])
		j += size
	}
	return j == i
}
