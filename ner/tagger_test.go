package ner

import (
	"encoding/json"
	"strings"
	"testing"

	"hadath/arabic"
)

func testTagger(tb testing.TB) *Tagger {
	tb.Helper()
	t, err := Default()
	if err != nil {
		tb.Fatalf("Default: %v (retrain with: go run ./cmd/hadath ner train --data ../shared/data/ner/ANERCorp_CamelLab_train.txt --out ner/model/model.bin)", err)
	}
	return t
}

func TestDefaultModel(t *testing.T) {
	tg := testTagger(t)
	var meta struct {
		Data     string `json:"data"`
		Seed     int64  `json:"seed"`
		Epochs   int    `json:"epochs"`
		Features []int  `json:"features"`
	}
	if err := json.Unmarshal([]byte(tg.Model().Meta), &meta); err != nil {
		t.Fatalf("meta %q: %v", tg.Model().Meta, err)
	}
	if meta.Data != "ANERCorp_CamelLab_train.txt" || meta.Epochs == 0 || len(meta.Features) != 2 {
		t.Errorf("unexpected meta %+v", meta)
	}
	if n := tg.Model().Features(); n < 10000 {
		t.Errorf("only %d features", n)
	}
}

// want is an entity a sentence must yield: its type and its text, exactly
// or (contains) as part of the span.
type want struct {
	typ      Type
	text     string
	contains bool
}

func spanTexts(text string, spans []Span) []string {
	var out []string
	for _, s := range spans {
		out = append(out, string(s.Type)+":"+text[s.Start:s.End])
	}
	return out
}

func checkSpans(t *testing.T, text string, spans []Span, wants []want) {
	t.Helper()
	for _, w := range wants {
		found := false
		for _, s := range spans {
			got := text[s.Start:s.End]
			if s.Type == w.typ && (got == w.text || w.contains && strings.Contains(got, w.text)) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s\n  want %s %q, got %v", text, w.typ, w.text, spanTexts(text, spans))
		}
	}
}

func TestTagSentences(t *testing.T) {
	tg := testTagger(t)
	tests := []struct {
		text  string
		wants []want
	}{
		{ // a person after "the spokesman of the police"
			"وقال المتحدث باسم الشرطة أحمد الشهري إن قوات الأمن اعتقلت ثلاثة مشتبه بهم في مدينة الرياض.",
			[]want{{PERS, "أحمد الشهري", false}, {LOC, "الرياض", false}},
		},
		{ // an organisation after جماعة
			"وتبنت جماعة أنصار الشريعة الهجوم على القنصلية في بنغازي.",
			[]want{{ORG, "أنصار الشريعة", true}, {LOC, "بنغازي", false}},
		},
		{
			"وقالت جماعة الإخوان المسلمين في بيان إن الحكومة مسؤولة عن الأزمة.",
			[]want{{ORG, "الإخوان المسلمين", true}},
		},
		{
			"والتقى وزير الخارجية الأمريكي جون كيري نظيره الروسي سيرغي لافروف في جنيف.",
			[]want{{PERS, "جون كيري", false}, {PERS, "سيرغي لافروف", false}, {LOC, "جنيف", false}},
		},
		{
			"التقى الرئيس المصري حسني مبارك رئيس الوزراء الإسرائيلي إيهود أولمرت في شرم الشيخ أمس.",
			[]want{{PERS, "حسني مبارك", false}, {PERS, "إيهود أولمرت", false}, {LOC, "شرم الشيخ", false}},
		},
		{
			"وأعلنت حركة حماس أن إسماعيل هنية سيزور القاهرة الأسبوع المقبل.",
			[]want{{ORG, "حماس", true}, {PERS, "إسماعيل هنية", false}, {LOC, "القاهرة", false}},
		},
		{
			"وقال الشيخ يوسف القرضاوي في خطبة الجمعة في الدوحة إن الأمة بحاجة إلى الوحدة.",
			[]want{{PERS, "يوسف القرضاوي", false}, {LOC, "الدوحة", false}},
		},
	}
	for _, tt := range tests {
		toks := arabic.Tokenize(tt.text)
		spans := tg.Tag(toks)
		checkSpans(t, tt.text, spans, tt.wants)
		tags := tg.Tags(toks)
		if len(tags) != len(toks) {
			t.Errorf("%d tags for %d tokens", len(tags), len(toks))
		}
	}
}

// ANERcorp-style tokens keep their clitics: والعراق is one LOC token.
func TestTagWordsWithClitics(t *testing.T) {
	tg := testTagger(t)
	words := strings.Fields("وتوجه الوفد إلى لبنان والعراق وسوريا لبحث الأوضاع الأمنية .")
	got := tg.TagWords([][]string{words})[0]
	wantTags := map[string]string{"لبنان": "B-LOC", "والعراق": "B-LOC", "وسوريا": "B-LOC", "الوفد": "O"}
	for i, w := range words {
		if want, ok := wantTags[w]; ok && got[i] != want {
			t.Errorf("%s: %s, want %s (tags %v)", w, got[i], want, got)
		}
	}
}

// The document context: a surname alone, after the full name earlier.
func TestTagDocument(t *testing.T) {
	tg := testTagger(t)
	text := "وقال وزير الخارجية الإسباني ميغيل أنخيل موراتينوس إن بلاده تدعم المفاوضات. وأضاف موراتينوس أن الحل السياسي هو الطريق الوحيد."
	sents := arabic.Sentences(text)
	var toks [][]arabic.Token
	for _, s := range sents {
		toks = append(toks, s.Tokens)
	}
	spans := tg.TagDocument(toks)
	if len(spans) != len(sents) {
		t.Fatalf("%d span lists for %d sentences", len(spans), len(sents))
	}
	var all []Span
	for j, ss := range spans {
		for _, s := range ss {
			if s.Last >= len(toks[j]) || s.Start != toks[j][s.First].Start || s.End != toks[j][s.Last].End {
				t.Errorf("sentence %d: bad span %+v", j, s)
			}
		}
		all = append(all, ss...)
	}
	checkSpans(t, text, all, []want{{PERS, "موراتينوس", false}})
}

func TestTagEmptyAndOdd(t *testing.T) {
	tg := testTagger(t)
	if got := tg.Tag(nil); len(got) != 0 {
		t.Errorf("Tag(nil) = %v", got)
	}
	if got := tg.TagDocument(nil); len(got) != 0 {
		t.Errorf("TagDocument(nil) = %v", got)
	}
	for _, text := range []string{"،", "2024", "Reuters", "«»", "ـــ", "و"} {
		toks := arabic.Tokenize(text)
		for _, s := range tg.Tag(toks) {
			if s.First < 0 || s.Last >= len(toks) || s.First > s.Last {
				t.Errorf("%q: span %+v", text, s)
			}
		}
	}
}

func FuzzTag(f *testing.F) {
	for _, s := range []string{
		"وقال المتحدث باسم الشرطة أحمد الشهري إن قوات الأمن اعتقلت ثلاثة.",
		"التقى الرئيس المصري حسني مبارك في شرم الشيخ. وأضاف مبارك",
		"الأممالمتحدة «حماس» 3.5% Reuters ﻻ",
		"",
		"\xff\xfe بن",
	} {
		f.Add(s)
	}
	tg := testTagger(f)
	f.Fuzz(func(t *testing.T, text string) {
		sents := arabic.Sentences(text)
		toks := make([][]arabic.Token, len(sents))
		for j, s := range sents {
			toks[j] = s.Tokens
		}
		for j, spans := range tg.TagDocument(toks) {
			last := -1
			for _, s := range spans {
				if s.First <= last || s.First > s.Last || s.Last >= len(toks[j]) {
					t.Fatalf("sentence %d: span %+v out of order or range (%d tokens)", j, s, len(toks[j]))
				}
				if s.Start != toks[j][s.First].Start || s.End != toks[j][s.Last].End || s.Start > s.End || s.End > len(text) {
					t.Fatalf("sentence %d: span %+v has bad offsets", j, s)
				}
				switch s.Type {
				case PERS, LOC, ORG, MISC:
				default:
					t.Fatalf("span type %q", s.Type)
				}
				last = s.Last
			}
		}
		all := arabic.Tokenize(text)
		for _, s := range tg.Tag(all) {
			if s.First < 0 || s.Last >= len(all) || s.First > s.Last {
				t.Fatalf("Tag: span %+v out of range (%d tokens)", s, len(all))
			}
		}
	})
}
