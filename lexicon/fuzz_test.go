package lexicon

import (
	"testing"

	"hadath/arabic"
)

// FuzzFind runs the fixture matcher on arbitrary text: it must not panic,
// and every match must lie inside the text and its tokens, with Start <=
// End, and the matches of each layer must be ordered and not overlap.
func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"أكد رئيس الصين، شي جين بينج، أن الصين مستعدة للعمل مع أذربيجان",
		"فيما قال «علييف»، إن أذربيجانوالصين لطالما تبادلتا الاحترام",
		"وقال إن لبكين ولواشنطن مصلحة، وبعث برسالة للصين والأممالمتحدة",
		"خلال زيارته لبكين خرج المتظاهرون وانتقد حكومتهم ووزير خارجيتها",
		"وقال وزيرُ الخارجيّة التركي إن الجيـــش السوري انسحب من حلب",
		"ﺑﺎﻟﺼﻴﻦ ﻭﻻ ﻟﻠﺼﻴﻦ", // presentation forms
		"الصين\u200cوالصين \u00adالصين",
		"الصين\xffوالصين \xd8",
		"ﹰ ﱞ ـ ٌ",
		"",
		"123 abc الصين 4.5",
	} {
		f.Add(s)
	}
	m := fixture(f).Matcher()
	f.Fuzz(func(t *testing.T, text string) {
		var s Scratch
		check := func(toks []arabic.Token) {
			ms := m.Find(text, toks, &s)
			var lastEnd [numLayers]int
			var lastTok [numLayers]int
			for l := range lastTok {
				lastTok[l] = -1
			}
			for k, mt := range ms {
				if mt.Start < 0 || mt.End > len(text) || mt.Start > mt.End {
					t.Fatalf("match %d span [%d:%d] outside the text (%d bytes)", k, mt.Start, mt.End, len(text))
				}
				if mt.First < 0 || mt.Last >= len(toks) || mt.First > mt.Last {
					t.Fatalf("match %d tokens %d..%d of %d", k, mt.First, mt.Last, len(toks))
				}
				if mt.Start < toks[mt.First].Start || mt.End > toks[mt.Last].End {
					t.Fatalf("match %d span [%d:%d] outside its tokens [%d:%d]", k, mt.Start, mt.End, toks[mt.First].Start, toks[mt.Last].End)
				}
				if len(mt.Entries) == 0 || len(mt.Entries) != len(mt.Forms) {
					t.Fatalf("match %d has %d entries and %d forms", k, len(mt.Entries), len(mt.Forms))
				}
				for _, e := range mt.Entries {
					if e.Layer != mt.Layer {
						t.Fatalf("match %d in layer %s has an entry of layer %s", k, mt.Layer, e.Layer)
					}
				}
				l := mt.Layer
				if mt.Start < lastEnd[l] {
					t.Fatalf("match %d [%d:%d] overlaps or precedes the previous %s match ending at %d", k, mt.Start, mt.End, l, lastEnd[l])
				}
				// Tokens too, except the two names of one glued word.
				if mt.First <= lastTok[l] && !(mt.Glued && mt.First == lastTok[l]) {
					t.Fatalf("match %d tokens %d..%d overlap the previous %s match ending at token %d", k, mt.First, mt.Last, l, lastTok[l])
				}
				lastEnd[l], lastTok[l] = mt.End, mt.Last
			}
			// Sorted by position across layers.
			for k := 1; k < len(ms); k++ {
				if ms[k].Start < ms[k-1].Start && ms[k].First < ms[k-1].First {
					t.Fatalf("matches %d and %d out of order", k-1, k)
				}
			}
			Mentions(ms, date("2020-01-01"))
		}
		check(arabic.Tokenize(text))
		for _, se := range arabic.Sentences(text) {
			check(se.Tokens)
		}
	})
}
