package coder_test

import (
	"testing"
	"unicode/utf8"

	"hadath/coder"
	"hadath/plover"
)

// FuzzCode codes arbitrary text: the coder must not panic and every span it
// reports must lie inside the document.
func FuzzCode(f *testing.F) {
	for _, s := range []string{
		"أكد رئيس الصين، شي جين بينج، أن الصين مستعدة للعمل مع أذربيجان.",
		"وأضاف أن بلاده تلتزم بحزم بمبدأ صين واحدة، وتدعم الحكومة الصينية.",
		"قتل ثلاثة أشخاص في غارة إسرائيلية على غزة أمس.",
		"تظاهر آلاف الطلاب في القاهرة احتجاجا على ارتفاع الأسعار",
		"«نفى الجيش أن يكون قد قصف» المدينة؟ لم يلتق الوزير نظيره.",
		"الأممالمتحدة أذربيجانوالصين ولواشنطن",
		"\xff\xfe\x00 \u200f«",
		"",
	} {
		f.Add(s)
	}
	c := newCoder(f)
	f.Fuzz(func(t *testing.T, text string) {
		res := c.Code(coder.Document{ID: "fuzz", Text: text})
		in := func(s plover.Span, what string) {
			if s[0] < 0 || s[1] > len(text) || s[0] > s[1] {
				t.Fatalf("%s span %v outside text of %d bytes", what, s, len(text))
			}
		}
		for _, ev := range res.Events {
			for _, e := range append(append([]plover.Entity{}, ev.Actor...), ev.Recipient...) {
				in(e.Span, "entity")
			}
			for _, evd := range ev.Evidence {
				in(evd.Trigger, "trigger")
				for _, s := range append(append([]plover.Span{}, evd.Actor...), evd.Recipient...) {
					in(s, "evidence")
				}
			}
			if ev.EventLoc != nil {
				in(ev.EventLoc.Span, "location")
			}
			if utf8.ValidString(text) && !utf8.ValidString(ev.EventText) {
				t.Fatalf("invalid UTF-8 event text %q", ev.EventText)
			}
		}
		for _, e := range res.Entities {
			in(e.Span, "entity")
		}
		for _, q := range res.Quotes {
			in(q.Span, "quote")
		}
	})
}
