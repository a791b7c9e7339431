package ner

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"hadath/arabic"
	"hadath/lexicon"
)

// featureVersion names the feature templates below. A model records the
// version it was trained with and refuses to load with other templates:
// change it whenever a template, the cue lists or the hashing changes.
const featureVersion = 3

// Feature templates. Each feature is the template number and its strings,
// hashed to 32 bits (FNV-1a, 64-bit, folded): the model never stores a
// feature string.
const (
	fBias byte = iota + 1
	fWord
	fRaw
	fStemLight // proclitic or conjunction removed, article kept
	fStem      // proclitics and article removed, no suffix
	fStemBare  // every clitic removed
	fPre1
	fPre2
	fPre3
	fSuf1
	fSuf2
	fSuf3
	fStemSuf1
	fStemSuf2
	fStemSuf3
	fStemPre2
	fWordM1
	fWordM2
	fWordP1
	fWordP2
	fStemM1
	fStemM2
	fStemP1
	fStemP2
	fBigramM1
	fBigramP1
	fStemBigramM1
	fKind
	fKindAround
	fLen
	fClitics
	fShape
	fLex
	fLexM1
	fLexP1
	fLexStem
	fTrigger
	fTriggerM1
	fLexCue
	fLexCueM1
	fLexCueM2
	fCue
	fCueM1
	fCueM2
	fCueP1
	fCueM1Stem
	fCueWindow
	fEdge
	fStemM1P1
	fGaz
	fGazM1
	fGazP1
	fDocKey
	fDocOut
	fDocType
	fDocAlso
	fFirst
	fFirstAround
	fClusterKey
	fCluster
	fClusterCoarse
	fClusterM1
	fClusterP1
	fClusterCoarseM1
	fClusterCoarseP1
	fClusterCoarseM2
	fClusterCoarseP2
	fDocAround
	fStemSuf4
	fStemPre3
	fName
	fNameM1
	fNameM2
	fNameP1
	fNameP2
	fFreq
	fFreqAround
	fFreqM1
	fFirstAround2
	fFirstPrev
	fNameFreq
	fFreqNameP1
	fMarkAfterFirst
	fFreqAfterFirst
)

// lexKinds are the actor kinds of the dictionaries, one bit each.
var lexKinds = [...]lexicon.Kind{lexicon.Country, lexicon.Demonym, lexicon.Capital, lexicon.Place,
	lexicon.Person, lexicon.Org, lexicon.Group, lexicon.Sector}

// tokInfo is what the templates read about one token.
type tokInfo struct {
	raw, norm  string
	stemLight  string
	stem       string
	stemBare   string
	clitics    string // proclitic letters, "+ال" and "+suffix" of the stem reading
	kind       arabic.Kind
	shape      string
	cue        uint8
	lexB, lexI uint8 // actor kinds matched starting here / continuing here
	trigger    bool
	lexCue     string // cue kind of the dictionaries' cue layer
	gaz        uint32 // gazetteer bits of the word
	name       uint8  // name classes of the word (names.tsv)
	clu, cluC  uint16 // fine and coarse word cluster, plus one (0: none)
}

// extractor computes the features of sentences; it holds the buffers of one
// goroutine.
type extractor struct {
	matcher  *lexicon.Matcher
	gaz      gazetteer
	clusters *Clusters
	scratch  lexicon.Scratch
	readings []arabic.Analysis
	infos    []tokInfo
	toks     []arabic.Token
	text     []byte
}

// analyse fills x.infos for the tokens of one sentence.
func (x *extractor) analyse(toks []arabic.Token) []tokInfo {
	if cap(x.infos) < len(toks) {
		x.infos = make([]tokInfo, len(toks), len(toks)+len(toks)/2)
	}
	infos := x.infos[:len(toks)]
	clear(infos)
	for i := range toks {
		x.analyseToken(&infos[i], &toks[i])
	}
	if x.matcher != nil && len(toks) > 0 {
		x.lexiconFeatures(infos, toks)
	}
	if x.clusters != nil {
		for i := range infos {
			infos[i].clu, infos[i].cluC = x.clusters.lookup(infos[i].stem)
		}
	}
	return infos
}

func (x *extractor) analyseToken(in *tokInfo, t *arabic.Token) {
	in.raw, in.norm, in.kind = t.Text, t.Norm, t.Kind
	in.stemLight, in.stem, in.stemBare = t.Norm, t.Norm, t.Norm
	in.shape = shapeOf(t)
	in.cue = cueTable[cueKey(t.Norm)]
	if t.Kind != arabic.Word {
		return
	}
	in.name = nameTable[cueKey(t.Norm)]
	// The stem with only a conjunction or preposition removed too: the
	// fullest reading takes ب of بوتين for a preposition.
	defer func() { in.name |= nameTable[in.stem] | nameTable[in.stemLight] }()
	if x.gaz != nil {
		in.gaz = x.gaz[cueKey(t.Norm)]
		defer func() { in.gaz |= x.gaz[in.stem] }()
	}
	x.readings = arabic.AnalyzeInto(x.readings[:0], t.Norm)
	best, bare, light := -1, -1, -1
	for ri := range x.readings {
		a := &x.readings[ri]
		n := a.Clitics()
		if a.Suffix == "" {
			if best < 0 || n > x.readings[best].Clitics() {
				best = ri
			}
			if light < 0 && len(a.Prefix) == 2 && !a.Article {
				light = ri
			}
		}
		if bare < 0 || n > x.readings[bare].Clitics() {
			bare = ri
		}
		if in.cue == cueNone && ri > 0 {
			in.cue = cueTable[a.Stem]
		}
	}
	if light >= 0 {
		in.stemLight = x.readings[light].Stem
	}
	if best >= 0 {
		a := &x.readings[best]
		in.stem = a.Stem
		in.clitics = a.Prefix
		if a.Article {
			in.clitics += "+ال"
		}
	}
	if bare >= 0 {
		a := &x.readings[bare]
		in.stemBare = a.Stem
		if a.Suffix != "" {
			in.clitics += "+" + a.Suffix
		}
	}
}

// lexiconFeatures marks the tokens covered by dictionary matches. The
// matcher wants tokens with offsets into one text: the tokens are copied
// onto a text of their own, so that callers may pass tokens of any origin.
func (x *extractor) lexiconFeatures(infos []tokInfo, toks []arabic.Token) {
	x.text = x.text[:0]
	x.toks = append(x.toks[:0], toks...)
	for i := range x.toks {
		t := &x.toks[i]
		t.Start = len(x.text)
		x.text = append(x.text, t.Text...)
		t.End = len(x.text)
		x.text = append(x.text, ' ')
	}
	text := string(x.text)
	for i := range x.toks {
		x.toks[i].Text = text[x.toks[i].Start:x.toks[i].End]
	}
	for _, m := range x.matcher.Find(text, x.toks, &x.scratch) {
		if m.First < 0 || m.Last >= len(infos) || m.First > m.Last {
			continue
		}
		switch m.Layer {
		case lexicon.Actors:
			var bits uint8
			for _, e := range m.Entries {
				for k, kind := range lexKinds {
					if e.Kind == kind {
						bits |= 1 << k
					}
				}
			}
			infos[m.First].lexB |= bits
			for j := m.First + 1; j <= m.Last; j++ {
				infos[j].lexI |= bits
			}
		case lexicon.Triggers:
			for j := m.First; j <= m.Last; j++ {
				infos[j].trigger = true
			}
		case lexicon.Cues:
			if len(m.Entries) > 0 {
				for j := m.First; j <= m.Last; j++ {
					infos[j].lexCue = m.Entries[0].Cue
				}
			}
		}
	}
}

// shapeOf describes the characters of a token beyond its kind.
func shapeOf(t *arabic.Token) string {
	switch t.Kind {
	case arabic.Number:
		n := utf8.RuneCountInString(t.Norm)
		if n == 4 {
			return "num4"
		}
		if n <= 2 {
			return "num12"
		}
		return "num"
	case arabic.Latin:
		r, _ := utf8.DecodeRuneInString(t.Text)
		if unicode.IsUpper(r) {
			return "Latin"
		}
		return "latin"
	case arabic.Word:
		var digit, other bool
		for _, r := range t.Norm {
			switch {
			case r >= '0' && r <= '9':
				digit = true
			case r < 0x0600 || r > 0x06FF:
				other = true
			}
		}
		switch {
		case digit:
			return "word+digit"
		case other:
			return "word+other"
		}
		return "word"
	}
	return t.Norm
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashStart(tpl byte) uint64 { return (fnvOffset ^ uint64(tpl)) * fnvPrime }

func hashString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return (h ^ 0xff) * fnvPrime // separator: "ab"+"c" differs from "a"+"bc"
}

func hashByte(h uint64, b byte) uint64 { return (h ^ uint64(b)) * fnvPrime }

// fold makes the 32-bit feature key; 0 is kept free for empty table slots.
func fold(h uint64) uint32 {
	k := uint32(h ^ h>>32)
	if k == 0 {
		k = 1
	}
	return k
}

// featureSink collects the feature keys of one token.
type featureSink []uint32

func (f *featureSink) s1(tpl byte, a string) {
	*f = append(*f, fold(hashString(hashStart(tpl), a)))
}

func (f *featureSink) s2(tpl byte, a, b string) {
	*f = append(*f, fold(hashString(hashString(hashStart(tpl), a), b)))
}

func (f *featureSink) bs(tpl byte, a byte, b string) {
	*f = append(*f, fold(hashString(hashByte(hashStart(tpl), a), b)))
}

func (f *featureSink) u1(tpl byte, v uint16) {
	*f = append(*f, fold(hashByte(hashByte(hashStart(tpl), byte(v)), byte(v>>8))))
}

func (f *featureSink) b1(tpl byte, a byte) {
	*f = append(*f, fold(hashByte(hashStart(tpl), a)))
}

func (f *featureSink) b2(tpl byte, a, b byte) {
	*f = append(*f, fold(hashByte(hashByte(hashStart(tpl), a), b)))
}

const (
	padBefore = "<s>"
	padAfter  = "</s>"
)

// features appends the feature keys of token i to dst.
func features(infos []tokInfo, i int, dst []uint32) []uint32 {
	f := featureSink(dst)
	t := &infos[i]
	at := func(j int) *tokInfo {
		if j < 0 || j >= len(infos) {
			return nil
		}
		return &infos[j]
	}
	word := func(j int) string {
		switch {
		case j < 0:
			return padBefore
		case j >= len(infos):
			return padAfter
		}
		return infos[j].norm
	}
	stem := func(j int) string {
		switch {
		case j < 0:
			return padBefore
		case j >= len(infos):
			return padAfter
		}
		return infos[j].stem
	}
	f.s1(fWord, t.norm)
	if t.raw != t.norm {
		f.s1(fRaw, t.raw)
	}
	f.s1(fStemLight, t.stemLight)
	f.s1(fStem, t.stem)
	f.s1(fStemBare, t.stemBare)
	f.s2(fBigramM1, word(i-1), t.norm)
	f.s2(fBigramP1, t.norm, word(i+1))
	f.s2(fStemBigramM1, stem(i-1), t.stem)
	for k := range lexKinds {
		if t.lexB&(1<<k) != 0 {
			f.bs(fLexStem, byte(k), t.stem)
		}
	}
	if p := at(i - 1); p != nil && p.cue != cueNone {
		f.bs(fCueM1Stem, p.cue, t.stem)
	}
	f = append(f, fold(hashStart(fBias)))
	if t.kind == arabic.Word {
		f.s1(fPre1, prefixRunes(t.norm, 1))
		f.s1(fPre2, prefixRunes(t.norm, 2))
		f.s1(fPre3, prefixRunes(t.norm, 3))
		f.s1(fSuf1, suffixRunes(t.norm, 1))
		f.s1(fSuf2, suffixRunes(t.norm, 2))
		f.s1(fSuf3, suffixRunes(t.norm, 3))
		f.s1(fStemSuf1, suffixRunes(t.stem, 1))
		f.s1(fStemSuf2, suffixRunes(t.stem, 2))
		f.s1(fStemSuf3, suffixRunes(t.stem, 3))
		f.s1(fStemPre2, prefixRunes(t.stem, 2))
		f.s1(fStemPre3, prefixRunes(t.stem, 3))
		f.s1(fStemSuf4, suffixRunes(t.stem, 4))
		f.s1(fClitics, t.clitics)
		f.b1(fLen, byte(min(utf8.RuneCountInString(t.stem), 9)))
	}
	f.s1(fWordM1, word(i-1))
	f.s1(fWordM2, word(i-2))
	f.s1(fWordP1, word(i+1))
	f.s1(fWordP2, word(i+2))
	f.s1(fStemM1, stem(i-1))
	f.s1(fStemM2, stem(i-2))
	f.s1(fStemP1, stem(i+1))
	f.s1(fStemP2, stem(i+2))
	f.s2(fStemM1P1, stem(i-1), stem(i+1))
	f.b1(fKind, byte(t.kind))
	kindOf := func(j int) byte {
		if p := at(j); p != nil {
			return byte(p.kind)
		}
		return 0
	}
	f.b2(fKindAround, kindOf(i-1), kindOf(i+1))
	f.s1(fShape, t.shape)
	for k := range lexKinds {
		bit := uint8(1) << k
		if t.lexB&bit != 0 {
			f.b2(fLex, 'B', byte(k))
		}
		if t.lexI&bit != 0 {
			f.b2(fLex, 'I', byte(k))
		}
		if p := at(i - 1); p != nil && (p.lexB|p.lexI)&bit != 0 {
			f.b1(fLexM1, byte(k))
		}
		if p := at(i + 1); p != nil && (p.lexB|p.lexI)&bit != 0 {
			f.b1(fLexP1, byte(k))
		}
	}
	if t.trigger {
		f.b1(fTrigger, 1)
	}
	if p := at(i - 1); p != nil && p.trigger {
		f.b1(fTriggerM1, 1)
	}
	if t.lexCue != "" {
		f.s1(fLexCue, t.lexCue)
	}
	if p := at(i - 1); p != nil && p.lexCue != "" {
		f.s1(fLexCueM1, p.lexCue)
	}
	if p := at(i - 2); p != nil && p.lexCue != "" {
		f.s1(fLexCueM2, p.lexCue)
	}
	if t.cue != cueNone {
		f.b1(fCue, t.cue)
	}
	if p := at(i - 1); p != nil && p.cue != cueNone {
		f.b1(fCueM1, p.cue)
	}
	if p := at(i - 2); p != nil && p.cue != cueNone {
		f.b1(fCueM2, p.cue)
	}
	if p := at(i + 1); p != nil && p.cue != cueNone {
		f.b1(fCueP1, p.cue)
	}
	// The nearest cue within four words before, with its distance: titles
	// come before two- and three-word names (الرئيس حسني مبارك).
	for d := 1; d <= 4; d++ {
		p := at(i - d)
		if p == nil || p.kind == arabic.Punct {
			break
		}
		if p.cue != cueNone {
			f.b2(fCueWindow, p.cue, byte(d))
			break
		}
	}
	for b := range 32 {
		bit := uint32(1) << b
		if t.gaz&bit != 0 {
			f.b1(fGaz, byte(b))
		}
		if p := at(i - 1); p != nil && p.gaz&bit != 0 {
			f.b1(fGazM1, byte(b))
		}
		if p := at(i + 1); p != nil && p.gaz&bit != 0 {
			f.b1(fGazP1, byte(b))
		}
	}
	for _, d := range [...]struct {
		off int
		tpl byte
	}{{0, fName}, {-1, fNameM1}, {-2, fNameM2}, {1, fNameP1}, {2, fNameP2}} {
		if p := at(i + d.off); p != nil && p.name != 0 {
			f.b1(d.tpl, p.name)
		}
	}
	if x := t.clu; x != 0 {
		f.u1(fCluster, x)
		f.u1(fClusterCoarse, t.cluC)
	}
	coarse := func(j int) uint16 {
		if p := at(j); p != nil {
			return p.cluC
		}
		return 0xffff
	}
	if p := at(i - 1); p != nil && p.clu != 0 {
		f.u1(fClusterM1, p.clu)
	}
	if p := at(i + 1); p != nil && p.clu != 0 {
		f.u1(fClusterP1, p.clu)
	}
	f.u1(fClusterCoarseM1, coarse(i-1))
	f.u1(fClusterCoarseP1, coarse(i+1))
	f.u1(fClusterCoarseM2, coarse(i-2))
	f.u1(fClusterCoarseP2, coarse(i+2))
	switch {
	case i == 0:
		f.b1(fEdge, 'F')
	case i == len(infos)-1:
		f.b1(fEdge, 'L')
	}
	return f
}

// prefixRunes returns the first n runes of s (all of s when shorter).
func prefixRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// suffixRunes returns the last n runes of s (all of s when shorter).
func suffixRunes(s string, n int) string {
	i := len(s)
	for i > 0 && n > 0 {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		n--
	}
	return s[i:]
}

func newExtractor(lex *lexicon.Lexicon, gaz gazetteer, clusters *Clusters) *extractor {
	x := &extractor{gaz: gaz, clusters: clusters}
	if lex != nil {
		x.matcher = lex.Matcher()
	}
	return x
}

// Name shapes of a token, beside its name classes (the low five bits).
const (
	markNisba  uint8 = 1 << (5 + iota) // article and a stem in ي: المصري، التركي (family names, nisbas)
	markKin                            // بن، أبو، آل: a name goes on
	markSpeech                         // قال، أكد، التقى: a reporting or meeting verb, its subject or object next
)

// nameMarks returns the name classes and shapes of a token, for the
// features that join them with the words around (vocab.features,
// docFeatures).
func nameMarks(in *tokInfo) uint8 {
	m := in.name & 0x1f
	if in.kind != arabic.Word {
		return m
	}
	if strings.HasPrefix(in.norm, "ال") && strings.HasSuffix(in.stem, "ي") && utf8.RuneCountInString(in.stem) >= 3 {
		m |= markNisba
	}
	switch in.cue {
	case cueKin:
		m |= markKin
	case cueSpeech, cueMeet:
		m |= markSpeech
	}
	return m
}
