package store

import (
	"reflect"
	"slices"
	"testing"
)

func TestHash(t *testing.T) {
	a := Hash("قَتَلَ  مسلحون\nفي الأنبار")
	b := Hash("قتل مسلحون في الانبار")
	if a == "" || a != b {
		t.Errorf("hash of variants differ: %q %q", a, b)
	}
	if Hash("قتل مسلحون في الفلوجة") == a {
		t.Error("different texts share a hash")
	}
	if Hash(" \n\t") != "" || Hash("") != "" {
		t.Error("blank text must hash to empty")
	}
}

func TestTerms(t *testing.T) {
	words, stems := Terms("وصل أحمد لواشنطن بالأنبار للصين، في 2025 مع UN.")
	wantWords := []string{"وصل", "احمد", "لواشنطن", "بالانبار", "للصين", "في", "2025", "مع", "un"}
	if !reflect.DeepEqual(words, wantWords) {
		t.Errorf("words = %q, want %q", words, wantWords)
	}
	for _, s := range []string{"واشنطن", "الانبار", "انبار", "الصين", "صين"} {
		if !slices.Contains(stems, s) {
			t.Errorf("stems %q lack %q", stems, s)
		}
	}
	for _, s := range []string{"لواشنطن", "احمد"} {
		if slices.Contains(stems, s) {
			t.Errorf("stems %q repeat the word %q", stems, s)
		}
	}
}

func TestParseQuery(t *testing.T) {
	for _, c := range []struct {
		q    string
		want []Term
	}{
		{"أحمد", []Term{{Words: []string{"احمد"}}}},
		{"قَتَلَ الأنبار", []Term{{Words: []string{"قتل"}}, {Words: []string{"الانبار"}}}},
		{`"وزير الخارجية" واشنط*`, []Term{{Words: []string{"وزير", "الخارجيه"}}, {Words: []string{"واشنط"}, Prefix: true}}},
		{"«مجلس الأمن»", []Term{{Words: []string{"مجلس", "الامن"}}}},
		{"O'Brien", []Term{{Words: []string{"o"}}, {Words: []string{"brien"}}}},
		{"، . ؟", nil},
		{`"غير مغلق`, []Term{{Words: []string{"غير", "مغلق"}}}},
	} {
		if got := ParseQuery(c.q); !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseQuery(%q) = %v, want %v", c.q, got, c.want)
		}
	}
}
