package lexicon

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"hadath/arabic"
)

// render gives a match as `layer «text[Start:End]» form=what [reading] [glued]`,
// the entries joined by commas.
func render(text string, mt Match) string {
	var ents []string
	for i, e := range mt.Entries {
		what := ""
		switch e.Layer {
		case Actors:
			what = e.Code + "/" + string(e.Kind)
			if e.Kind == Sector {
				what = e.Sector + "/" + string(e.Kind)
			}
		case Triggers:
			what = string(e.Type)
		case Cues:
			what = e.Cue
		}
		ents = append(ents, mt.Forms[i]+"="+what)
	}
	s := fmt.Sprintf("%s «%s» %s", mt.Layer, text[mt.Start:mt.End], strings.Join(ents, ","))
	if mt.Reading != "" {
		s += " [" + mt.Reading + "]"
	}
	if mt.Glued {
		s += " glued"
	}
	return s
}

func TestFind(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // every match of every layer, in order
	}{
		{
			name: "longest multi-word entries and a glued name",
			text: "أكد رئيس الصين، شي جين بينج، أن الصين مستعدة للعمل مع أذربيجان لحماية النظام الدولي الذي تمثل الأممالمتحدة جوهره",
			want: []string{
				"cue «أكد» أكد=speech",
				"actor «الصين» الصين=CHN/country",
				// شي alone is a form too: the three words win.
				"actor «شي جين بينج» شي جين بينج=CHN/person",
				"actor «الصين» الصين=CHN/country",
				"trigger «مستعدة للعمل مع» مستعدة للعمل مع=AGREE",
				"actor «أذربيجان» أذربيجان=AZE/country",
				"actor «الأممالمتحدة» الأمم المتحدة=UNO/org glued",
			},
		},
		{
			name: "longest match prefers the full name",
			text: "وأعلنت جمهورية الصين الشعبية ومجلس الأمن الدولي",
			want: []string{
				"actor «جمهورية الصين الشعبية» جمهورية الصين الشعبية=CHN/country",
				"actor «مجلس الأمن الدولي» مجلس الأمن الدولي=UNO/org [و+مجلس]",
			},
		},
		{
			name: "proclitics: و+ل and ل before the article",
			text: "وقال إن لبكين ولواشنطن مصلحة في التهدئة، وبعث برسالة للصين",
			want: []string{
				"cue «قال» قال=speech [و+قال]",
				"actor «بكين» بكين=CHN/capital [ل+بكين]",
				"actor «واشنطن» واشنطن=USA/capital [و+ل+واشنطن]",
				"cue «في» في=location",
				// The article's ل stays with the name; the preposition ل does not.
				"actor «لصين» الصين=CHN/country [ل+ال+صين]",
			},
		},
		{
			name: "preposition before a two-word name",
			text: "وتعهدت الدول الأعضاء بالأمم المتحدة بدعم الولايات المتحدة والولايات المتحدة",
			want: []string{
				"actor «الأمم المتحدة» الأمم المتحدة=UNO/org [ب+الامم]",
				"trigger «دعم» دعم=SUPPORT [ب+دعم]",
				"actor «الولايات المتحدة» الولايات المتحدة=USA/country",
				"actor «الولايات المتحدة» الولايات المتحدة=USA/country [و+الولايات]",
			},
		},
		{
			name: "words that start like proclitics are not split",
			text: "قال والي بغداد إن الأوضاع في بلاد الشام هادئة",
			want: []string{
				"cue «قال» قال=speech",
				"actor «والي» والي=GOV/sector",
				"actor «بغداد» بغداد=IRQ/capital",
				"cue «في» في=location",
				"actor «بلاد الشام» بلاد الشام=SYR/place",
			},
		},
		{
			name: "pronoun suffix on one word and on the last word",
			text: "وانتقد المتظاهرون حكومتهم، وقال وزير خارجيتها إن حكومتي لن تتراجع",
			want: []string{
				"actor «المتظاهرون» متظاهرون=CVL/sector [ال+متظاهرون]",
				"trigger «المتظاهرون» المتظاهرون=PROTEST",
				// The teh marbuta written ت before the suffix is read back.
				"actor «حكومت» حكومة=GOV/sector [حكومه+هم]",
				"cue «قال» قال=speech [و+قال]",
				"actor «وزير خارجيت» وزير خارجية=GOV/sector [وزير]",
				// The suffix ي is not taken off: حكومتي is no match.
				"cue «لن» لن=negation",
			},
		},
		{
			name: "pronoun suffix ه",
			text: "وانتقد أردوغان حكومته وحكومة العراق",
			want: []string{
				// Two lines, one per term of office.
				"actor «أردوغان» أردوغان=TUR/person,أردوغان=TUR/person",
				"actor «حكومت» حكومة=GOV/sector [حكومه+ه]",
				"actor «حكومة» حكومة=GOV/sector [و+حكومه]",
				"actor «العراق» العراق=IRQ/country",
			},
		},
		{
			name: "an actor and a trigger on the same words",
			text: "خرج المتظاهرون في بغداد",
			want: []string{
				"actor «المتظاهرون» متظاهرون=CVL/sector [ال+متظاهرون]",
				"trigger «المتظاهرون» المتظاهرون=PROTEST",
				"cue «في» في=location",
				"actor «بغداد» بغداد=IRQ/capital",
			},
		},
		{
			name: "a suffix on the last word where the word also continues another form",
			text: "خلال زيارته لبكين التقى شي بعلييف",
			want: []string{
				// The cue has خلال زيارته as written, the trigger خلال زيارة + ه.
				"trigger «خلال زيارت» خلال زيارة=CONSULT [خلال]",
				"cue «خلال زيارته» خلال زيارته=host",
				"actor «بكين» بكين=CHN/capital [ل+بكين]",
				"trigger «التقى» التقى=CONSULT",
				"actor «شي» شي=CHN/person",
				"actor «علييف» علييف=AZE/person [ب+علييف]",
			},
		},
		{
			name: "a longer NONE trigger masks the shorter one",
			text: "وأكد أن حروب التعريفات الجمركية والحروب التجارية تقوض الحقوق",
			want: []string{
				"cue «أكد» أكد=speech [و+اكد]",
				"trigger «حروب» حروب=ASSAULT",
				"trigger «الحروب التجارية» الحروب التجارية=NONE [و+الحروب]",
			},
		},
		{
			name: "fewest clitics: وأضاف as written, كما is not ك+ما",
			text: "وأضاف أن الصين لم تتراجع، كما أكد أنها ولم",
			want: []string{
				"cue «وأضاف» وأضاف=continuation",
				"actor «الصين» الصين=CHN/country",
				"cue «لم» لم=negation",
				"cue «أكد» أكد=speech",
				"cue «لم» لم=negation [و+لم]",
			},
		},
		{
			name: "two glued names",
			text: "فيما قال «علييف»، إن أذربيجانوالصين لطالما تبادلتا الاحترام",
			want: []string{
				"cue «قال» قال=speech",
				"actor «علييف» علييف=AZE/person",
				"actor «أذربيجان» أذربيجان=AZE/country glued",
				"actor «الصين» الصين=CHN/country [و+الصين] glued",
			},
		},
		{
			name: "sector noun and demonym, with diacritics and tatweel",
			text: "وقال وزيرُ الخارجيّة التركي إن الجيـــش السوري انسحب من حلب",
			want: []string{
				"cue «قال» قال=speech [و+قال]",
				"actor «وزيرُ الخارجيّة» وزير الخارجية=GOV/sector",
				"actor «التركي» تركي=TUR/demonym [ال+تركي]",
				"actor «الجيـــش» جيش=MIL/sector [ال+جيش]",
				"actor «السوري» سوري=SYR/demonym [ال+سوري]",
				"actor «حلب» حلب=SYR/place",
			},
		},
		{
			name: "multi-word demonym with the article on every word",
			text: "أطلق الجيش الكوري الشمالي صاروخا",
			want: []string{
				"actor «الجيش» جيش=MIL/sector [ال+جيش]",
				"actor «الكوري الشمالي» كوري شمالي (+ال)=PRK/demonym",
			},
		},
		{
			name: "nothing to find",
			text: "ارتفعت أسعار النفط اليوم 3.5 في المئة",
			want: []string{"cue «في» في=location"},
		},
	}
	m := fixture(t).Matcher()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, mt := range findAll(m, tt.text) {
				got = append(got, render(tt.text, mt))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Find(%s):\ngot:\n  %s\nwant:\n  %s", tt.text, strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

// Spans are byte offsets into the whole text, also when the text is
// tokenised sentence by sentence, and the glued parts get their own bytes.
func TestFindSpans(t *testing.T) {
	m := fixture(t).Matcher()
	text := "أكد شي أن الصين تدعم أذربيجان.\nوقال علييف إن أذربيجانوالصين شريكان، وإن الأممالمتحدة ولواشنطن…"
	glued := strings.Index(text, "أذربيجانوالصين")
	un := strings.Index(text, "الأممالمتحدة")
	wash := strings.Index(text, "ولواشنطن") + len("ول")
	type span struct {
		code       string
		start, end int
		glued      bool
	}
	want := []span{
		{"CHN", strings.Index(text, "شي"), strings.Index(text, "شي") + len("شي"), false},
		{"CHN", strings.Index(text, "الصين"), strings.Index(text, "الصين") + len("الصين"), false},
		{"AZE", strings.Index(text, "أذربيجان"), strings.Index(text, "أذربيجان") + len("أذربيجان"), false},
		{"AZE", strings.Index(text, "علييف"), strings.Index(text, "علييف") + len("علييف"), false},
		{"AZE", glued, glued + len("أذربيجان"), true},
		{"CHN", glued + len("أذربيجانو"), glued + len("أذربيجانوالصين"), true},
		{"UNO", un, un + len("الأممالمتحدة"), true},
		{"USA", wash, wash + len("واشنطن"), false},
	}
	var got []span
	for _, mt := range findAll(m, text) {
		if mt.Layer == Actors {
			got = append(got, span{mt.Entries[0].Code, mt.Start, mt.End, mt.Glued})
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("actor spans\n got %v\nwant %v", got, want)
	}
	// Token indices are those of the sentence's tokens.
	for _, se := range arabic.Sentences(text) {
		for _, mt := range m.Find(text, se.Tokens, nil) {
			first, last := se.Tokens[mt.First], se.Tokens[mt.Last]
			if mt.Start < first.Start || mt.End > last.End {
				t.Errorf("match %s [%d:%d] outside its tokens %d..%d [%d:%d]", render(text, mt), mt.Start, mt.End, mt.First, mt.Last, first.Start, last.End)
			}
		}
	}
}

// A glued word keeps its article with the name and leaves the proclitics
// out, as for words written apart.
func TestGluedSpans(t *testing.T) {
	m := fixture(t).Matcher()
	for _, c := range []struct{ text, want string }{
		{"للأممالمتحدة", "actor «لأممالمتحدة» الأمم المتحدة=UNO/org [ل+ال+امم] glued"},
		{"والأممالمتحدة", "actor «الأممالمتحدة» الأمم المتحدة=UNO/org [و+الامم] glued"},
		{"الصينيوالسوري", "actor «الصيني» صيني=CHN/demonym [ال+صيني] glued|actor «السوري» سوري=SYR/demonym [و+ال+سوري] glued"},
		// Too short to split, or parts that are no names: nothing.
		{"بكينو", ""},
		{"الاقتصادية", ""},
	} {
		var got []string
		for _, mt := range findAll(m, c.text) {
			got = append(got, render(c.text, mt))
		}
		if strings.Join(got, "|") != c.want {
			t.Errorf("Find(%s) = %q, want %q", c.text, strings.Join(got, "|"), c.want)
		}
	}
}

func TestLookup(t *testing.T) {
	m := fixture(t).Matcher()
	if got := m.Lookup(Actors, "الأمم المتحدة"); len(got) != 1 || got[0].Code != "UNO" {
		t.Errorf("Lookup(الأمم المتحدة) = %v", sources(got))
	}
	// Lookup normalises but does not analyse clitics.
	if got := m.Lookup(Actors, "الامم المتحده"); len(got) != 1 {
		t.Errorf("Lookup(الامم المتحده) = %v", sources(got))
	}
	if got := m.Lookup(Actors, "والصين"); got != nil {
		t.Errorf("Lookup(والصين) = %v", sources(got))
	}
	// A prefix of a form is no entry; layers are separate.
	if got := m.Lookup(Actors, "الأمم"); got != nil {
		t.Errorf("Lookup(الأمم) = %v", sources(got))
	}
	if got := m.Lookup(Triggers, "الصين"); got != nil {
		t.Errorf("Lookup(Triggers, الصين) = %v", sources(got))
	}
	if got := m.Lookup(Triggers, "المتظاهرون"); len(got) != 1 || got[0].Type != "PROTEST" {
		t.Errorf("Lookup(Triggers, المتظاهرون) = %v", sources(got))
	}
}

// refMatch is what the brute-force matcher finds: a match with its refs.
type refMatch struct {
	layer       Layer
	first, last int
	start, end  int
	reading     string
	refs        []int // indices into Matcher.refs
}

func (r refMatch) String() string {
	return fmt.Sprintf("%s %d..%d [%d:%d] %q refs=%v", r.layer, r.first, r.last, r.start, r.end, r.reading, r.refs)
}

// bruteFind is the reference matcher: for every layer and every start
// position not yet covered in that layer, it tries every form of the layer
// against the tokens, reading the first token with arabic.Analyze, and keeps
// the longest match, then the one with fewest clitics, then the earliest
// reading of the first word (the stem before the stem with its article put
// back), then the earliest reading of the last word.
func bruteFind(m *Matcher, text string, toks []arabic.Token) []refMatch {
	var out []refMatch
	for l := Layer(0); l < numLayers; l++ {
		for i := 0; i < len(toks); {
			type cand struct {
				n, clitics, ri, fi, li int
				keys                   string
				start, endNorm         int
				reading                string
			}
			var best *cand
			readings := []arabic.Analysis{{Stem: toks[i].Norm, StemEnd: len(toks[i].Norm)}}
			if toks[i].Kind == arabic.Word {
				readings = arabic.Analyze(toks[i].Norm)
			}
			for ri := range readings {
				a := &readings[ri]
				if a.Suffix != "" && !suffixAllowed(a.Suffix) || !prefixAllowed(l, a) ||
					a.Suffix == "ه" && toks[i].Kind == arabic.Word && arabic.EndsWithTehMarbuta(toks[i].Text) {
					continue
				}
				firstForms := []string{a.Stem}
				if a.Article {
					firstForms = append(firstForms, "ال"+a.Stem)
				}
				for fi, f := range firstForms {
					for _, r := range m.refs {
						if r.entry.Layer != l || r.keys[0] != f || isGapKeys(r.keys) {
							continue
						}
						n := len(r.keys)
						if i+n > len(toks) || n > 1 && a.Suffix != "" {
							continue
						}
						ok := true
						for j := 1; j < n-1; j++ {
							if toks[i+j].Norm != r.keys[j] {
								ok = false
							}
						}
						if !ok {
							continue
						}
						c := cand{n: n, clitics: a.Clitics(), ri: ri, fi: fi, li: -1, keys: r.key(), endNorm: a.StemEnd}
						if n > 1 {
							last := toks[i+n-1]
							c.endNorm = len(last.Norm)
							if last.Norm != r.keys[n-1] {
								c.li = -2
								if last.Kind == arabic.Word {
									for bi, b := range arabic.Analyze(last.Norm) {
										if b.Prefix == "" && !b.Article && b.Suffix != "" && suffixAllowed(b.Suffix) && b.Stem == r.keys[n-1] &&
											!(b.Suffix == "ه" && arabic.EndsWithTehMarbuta(last.Text)) {
											c.li, c.endNorm = bi, b.StemEnd
											c.clitics++
											break
										}
									}
								}
								if c.li == -2 {
									continue
								}
							}
						}
						c.start = a.StemStart
						if a.Article {
							c.start = len(a.Prefix)
						}
						if c.clitics > 0 {
							c.reading = a.String()
						}
						if best == nil || c.n > best.n ||
							c.n == best.n && (c.clitics < best.clitics ||
								c.clitics == best.clitics && (c.ri < best.ri ||
									c.ri == best.ri && (c.fi < best.fi ||
										c.fi == best.fi && c.li < best.li))) {
							best = &c
						}
					}
				}
			}
			if best == nil {
				i++
				continue
			}
			first, last := toks[i], toks[i+best.n-1]
			s, _ := arabic.OriginalSpan(first.Text, best.start, len(first.Norm))
			_, e := arabic.OriginalSpan(last.Text, 0, best.endNorm)
			rm := refMatch{layer: l, first: i, last: i + best.n - 1, start: first.Start + s, end: last.Start + e, reading: best.reading}
			for ri, r := range m.refs {
				if r.entry.Layer == l && r.key() == best.keys {
					rm.refs = append(rm.refs, ri)
				}
			}
			out = append(out, rm)
			i += best.n
		}
	}
	return out
}

// toRef converts a Match back to the refs it names, for comparison.
func toRef(m *Matcher, mt Match) refMatch {
	rm := refMatch{layer: mt.Layer, first: mt.First, last: mt.Last, start: mt.Start, end: mt.End, reading: mt.Reading}
	for i, e := range mt.Entries {
		for ri, r := range m.refs {
			if r.entry == e && r.form == mt.Forms[i] {
				rm.refs = append(rm.refs, ri)
				break
			}
		}
	}
	return rm
}

// variants returns a word of a dictionary form with proclitics, the article
// and pronoun suffixes attached, a diacritic or a tatweel inside.
func variants(w string) []string {
	out := []string{w}
	for _, p := range []string{"و", "ف", "ب", "ك", "وب", "ول", "فل", "س"} {
		out = append(out, p+w)
	}
	if strings.HasPrefix(w, "ال") {
		out = append(out, "ل"+w[len("ا"):], "ول"+w[len("ا"):]) // للصين
	} else {
		out = append(out, "ال"+w, "وال"+w, "بال"+w, "لل"+w)
	}
	stem := w
	if strings.HasSuffix(w, "ة") {
		stem = strings.TrimSuffix(w, "ة") + "ت"
	}
	for _, s := range []string{"ه", "ها", "هم", "ي", "نا"} {
		out = append(out, stem+s, "و"+stem+s)
	}
	if rs := []rune(w); len(rs) > 2 {
		out = append(out, string(rs[:1])+"َ"+string(rs[1:]), string(rs[:2])+"ـ"+string(rs[2:]))
	}
	return out
}

var fillers = strings.Fields("قال في من على أن إن الذي التي رئيس وزير أعلن اليوم أمس مع بين وقال كما ما لا " +
	"الرئيس الحكومة حكومة والحكومة الجيش خلال زيارة بعد قبل هذا 2025 ، . ؟ « » والي بلاد لاد الي وزيرا")

// randomText strings together pieces of dictionary forms (whole or cut
// short, the first word with clitics, the last with a suffix, a word swapped
// for a variant) and filler words, so that multi-word forms, their prefixes
// and their overlaps turn up often.
func randomText(rng *rand.Rand, m *Matcher, vocab []string) string {
	var words []string
	for n := 1 + rng.Intn(6); n > 0; n-- {
		switch rng.Intn(5) {
		case 0:
			words = append(words, fillers[rng.Intn(len(fillers))])
		case 1:
			words = append(words, vocab[rng.Intn(len(vocab))])
		default:
			var form []string
			for _, tok := range arabic.Tokenize(m.refs[rng.Intn(len(m.refs))].form) {
				form = append(form, tok.Text)
			}
			if rng.Intn(3) == 0 {
				form = form[:1+rng.Intn(len(form))]
			}
			if rng.Intn(2) == 0 {
				v := variants(form[0])
				form[0] = v[rng.Intn(len(v))]
			}
			if len(form) > 1 && rng.Intn(2) == 0 {
				v := variants(form[len(form)-1])
				form[len(form)-1] = v[rng.Intn(len(v))]
			}
			if rng.Intn(6) == 0 {
				j := rng.Intn(len(form))
				v := variants(form[j])
				form[j] = v[rng.Intn(len(v))]
			}
			words = append(words, form...)
		}
	}
	return strings.Join(words, " ")
}

// vocabulary returns every word of every form of the lexicon with its
// variants, and the filler words.
func vocabulary(m *Matcher) []string {
	seen := map[string]bool{}
	var out []string
	add := func(w string) {
		if w != "" && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	for _, r := range m.refs {
		for _, tok := range arabic.Tokenize(r.form) {
			for _, v := range variants(tok.Text) {
				add(v)
			}
		}
	}
	for _, w := range fillers {
		add(w)
	}
	return out
}

// The trie matcher agrees with the brute-force reference on random texts
// made of dictionary words with and without clitics.
func TestFindMatchesBruteForce(t *testing.T) {
	lex := fixture(t)
	checkAgainstBruteForce(t, lex.Matcher(), 4000, 1)
}

func checkAgainstBruteForce(t *testing.T, m *Matcher, n int, seed int64) {
	t.Helper()
	vocab := vocabulary(m)
	rng := rand.New(rand.NewSource(seed))
	var s Scratch
	fails := 0
	for iter := 0; iter < n && fails < 5; iter++ {
		text := randomText(rng, m, vocab)
		toks := arabic.Tokenize(text)
		var got []refMatch
		for _, mt := range m.find(text, toks, &s, false) {
			if !mt.Glued { // glued words are recovered after matching: see below
				got = append(got, toRef(m, mt))
			}
		}
		want := bruteFind(m, text, toks)
		// Compare per layer, in position order.
		sortRefs := func(rs []refMatch) {
			slices.SortStableFunc(rs, func(a, b refMatch) int {
				if a.layer != b.layer {
					return int(a.layer) - int(b.layer)
				}
				return a.first - b.first
			})
		}
		sortRefs(got)
		sortRefs(want)
		if !slices.EqualFunc(got, want, func(a, b refMatch) bool {
			return a.layer == b.layer && a.first == b.first && a.last == b.last && a.start == b.start &&
				a.end == b.end && a.reading == b.reading && slices.Equal(a.refs, b.refs)
		}) {
			fails++
			var g, w []string
			for _, r := range got {
				g = append(g, r.String())
			}
			for _, r := range want {
				w = append(w, r.String())
			}
			t.Errorf("text %q:\nFind:\n  %s\nbrute force:\n  %s", text, strings.Join(g, "\n  "), strings.Join(w, "\n  "))
		}
		// Glued matches only come from words no other match covers.
		covered := map[int]bool{}
		for _, r := range want {
			for j := r.first; j <= r.last; j++ {
				covered[j] = true
			}
		}
		for _, mt := range m.find(text, toks, &s, false) {
			if mt.Glued && (covered[mt.First] || mt.First != mt.Last || mt.Layer != Actors) {
				fails++
				t.Errorf("text %q: glued match %s on a covered token", text, render(text, mt))
			}
		}
	}
}
