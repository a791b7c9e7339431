package arabic

import (
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// newsText is a paragraph of real news text (the opening of the sample
// article), used when the shared sample file is not present.
const newsText = "أكد رئيس الصين، شي جين بينج، أن الصين مستعدة للعمل مع أذربيجان لحماية النظام الدولي الذي تمثل الأممالمتحدة جوهره، والنظام الدولي القائم على القانون الدولي، وحماية الحقوق والمصالح المشروعة لكل طرف بقوة، والدفاع عن العدالة والإنصاف الدوليين، وأعلن الزعيمان عن إقامة شراكة استراتيجية شاملة بين البلدين، وفقا لما نقلت وكالة الأنباء الصينية، وذلك خلال لقاء بالرئيس الأذربيجاني، إلهام علييف. وأوضح «شي»، أنه يتعين على الجانبين تعزيز الثقة السياسية المتبادلة على نحو مستمر، وتعميق التعاون العملي، وتقوية التعاون بينهما على الصعيد الدولي، لفتح فصل جديد من التعاون الشامل.\n"

// sampleText returns the shared sample article, or newsText without it.
func sampleText(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(samplePath)
	if err != nil {
		return newsText
	}
	return string(b)
}

// tok builds an expected token; End follows from the text.
func tok(start int, kind Kind, text, norm string) Token {
	return Token{Start: start, End: start + len(text), Kind: kind, Text: text, Norm: norm}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Token
	}{
		{"empty", "", nil},
		{"only spaces and breaks", " \t\n\r\n\u00a0 ", nil},
		{
			"news clause with arabic commas",
			"أكد رئيس الصين، شي جين بينج،",
			[]Token{
				tok(0, Word, "أكد", "اكد"),
				tok(7, Word, "رئيس", "رئيس"),
				tok(16, Word, "الصين", "الصين"),
				tok(26, Punct, "،", "،"),
				tok(29, Word, "شي", "شي"),
				tok(34, Word, "جين", "جين"),
				tok(41, Word, "بينج", "بينج"),
				tok(49, Punct, "،", "،"),
			},
		},
		{
			"guillemets",
			"وأوضح «شي»، أنه",
			[]Token{
				tok(0, Word, "وأوضح", "واوضح"),
				tok(11, Quote, "«", "«"),
				tok(13, Word, "شي", "شي"),
				tok(17, Quote, "»", "»"),
				tok(19, Punct, "،", "،"),
				tok(22, Word, "أنه", "انه"),
			},
		},
		{
			"straight and curly quotes",
			"\"الأمة\" “روسيا”",
			[]Token{
				tok(0, Quote, "\"", "\""),
				tok(1, Word, "الأمة", "الامه"),
				tok(11, Quote, "\"", "\""),
				tok(13, Quote, "“", "“"),
				tok(16, Word, "روسيا", "روسيا"),
				tok(26, Quote, "”", "”"),
			},
		},
		{
			"decimal number and percent",
			"بنسبة 3.5%",
			[]Token{
				tok(0, Word, "بنسبة", "بنسبه"),
				tok(11, Number, "3.5", "3.5"),
				tok(14, Punct, "%", "%"),
			},
		},
		{
			"thousands separator and time",
			"1,200 جندي الساعة 12:30",
			[]Token{
				tok(0, Number, "1,200", "1,200"),
				tok(6, Word, "جندي", "جندي"),
				tok(15, Word, "الساعة", "الساعه"),
				tok(28, Number, "12:30", "12:30"),
			},
		},
		{
			"arabic-indic number with arabic decimal separator",
			"٢٠٢٥٫٥ مليون",
			[]Token{
				tok(0, Number, "٢٠٢٥٫٥", "2025٫5"),
				tok(13, Word, "مليون", "مليون"),
			},
		},
		{
			"date with slashes",
			"في 23/4/2025",
			[]Token{
				tok(0, Word, "في", "في"),
				tok(5, Number, "23/4/2025", "23/4/2025"),
			},
		},
		{
			"full stop after a number is not part of it",
			"عام 2025.",
			[]Token{
				tok(0, Word, "عام", "عام"),
				tok(7, Number, "2025", "2025"),
				tok(11, Punct, ".", "."),
			},
		},
		{
			"separator not followed by a digit",
			"2025, ثم",
			[]Token{
				tok(0, Number, "2025", "2025"),
				tok(4, Punct, ",", ","),
				tok(6, Word, "ثم", "ثم"),
			},
		},
		{
			"digits glued to a word",
			"20مليون",
			[]Token{
				tok(0, Number, "20", "20"),
				tok(2, Word, "مليون", "مليون"),
			},
		},
		{
			"missing space after full stop",
			"بكين.الرئيس",
			[]Token{
				tok(0, Word, "بكين", "بكين"),
				tok(8, Punct, ".", "."),
				tok(9, Word, "الرئيس", "الرئيس"),
			},
		},
		{
			"latin words between arabic",
			"وكالة Reuters للأنباء",
			[]Token{
				tok(0, Word, "وكالة", "وكاله"),
				tok(11, Latin, "Reuters", "reuters"),
				tok(19, Word, "للأنباء", "للانباء"),
			},
		},
		{
			"latin glued to arabic",
			"وBBC",
			[]Token{
				tok(0, Word, "و", "و"),
				tok(2, Latin, "BBC", "bbc"),
			},
		},
		{
			"diacritics and tatweel stay in the word",
			"الـرَّئيسُ",
			[]Token{tok(0, Word, "الـرَّئيسُ", "الرئيس")},
		},
		{
			"zero-width non-joiner inside a word, trailing joiner left out",
			"الأمم\u200cالمتحدة\u200c",
			[]Token{tok(0, Word, "الأمم\u200cالمتحدة", "الاممالمتحده")},
		},
		{
			"soft hyphen inside a word",
			"الرئ\u00adيس",
			[]Token{tok(0, Word, "الرئ\u00adيس", "الرئيس")},
		},
		{
			"soft hyphen at the end of a word left out",
			"الرئيس\u00ad",
			[]Token{tok(0, Word, "الرئيس", "الرئيس")},
		},
		{
			"stray mark before a word skipped",
			"\u064eكتب",
			[]Token{tok(2, Word, "كتب", "كتب")},
		},
		{
			"isolated diacritic form is a mark, not a word",
			"\ufe76 كتب",
			[]Token{tok(4, Word, "كتب", "كتب")},
		},
		{
			"presentation forms",
			"ﺑﺎﻻﺗﻔﺎﻕ",
			[]Token{tok(0, Word, "ﺑﺎﻻﺗﻔﺎﻕ", "بالاتفاق")},
		},
		{
			"question mark, semicolon and parentheses",
			"(بكين)؟ نعم؛",
			[]Token{
				tok(0, Punct, "(", "("),
				tok(1, Word, "بكين", "بكين"),
				tok(9, Punct, ")", ")"),
				tok(10, Punct, "؟", "؟"),
				tok(13, Word, "نعم", "نعم"),
				tok(19, Punct, "؛", "؛"),
			},
		},
		{
			"bidi marks separate words",
			"\u200fبغداد\u200fدمشق",
			[]Token{
				tok(3, Word, "بغداد", "بغداد"),
				tok(16, Word, "دمشق", "دمشق"),
			},
		},
		{
			"invalid utf-8 separates words",
			"بغداد\xffدمشق",
			[]Token{
				tok(0, Word, "بغداد", "بغداد"),
				tok(11, Word, "دمشق", "دمشق"),
			},
		},
		{
			"replacement character separates words",
			"بغداد\ufffdدمشق",
			[]Token{
				tok(0, Word, "بغداد", "بغداد"),
				tok(13, Word, "دمشق", "دمشق"),
			},
		},
		{
			"nul byte separates words",
			"بغداد\x00دمشق",
			[]Token{
				tok(0, Word, "بغداد", "بغداد"),
				tok(11, Word, "دمشق", "دمشق"),
			},
		},
		{
			"line breaks separate words",
			"الأولى\r\nالثانية",
			[]Token{
				tok(0, Word, "الأولى", "الاولي"),
				tok(14, Word, "الثانية", "الثانيه"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Tokenize(tt.in)
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Tokenize(%q):\n got %s\nwant %s", tt.in, formatTokens(got), formatTokens(tt.want))
			}
		})
	}
}

func formatTokens(toks []Token) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteString("\n  ")
		b.WriteString(strings.Join([]string{strconv.Itoa(t.Start), strconv.Itoa(t.End), t.Kind.String(), strconv.Quote(t.Text), strconv.Quote(t.Norm)}, " "))
	}
	return b.String()
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{0: "?", Word: "word", Latin: "latin", Number: "number", Punct: "punct", Quote: "quote", 99: "?"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", k, got, want)
		}
	}
}

// TestTokenizeArticle checks the token invariants on a real article.
func TestTokenizeArticle(t *testing.T) {
	text := sampleText(t)
	toks := Tokenize(text)
	if len(toks) < 100 {
		t.Fatalf("only %d tokens in the sample article", len(toks))
	}
	checkTokens(t, text, toks)
	words := 0
	for _, tk := range toks {
		if tk.Kind == Word {
			words++
		}
	}
	if words*10 < len(toks)*8 {
		t.Errorf("only %d of %d tokens are words", words, len(toks))
	}
}

// TestEveryRuneTokenHasNorm tokenises every Unicode scalar value on its own:
// a token must never normalise to nothing or to a space, or the matcher would
// see an invisible word.
func TestEveryRuneTokenHasNorm(t *testing.T) {
	var b strings.Builder
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		b.Reset()
		b.WriteRune(r)
		s := b.String()
		for _, tk := range Tokenize(s) {
			if strings.TrimSpace(tk.Norm) == "" {
				t.Errorf("Tokenize(%U) gives a %s token with Norm %q", r, tk.Kind, tk.Norm)
			}
			if tk.Kind == Word && strings.ContainsAny(tk.Norm, " \t\n") && r < 0xFDF0 {
				// The phrase ligatures U+FDF0–U+FDFD (ﷺ) stand for several
				// words; nothing else may put a space into a word.
				t.Errorf("Tokenize(%U) gives a word with Norm %q", r, tk.Norm)
			}
		}
	}
}

// checkTokens asserts the invariants every tokenisation must keep: spans in
// range, ordered and disjoint, Text and Norm consistent.
func checkTokens(t testing.TB, text string, toks []Token) {
	t.Helper()
	valid := utf8.ValidString(text)
	prev := 0
	for i, tk := range toks {
		if tk.Start < prev || tk.End <= tk.Start || tk.End > len(text) {
			t.Fatalf("token %d %q: span [%d:%d] out of order or range (previous end %d, text length %d)", i, tk.Text, tk.Start, tk.End, prev, len(text))
		}
		prev = tk.End
		if tk.Kind < Word || tk.Kind > Quote {
			t.Fatalf("token %d %q: bad kind %d", i, tk.Text, tk.Kind)
		}
		if tk.Text != text[tk.Start:tk.End] {
			t.Fatalf("token %d: Text %q is not text[%d:%d] = %q", i, tk.Text, tk.Start, tk.End, text[tk.Start:tk.End])
		}
		if !utf8.ValidString(tk.Norm) || (valid && !utf8.ValidString(tk.Text)) {
			t.Fatalf("token %d %q: invalid UTF-8 (Norm %q)", i, tk.Text, tk.Norm)
		}
		if tk.Norm != Normalize(tk.Text) {
			t.Fatalf("token %d %q: Norm %q is not Normalize(Text) = %q", i, tk.Text, tk.Norm, Normalize(tk.Text))
		}
		if (tk.Kind == Punct || tk.Kind == Quote) && utf8.RuneCountInString(tk.Text) != 1 {
			t.Fatalf("token %d %q: %s token of more than one rune", i, tk.Text, tk.Kind)
		}
	}
}
