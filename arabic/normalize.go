// Package arabic holds the script-level Arabic text layer of hadath: matching
// normalisation, tokenisation with byte offsets, sentence splitting, clitic
// analysis and recovery of words glued together by scrapers.
//
// The package knows nothing of politics or dictionaries. Every derived object
// keeps byte offsets into the original text, which is never modified, so that
// evidence can always be traced back to the exact words of a document.
package arabic

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Letters the normaliser produces; named because the clitic analyser and the
// dictionaries compare against them.
const (
	alef      = 'ا'
	yeh       = 'ي'
	heh       = 'ه'
	tehMarbut = 'ة'
)

// presentation maps Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF)
// to their normalised letters. Built once from the Unicode compatibility
// decompositions: a presentation form may stand for several letters (ﻻ = لا).
var presentation = buildPresentation()

func buildPresentation() map[rune]string {
	m := make(map[rune]string)
	add := func(lo, hi rune) {
		for r := lo; r <= hi; r++ {
			d := norm.NFKC.String(string(r))
			if d == string(r) || d == "" {
				continue
			}
			var b strings.Builder
			for _, x := range d {
				if y, keep := mapRune(x); keep {
					b.WriteRune(y)
				}
			}
			// The isolated forms of diacritics (ﹰ U+FE70, ﱞ U+FC5E…)
			// decompose to a space carrying the mark. Once the mark is
			// dropped the space must go too: it is no word break, and a
			// word token must not normalise to " ".
			if strings.TrimSpace(b.String()) == "" {
				m[r] = ""
				continue
			}
			m[r] = b.String()
		}
	}
	add(0xFB50, 0xFDFF)
	add(0xFE70, 0xFEFF)
	return m
}

// presentationForm returns the normalised letters of a presentation form.
// The range test spares every other rune a map lookup, which was the largest
// single cost of Normalize.
func presentationForm(r rune) (string, bool) {
	if r < 0xFB50 || r > 0xFEFF {
		return "", false
	}
	p, ok := presentation[r]
	return p, ok
}

// mapRune is the one-rune core of the normaliser: it returns the matching form
// of r and whether r is kept at all. Presentation forms are handled by the
// caller because they can expand to several runes.
func mapRune(r rune) (rune, bool) {
	switch {
	case r < 0x80:
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A'), true
		}
		return r, true
	case r >= 0x064B && r <= 0x065F, // harakat, shadda, sukun, small marks
		r == 0x0670,                // superscript (dagger) alef
		r >= 0x0610 && r <= 0x061A, // honorifics and Quranic signs
		r >= 0x06D6 && r <= 0x06ED, // Quranic annotation signs
		r >= 0x08D3 && r <= 0x08FF, // extended Arabic marks
		r == 0x0640,                // tatweel
		r >= 0x200B && r <= 0x200F, // zero-width space, joiners, LRM/RLM
		r >= 0x202A && r <= 0x202E, // bidi embeddings
		r >= 0x2066 && r <= 0x2069, // bidi isolates
		r == 0xFEFF, r == 0x00AD,   // BOM, soft hyphen
		r == 0x061C: // Arabic letter mark
		return 0, false
	case r == 0x00A0, r == 0x202F, r == 0x2007, r == 0x2009, r == 0x200A, r == 0x3000:
		return ' ', true
	case r == 'أ', r == 'إ', r == 'آ', r == 'ٱ', r == 0x0672, r == 0x0673:
		return alef, true
	case r == 'ى', r == 'ی', r == 0x06D0, r == 0x06CD:
		return yeh, true
	case r == tehMarbut, r == 0x06C0, r == 0x06C1, r == 0x06D5:
		return heh, true
	case r == 'ک', r == 0x06AA:
		return 'ك', true
	case r >= 0x0660 && r <= 0x0669:
		return '0' + (r - 0x0660), true
	case r >= 0x06F0 && r <= 0x06F9:
		return '0' + (r - 0x06F0), true
	case r == utf8.RuneError:
		return 0, false
	case r < 0x0700:
		// Arabic block and below: no case, and no table search needed
		// (upper-case letters below U+0700 are Latin, Greek, Cyrillic).
		if r >= 0x0600 {
			return r, true
		}
	}
	if unicode.IsUpper(r) {
		return unicode.ToLower(r), true
	}
	return r, true
}

// Normalize returns the matching form of s: diacritics, tatweel, joiners and
// bidi controls removed; alef forms, alef maqsura, teh marbuta and Persian
// letters unified; Arabic-Indic and Persian digits made ASCII; presentation
// forms decomposed; non-breaking spaces made plain; Latin letters lower-cased.
// Invalid UTF-8 bytes are dropped, so the result is always valid UTF-8.
//
// When s is already normal it is returned without allocating.
func Normalize(s string) string {
	for i := 0; i < len(s); {
		r, size := decodeRune(s, i)
		if r >= 0x0621 && r <= 0x064A && !changedLetter(r) || r < 0x80 && (r < 'A' || r > 'Z') {
			i += size // the common case: an Arabic letter or ASCII kept as is
			continue
		}
		if size == 1 && r == utf8.RuneError {
			return normalizeFrom(s, i)
		}
		if _, ok := presentationForm(r); ok {
			return normalizeFrom(s, i)
		}
		if y, keep := mapRune(r); !keep || y != r {
			return normalizeFrom(s, i)
		}
		i += size
	}
	return s
}

func normalizeFrom(s string, i int) string {
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if size == 1 && r == utf8.RuneError {
			continue
		}
		if p, ok := presentationForm(r); ok {
			b.WriteString(p)
			continue
		}
		if y, keep := mapRune(r); keep {
			b.WriteRune(y)
		}
	}
	return b.String()
}

// normalizedLen returns how many bytes the normalised form of the rune r
// occupies; used to map offsets in a normalised string back to the original.
func normalizedLen(r rune, size int) int {
	if size == 1 && r == utf8.RuneError {
		return 0
	}
	if p, ok := presentationForm(r); ok {
		return len(p)
	}
	y, keep := mapRune(r)
	if !keep {
		return 0
	}
	return utf8.RuneLen(y)
}

// OriginalSpan maps the byte range [normStart, normEnd) of Normalize(orig)
// back to a byte range of orig. Dropped characters (diacritics, tatweel) that
// sit inside the range stay inside it; those at its edges stay outside, except
// that marks following the last letter are kept with it. A range edge that
// falls inside the expansion of one original character (ﻻ = لا) takes that
// whole character into the span.
func OriginalSpan(orig string, normStart, normEnd int) (start, end int) {
	if normEnd < normStart {
		normEnd = normStart
	}
	n := 0 // bytes of normalised output produced so far
	start, end = -1, -1
	for i := 0; i < len(orig); {
		r, size := utf8.DecodeRuneInString(orig[i:])
		l := normalizedLen(r, size)
		// The span starts at the first kept rune whose normalised form
		// reaches past normStart. Testing n+l rather than n matters for a
		// presentation form that expands to several letters: a range that
		// starts inside ﻻ (= لا, as in ب+ال+اتفاق written ﺑﺎﻻﺗﻔﺎﻕ) must
		// start at ﻻ, not after it, so that the span covers the range just
		// as the end side does.
		if start < 0 && l > 0 && n+l > normStart {
			start = i
		}
		if end < 0 && n >= normEnd && l > 0 {
			end = i
			break
		}
		n += l
		i += size
	}
	if start < 0 {
		start = len(orig)
	}
	if end < 0 {
		end = len(orig)
	}
	if end < start {
		end = start
	}
	return start, end
}

// EndsWithTehMarbuta reports whether the last letter of s, diacritics
// aside, is a teh marbuta (ة or its presentation forms). Normalisation makes
// ة and ه alike; this tells the clitic reader that a final ه of the
// normalised word is no pronoun suffix (وزارة is not و+زار+ه).
func EndsWithTehMarbuta(s string) bool {
	for len(s) > 0 {
		r, size := utf8.DecodeLastRuneInString(s)
		switch {
		case r == tehMarbut || r == 0xFE93 || r == 0xFE94:
			return true
		case classify(r, size) == classMark:
			s = s[:len(s)-size]
			continue
		}
		return false
	}
	return false
}

// decodeRune decodes the rune at s[i:], inline for the one- and two-byte
// sequences that make up nearly all Arabic text.
func decodeRune(s string, i int) (rune, int) {
	b0 := s[i]
	if b0 < 0x80 {
		return rune(b0), 1
	}
	if b0 >= 0xC2 && b0 < 0xE0 && i+1 < len(s) {
		if b1 := s[i+1]; b1&0xC0 == 0x80 {
			return rune(b0&0x1F)<<6 | rune(b1&0x3F), 2
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}

// changedLetter reports the letters of U+0621–U+064A that the normaliser
// rewrites (alef forms, alef maqsura, teh marbuta).
func changedLetter(r rune) bool {
	switch r {
	case 'أ', 'إ', 'آ', 'ى', tehMarbut, 0x0640:
		return true
	}
	return false
}
