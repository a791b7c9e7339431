package arabic

import (
	"reflect"
	"strings"
	"testing"
)

func TestSentences(t *testing.T) {
	longQuote := "«" + strings.Repeat("كلام طويل ", 70) // 1261 bytes, never closed
	tests := []struct {
		name string
		in   string
		want []string // text[Start:End] of each sentence
	}{
		{"empty", "", nil},
		{"only spaces and breaks", "  \n\n\t \r\n", nil},
		{"only punctuation still a sentence", "...", []string{"..."}},
		{
			"full stops",
			"وصل الرئيس إلى بكين. وبدأت المحادثات صباح اليوم.",
			[]string{"وصل الرئيس إلى بكين.", "وبدأت المحادثات صباح اليوم."},
		},
		{
			"arabic question mark, exclamation mark and semicolon",
			"هل هي نهاية إردوغان؟ لا أحد يعرف! قالت الوزارة؛ ثم صمتت",
			[]string{"هل هي نهاية إردوغان؟", "لا أحد يعرف!", "قالت الوزارة؛", "ثم صمتت"},
		},
		{
			"latin question mark and ellipsis",
			"ماذا بعد? لا شيء… انتهى",
			[]string{"ماذا بعد?", "لا شيء…", "انتهى"},
		},
		{
			"line breaks end sentences",
			"هل هي نهاية إردوغان\nثمة خطب جلل تدور أحداثه الآن في تركيا\r\n\r\nوعلى المهتمين مراقبته",
			[]string{"هل هي نهاية إردوغان", "ثمة خطب جلل تدور أحداثه الآن في تركيا", "وعلى المهتمين مراقبته"},
		},
		{
			"unicode line and paragraph separators",
			"الأولى\u2028الثانية\u2029الثالثة",
			[]string{"الأولى", "الثانية", "الثالثة"},
		},
		{
			"decimal point inside a number",
			"ارتفع النمو بنسبة 3.5 في المئة. وتراجع التضخم إلى ٢٫٥ في المئة.",
			[]string{"ارتفع النمو بنسبة 3.5 في المئة.", "وتراجع التضخم إلى ٢٫٥ في المئة."},
		},
		{
			"full stop after a number",
			"وقعت الحرب عام 2003. وانتهت عام 2011.",
			[]string{"وقعت الحرب عام 2003.", "وانتهت عام 2011."},
		},
		{
			"missing space after full stop",
			"في الساحة خارج البوابة الشرقية لقاعة الشعب الكبرى في بكين.الرئيس شي استقبل علييف.",
			[]string{"في الساحة خارج البوابة الشرقية لقاعة الشعب الكبرى في بكين.", "الرئيس شي استقبل علييف."},
		},
		{
			"missing space after full stop before a number",
			"انتهى الاجتماع.2025 عام الحسم.",
			[]string{"انتهى الاجتماع.", "2025 عام الحسم."},
		},
		{
			"terminator inside guillemets",
			"وقال: «لن نتراجع. سنواصل العمل!» وأضاف أن الحكومة ستقرر. ثم غادر.",
			[]string{"وقال: «لن نتراجع. سنواصل العمل!» وأضاف أن الحكومة ستقرر.", "ثم غادر."},
		},
		{
			"terminator inside nested quotes",
			"قال: «نرفض “الأمة المهزومة. الضعيفة” تماما.» انتهى. بعدها",
			[]string{"قال: «نرفض “الأمة المهزومة. الضعيفة” تماما.» انتهى.", "بعدها"},
		},
		{
			"terminator inside straight quotes",
			"وبدأت تنفض عن نفسها صورة \"الأمة المهزومة. الضعيفة\" . ليس من قبيل المبالغة",
			[]string{"وبدأت تنفض عن نفسها صورة \"الأمة المهزومة. الضعيفة\" .", "ليس من قبيل المبالغة"},
		},
		{
			"quote closed before the full stop",
			"ودعا إلى مكافحة «قوى الشر الثلاث». ودعا الجانبين إلى التعاون.",
			[]string{"ودعا إلى مكافحة «قوى الشر الثلاث».", "ودعا الجانبين إلى التعاون."},
		},
		{
			"closing bracket after terminator stays in the sentence",
			"(وفق ما نقلت الوكالة.) وأضاف الوزير.",
			[]string{"(وفق ما نقلت الوكالة.)", "وأضاف الوزير."},
		},
		{
			"repeated terminators stay together",
			"من المتآمر على إردوغان؟! توقعنا سقوط رئيس سوريا...",
			[]string{"من المتآمر على إردوغان؟!", "توقعنا سقوط رئيس سوريا..."},
		},
		{
			"line break ends a sentence even inside a quote",
			"قال «لن نتراجع\nوأضاف",
			[]string{"قال «لن نتراجع", "وأضاف"},
		},
		{
			"quote left open too long does not glue the article",
			longQuote + "انتهى. ثم غادر.",
			[]string{longQuote + "انتهى.", "ثم غادر."},
		},
		{
			"leading and trailing spaces outside the sentence",
			"  وصل الوفد.  ",
			[]string{"وصل الوفد."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sentences(tt.in)
			var texts []string
			for _, s := range got {
				texts = append(texts, tt.in[s.Start:s.End])
			}
			if !reflect.DeepEqual(texts, tt.want) {
				t.Errorf("Sentences(%q):\n got %q\nwant %q", tt.in, texts, tt.want)
			}
			checkSentences(t, tt.in, got)
		})
	}
}

func TestSentencesTokensAndIndex(t *testing.T) {
	text := "وصل الرئيس إلى بكين.وبدأت المحادثات."
	got := Sentences(text)
	want := []Sentence{
		{Index: 0, Start: 0, End: 36, Tokens: []Token{
			tok(0, Word, "وصل", "وصل"),
			tok(7, Word, "الرئيس", "الرئيس"),
			tok(20, Word, "إلى", "الي"),
			tok(27, Word, "بكين", "بكين"),
			tok(35, Punct, ".", "."),
		}},
		{Index: 1, Start: 36, End: 66, Tokens: []Token{
			tok(36, Word, "وبدأت", "وبدات"),
			tok(47, Word, "المحادثات", "المحادثات"),
			tok(65, Punct, ".", "."),
		}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Sentences(%q) =\n%+v\nwant\n%+v", text, got, want)
	}
}

// TestSentencesArticle splits the sample article: every sentence but the
// last of a paragraph ends on a terminator, and the sentences hold exactly
// the tokens of Tokenize.
func TestSentencesArticle(t *testing.T) {
	text := sampleText(t)
	sents := Sentences(text)
	checkSentences(t, text, sents)
	if len(sents) < 3 {
		t.Fatalf("only %d sentences in the sample article", len(sents))
	}
	const first = "أكد رئيس الصين، شي جين بينج، أن الصين مستعدة للعمل مع أذربيجان"
	if got := text[sents[0].Start:sents[0].End]; !strings.HasPrefix(got, first) || !strings.HasSuffix(got, "إلهام علييف.") {
		t.Errorf("first sentence = %q", got)
	}
	for _, s := range sents {
		last := s.Tokens[len(s.Tokens)-1]
		if !isTerminator(last.Text) && !strings.HasPrefix(text[s.End:], "\n") && s.End != len(strings.TrimRight(text, "\n")) {
			t.Errorf("sentence %d ends on %q without a terminator or line break: %q", s.Index, last.Text, text[s.Start:s.End])
		}
	}
}

// checkSentences asserts the invariants of every sentence split: indexes in
// order, spans ordered and disjoint, each sentence spanning its tokens, no
// line break inside a sentence, and all tokens together those of Tokenize.
func checkSentences(t testing.TB, text string, sents []Sentence) {
	t.Helper()
	var all []Token
	prev := 0
	for i, s := range sents {
		if s.Index != i {
			t.Fatalf("sentence %d has Index %d", i, s.Index)
		}
		if len(s.Tokens) == 0 {
			t.Fatalf("sentence %d has no tokens", i)
		}
		if s.Start < prev || s.End < s.Start || s.End > len(text) {
			t.Fatalf("sentence %d: span [%d:%d] out of order or range (previous end %d, text length %d)", i, s.Start, s.End, prev, len(text))
		}
		prev = s.End
		if s.Start != s.Tokens[0].Start || s.End != s.Tokens[len(s.Tokens)-1].End {
			t.Fatalf("sentence %d: span [%d:%d] is not that of its tokens [%d:%d]", i, s.Start, s.End, s.Tokens[0].Start, s.Tokens[len(s.Tokens)-1].End)
		}
		for j := 1; j < len(s.Tokens); j++ {
			gap := text[s.Tokens[j-1].End:s.Tokens[j].Start]
			if strings.ContainsAny(gap, "\n\r\u2028\u2029\u0085") {
				t.Fatalf("sentence %d crosses a line break between %q and %q", i, s.Tokens[j-1].Text, s.Tokens[j].Text)
			}
		}
		all = append(all, s.Tokens...)
	}
	checkTokens(t, text, all)
	if toks := Tokenize(text); len(toks) != len(all) || (len(all) > 0 && !reflect.DeepEqual(toks, all)) {
		t.Fatalf("sentences hold %d tokens, Tokenize gives %d, or they differ", len(all), len(toks))
	}
}

// TestSentencesTokensIndependent appends to one sentence's tokens: the next
// sentence, which shares the backing array, must not change.
func TestSentencesTokensIndependent(t *testing.T) {
	text := "وصل الوفد. وبدأت المحادثات."
	sents := Sentences(text)
	if len(sents) != 2 {
		t.Fatalf("%d sentences, want 2", len(sents))
	}
	want := sents[1].Tokens[0]
	_ = append(sents[0].Tokens, Token{Text: "x"})
	if sents[1].Tokens[0] != want {
		t.Errorf("appending to sentence 0 changed sentence 1 to %+v", sents[1].Tokens[0])
	}
}
