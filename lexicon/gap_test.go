package lexicon

import (
	"strconv"
	"strings"
	"testing"
)

const gapTriggers = "# columns: forms\ttype\tmode\tpos\tprep\tcontext\texample\n" +
	"وقع … اتفاقية|وقعت ... اتفاقية\tSUPPORT\t\tverb\tمع\t\tوقع البلدان اتفاقية\n" +
	"سحبت … سفيرها\tSANCTION\twithdraw\tverb\tمن\t\tسحبت تشيلي سفيرها\n" +
	"اتفاقية\tSUPPORT\t\tnoun\t\t\tاتفاقية\n"

func TestGappedForms(t *testing.T) {
	lex, err := LoadSources(Source{Name: "fixture", FS: fixtureFS(map[string]string{"triggers-gap.tsv": gapTriggers})})
	if err != nil {
		t.Fatal(err)
	}
	m := lex.Matcher()
	cases := []struct {
		name, text, want string // want: trigger span and gap, or "" for no gapped match
	}{
		{"subject inside the gap", "وقع المغرب ونيجيريا اتفاقية للغاز", "وقع المغرب ونيجيريا اتفاقية gap=1..2"},
		{"no gap at all", "وقعت اتفاقية جديدة", "وقعت اتفاقية gap=none"},
		{"article on the tail", "وقعت الدولتان الاتفاقية", "وقعت الدولتان الاتفاقية gap=1..1"},
		{"suffix on the tail", "سحبت تشيلي سفيرها من إسرائيل", "سحبت تشيلي سفيرها gap=1..1"},
		{"conjunction on the head", "ووقع الطرفان اتفاقية", "وقع الطرفان اتفاقية gap=1..1"},
		{"gap too long", "وقع الرئيس ورئيس الوزراء ووزير الخارجية أمس اتفاقية", ""},
		{"no gap across punctuation", "وقع الرئيس: ثم اتفاقية", ""},
		{"a list of subjects with commas", "وقعت مصر، والأردن اتفاقية", "وقعت مصر، والأردن اتفاقية gap=1..3"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ""
			for _, mt := range findAll(m, tc.text) {
				if mt.Layer != Triggers || len(mt.Forms) == 0 || !strings.Contains(mt.Forms[0], GapMarker) && !strings.Contains(mt.Forms[0], "...") {
					continue
				}
				gap := "none"
				if from, to, ok := mt.Gap(); ok {
					gap = strconv.Itoa(from) + ".." + strconv.Itoa(to)
				}
				got = tc.text[mt.Start:mt.End] + " gap=" + gap
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	// The gapped match replaces the single noun it ends on.
	for _, mt := range findAll(m, "وقع المغرب ونيجيريا اتفاقية") {
		if mt.Layer == Triggers && mt.First == mt.Last {
			t.Errorf("single-word trigger %s kept beside the gapped one", describe("وقع المغرب ونيجيريا اتفاقية", mt))
		}
	}
}
