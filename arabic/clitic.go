package arabic

import "strings"

// Analysis is one way to read a normalised word as proclitics + stem +
// pronoun suffix. The analyser returns every plausible reading and lets the
// caller (the dictionary) decide which one names something it knows: والي is
// a word (governor) and also و + الي, and only a dictionary can tell.
type Analysis struct {
	// Prefix holds the proclitics removed before the stem, article excluded,
	// in normalised letters: "" or a combination of و ف and ب ل ك س ("وب").
	Prefix string
	// Article reports that the definite article ال was removed (written out,
	// or contracted in لل = ل + ال).
	Article bool
	// Stem is the rest of the word, a slice of the analysed string except
	// where a teh marbuta was restored before a suffix (حكومته -> حكومه).
	Stem string
	// Suffix is the pronoun suffix removed after the stem, or "".
	Suffix string
	// StemStart and StemEnd give the stem's byte range in the analysed word.
	StemStart, StemEnd int
}

// Clitics counts the clitics removed: proclitics, article and suffix.
func (a Analysis) Clitics() int {
	n := len(a.Prefix) / 2 // every proclitic letter is two bytes in UTF-8
	if a.Article {
		n++
	}
	if a.Suffix != "" {
		n++
	}
	return n
}

// WithArticle returns the stem with the definite article put back when one
// was removed (للصين -> الصين), else the stem itself.
func (a Analysis) WithArticle() string {
	if a.Article {
		return "ال" + a.Stem
	}
	return a.Stem
}

// String renders the analysis as clitics joined by +, e.g. و+ل+واشنطن.
func (a Analysis) String() string {
	var parts []string
	for _, r := range a.Prefix {
		parts = append(parts, string(r))
	}
	if a.Article {
		parts = append(parts, "ال")
	}
	parts = append(parts, a.Stem)
	if a.Suffix != "" {
		parts = append(parts, a.Suffix)
	}
	return strings.Join(parts, "+")
}

// suffixes are the pronoun suffixes in normalised letters, longest first so
// that هما is tried before ها and ه.
var suffixes = []string{"هما", "كما", "هم", "هن", "ها", "كم", "كن", "نا", "ني", "ه", "ك", "ي"}

// minStemRunes is the shortest stem the analyser will propose: one-letter
// stems are never words that a dictionary could confirm.
const minStemRunes = 2

// Analyze returns the readings of the normalised word w, the unanalysed
// reading first, then readings with more clitics removed. Use AnalyzeInto to
// reuse a buffer on hot paths.
func Analyze(w string) []Analysis {
	return AnalyzeInto(nil, w)
}

// AnalyzeInto appends the readings of w to dst and returns it.
func AnalyzeInto(dst []Analysis, w string) []Analysis {
	first := len(dst)
	dst = append(dst, Analysis{Stem: w, StemEnd: len(w)})
	if !startsArabicLetter(w) {
		return dst
	}
	// Proclitic chains: [و|ف] [ب|ل|ك|س] [ال]. Each step is a byte offset
	// into w where the next part starts.
	type step struct {
		prefixEnd int  // end of the proclitic letters
		article   bool // an article follows the proclitics
		stemStart int
	}
	var steps [12]step
	ns := 0
	add := func(s step) {
		if ns < len(steps) {
			steps[ns] = s
			ns++
		}
	}
	// conj and preps live in fixed arrays: growing a []int literal with
	// append allocated on every call, which AnalyzeInto must not do.
	var conjBuf, prepBuf [2]int
	conj := append(conjBuf[:0], 0)
	if hasRune(w, 0, "و") || hasRune(w, 0, "ف") {
		conj = append(conj, 2)
	}
	for _, c := range conj {
		preps := append(prepBuf[:0], c)
		if hasRune(w, c, "ب") || hasRune(w, c, "ل") || hasRune(w, c, "ك") {
			preps = append(preps, c+2)
		} else if hasRune(w, c, "س") && isImperfectPrefix(w, c+2) {
			preps = append(preps, c+2)
		}
		for _, p := range preps {
			if p > 0 {
				add(step{prefixEnd: p, stemStart: p})
			}
			if strings.HasPrefix(w[p:], "ال") {
				add(step{prefixEnd: p, article: true, stemStart: p + 4})
			} else if p >= 2 && w[p-2:p] == "ل" && hasRune(w, p, "ل") {
				// لل: the preposition ل before the article, whose alef is
				// not written (للصين = ل + الصين).
				add(step{prefixEnd: p, article: true, stemStart: p + 2})
			}
		}
	}
	// Readings without suffix come before readings with one, so that the
	// caller can stop at the first dictionary hit with fewest clitics.
	for i := 0; i < ns; i++ {
		s := steps[i]
		stem := w[s.stemStart:]
		if runeCount(stem) < minStemRunes {
			continue
		}
		dst = append(dst, Analysis{
			Prefix: w[:s.prefixEnd], Article: s.article,
			Stem: stem, StemStart: s.stemStart, StemEnd: len(w),
		})
	}
	nPre := len(dst)
	for i := first; i < nPre; i++ {
		a := dst[i]
		for _, suf := range suffixes {
			if !strings.HasSuffix(a.Stem, suf) {
				continue
			}
			stem := a.Stem[:len(a.Stem)-len(suf)]
			if runeCount(stem) < minStemRunes {
				continue
			}
			b := a
			b.Suffix = suf
			b.Stem = stem
			b.StemEnd = a.StemEnd - len(suf)
			dst = append(dst, b)
			if strings.HasSuffix(stem, "ت") {
				// A teh marbuta is written ت before a suffix.
				c := b
				c.Stem = stem[:len(stem)-2] + string(heh)
				dst = append(dst, c)
			}
		}
	}
	return dst
}

// hasRune reports whether w has the letter at byte i
// with at least minStemRunes letters after it.
func hasRune(w string, i int, letter string) bool {
	return i+len(letter) <= len(w) && w[i:i+len(letter)] == letter &&
		runeCount(w[i+len(letter):]) >= minStemRunes
}

// isImperfectPrefix reports whether w continues at i with an imperfect verb
// prefix (ي ت ن ا), the only place where the future particle س attaches.
func isImperfectPrefix(w string, i int) bool {
	for _, r := range []string{"ي", "ت", "ن", "ا"} {
		if hasRune(w, i, r) && runeCount(w[i:]) >= 3 {
			return true
		}
	}
	return false
}

func startsArabicLetter(w string) bool {
	if len(w) < 2 {
		return false
	}
	return w[0] == 0xD8 || w[0] == 0xD9 // U+0600–U+067F, where the letters are
}

func runeCount(s string) int {
	n := 0
	for range s {
		n++
	}
	return n
}
