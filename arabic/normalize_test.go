package arabic

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", ""},
		{"already normal news phrase", "وزير الخارجيه الصيني", "وزير الخارجيه الصيني"},
		{"alef with hamza above and below", "أكد إيران", "اكد ايران"},
		{"alef madda", "آسيا الوسطى", "اسيا الوسطي"},
		{"alef wasla", "ٱلله", "الله"},
		{"alef maqsura becomes yeh", "على مستوى", "علي مستوي"},
		{"teh marbuta becomes heh", "الحكومة السورية", "الحكومه السوريه"},
		{"full diacritics", "وَزِيرُ الخَارِجِيَّةِ", "وزير الخارجيه"},
		{"tanween and sukun", "شُكْرًا", "شكرا"},
		{"dagger alef", "هٰذا", "هذا"},
		{"tatweel", "الـــرئيس المصـــري", "الرئيس المصري"},
		{"persian keheh and yeh", "کابل ایران", "كابل ايران"},
		{"urdu heh goal with hamza", "ۀ", "ه"},
		{"arabic-indic digits", "عام ٢٠٢٥", "عام 2025"},
		{"persian digits", "سال ۱۴۰۳", "سال 1403"},
		{"arabic decimal separator kept", "٣٫٥", "3٫5"},
		{"presentation forms of a word", "ﺑﺎﻻﺗﻔﺎﻕ", "بالاتفاق"},
		{"lam-alef ligature", "ﻻ", "لا"},
		{"allah ligature", "ﷲ", "الله"},
		{"isolated fatha form dropped with its space", "ك\uFE76تب", "كتب"},
		{"isolated shadda ligature dropped", "ﱞ", ""},
		{"zero-width non-joiner", "الأمم\u200cالمتحدة", "الاممالمتحده"},
		{"zero-width joiner and space", "بغداد\u200d\u200b", "بغداد"},
		{"bidi marks", "\u200fبغداد\u200e \u202bدمشق\u202c", "بغداد دمشق"},
		{"bidi isolates", "\u2067طهران\u2069", "طهران"},
		{"byte order mark", "\ufeffالقاهرة", "القاهره"},
		{"soft hyphen", "الرئ\u00adيس", "الرئيس"},
		{"arabic letter mark", "\u061cعمان", "عمان"},
		{"non-breaking space", "الأمم\u00a0المتحدة", "الامم المتحده"},
		{"narrow no-break and thin space", "10\u202fآلاف\u2009جندي", "10 الاف جندي"},
		{"latin lower-cased", "وكالة Reuters و BBC", "وكاله reuters و bbc"},
		{"non-ascii upper-case lower-cased", "ÉLYSÉE", "élysée"},
		{"punctuation kept", "«شي»، بكين؟ نعم؛ لا!", "«شي»، بكين؟ نعم؛ لا!"},
		{"invalid utf-8 dropped", "بغداد\xff\xfeدمشق", "بغداددمشق"},
		{"truncated multibyte sequence dropped", "بغداد\xd8", "بغداد"},
		{"replacement character dropped", "بغداد\ufffdدمشق", "بغداددمشق"},
		{"control characters kept", "a\tb\x00c", "a\tb\x00c"},
		{
			"news sentence",
			"أكّد رئيسُ الصين، شي جين بينج، أنّ الصينَ مستعدةٌ للعمل مع أذربيجان.",
			"اكد رئيس الصين، شي جين بينج، ان الصين مستعده للعمل مع اذربيجان.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Normalize(tt.in)
			if got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if !utf8.ValidString(got) {
				t.Errorf("Normalize(%q) = %q is not valid UTF-8", tt.in, got)
			}
			if again := Normalize(got); again != got {
				t.Errorf("Normalize is not idempotent: Normalize(%q) = %q", got, again)
			}
		})
	}
}

func TestNormalizeDoesNotAllocateWhenNormal(t *testing.T) {
	s := "وزير الخارجيه الصيني وانغ يي يزور موسكو 2025"
	if Normalize(s) != s {
		t.Fatalf("test string is not normal: %q", Normalize(s))
	}
	if n := testing.AllocsPerRun(100, func() { _ = Normalize(s) }); n != 0 {
		t.Errorf("Normalize of a normal string allocates %v times, want 0", n)
	}
}

func TestNormalizeDoesNotChangeInput(t *testing.T) {
	orig := "أكّد الرئيسُ"
	in := strings.Clone(orig)
	_ = Normalize(in)
	if in != orig {
		t.Errorf("input changed to %q", in)
	}
}

func TestOriginalSpan(t *testing.T) {
	tests := []struct {
		name               string
		orig               string
		normStart, normEnd int
		want               string // orig[start:end]
		wantStart          int
	}{
		{"whole plain word", "الرئيس", 0, 12, "الرئيس", 0},
		{"article of a plain word", "الرئيس", 0, 4, "ال", 0},
		{"stem after article", "الرئيس", 4, 12, "رئيس", 4},
		{"diacritics inside the range stay inside", "الرَّئِيسُ", 4, 12, "رَّئِيسُ", 4},
		{"marks after the last letter stay with it", "الرَّئِيسُ", 0, 6, "الرَّ", 0},
		{"tatweel after the article stays with it", "الـرئيس", 0, 4, "الـ", 0},
		{"tatweel before the stem stays outside", "الـرئيس", 4, 12, "رئيس", 6},
		{"leading mark stays outside", "\u064eكتب", 0, 6, "كتب", 2},
		{"alef with hamza maps to itself", "أذربيجان", 0, 2, "أ", 0},
		{"digits: arabic-indic behind ascii offsets", "عام ٢٠٢٥", 7, 11, "٢٠٢٥", 7},
		{"part of a number", "عام ٢٠٢٥", 9, 11, "٢٥", 11},
		{"presentation forms stem", "ﺑﺎﻻﺗﻔﺎﻕ", 6, 16, "ﻻﺗﻔﺎﻕ", 6},
		{"range starting inside lam-alef takes it whole", "ﺑﺎﻻﺗﻔﺎﻕ", 6, 8, "ﻻ", 6},
		{"range ending inside lam-alef takes it whole", "ﺑﺎﻻﺗﻔﺎﻕ", 0, 6, "ﺑﺎﻻ", 0},
		{"empty range inside lam-alef takes it whole", "ﻻ", 2, 2, "ﻻ", 0},
		{"empty range at a letter", "بغداد", 4, 4, "", 4},
		{"empty range at the start", "بغداد", 0, 0, "", 0},
		{"range past the end", "بغداد", 20, 30, "", 10},
		{"end past the end", "بغداد", 4, 30, "داد", 4},
		{"reversed range is empty", "بغداد", 6, 2, "", 6},
		{"negative start", "بغداد", -5, 2, "ب", 0},
		{"invalid byte inside the range", "بغ\xffداد", 0, 10, "بغ\xffداد", 0},
		{"invalid byte at the start stays outside", "\xffبغداد", 0, 10, "بغداد", 1},
		{"empty original", "", 0, 3, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, end := OriginalSpan(tt.orig, tt.normStart, tt.normEnd)
			if start < 0 || start > end || end > len(tt.orig) {
				t.Fatalf("OriginalSpan(%q, %d, %d) = %d, %d: out of range", tt.orig, tt.normStart, tt.normEnd, start, end)
			}
			if got := tt.orig[start:end]; got != tt.want || start != tt.wantStart {
				t.Errorf("OriginalSpan(%q, %d, %d) = [%d:%d] %q, want [%d:] %q",
					tt.orig, tt.normStart, tt.normEnd, start, end, got, tt.wantStart, tt.want)
			}
		})
	}
}

// TestOriginalSpanOfTokens maps the normalised form of every token of a real
// article back: it must be the whole token, and the stems of clitic analyses
// must map to text that normalises to the stem.
func TestOriginalSpanOfTokens(t *testing.T) {
	text := sampleText(t)
	for _, tok := range Tokenize(text) {
		if s, e := OriginalSpan(tok.Text, 0, len(tok.Norm)); s != 0 || e != len(tok.Text) {
			t.Errorf("token %q: OriginalSpan of its whole Norm = [%d:%d], want [0:%d]", tok.Text, s, e, len(tok.Text))
		}
		for _, a := range Analyze(tok.Norm) {
			s, e := OriginalSpan(tok.Text, a.StemStart, a.StemEnd)
			if got, want := Normalize(tok.Text[s:e]), tok.Norm[a.StemStart:a.StemEnd]; got != want {
				t.Errorf("token %q, reading %s: stem maps to %q, which normalises to %q, want %q",
					tok.Text, a, tok.Text[s:e], got, want)
			}
		}
	}
}

func TestEndsWithTehMarbuta(t *testing.T) {
	for in, want := range map[string]bool{
		"وزارة": true, "الحكومةُ": true, "حكومةـ": true, "ﺣﻜﻮﻣﺔ": true,
		"زيارته": false, "وجهه": false, "": false, "ة": true, "abc": false,
	} {
		if got := EndsWithTehMarbuta(in); got != want {
			t.Errorf("EndsWithTehMarbuta(%q) = %v, want %v", in, got, want)
		}
	}
}
