package arabic

import (
	"unicode"
	"unicode/utf8"
)

// Kind classifies a token.
type Kind uint8

// Token kinds.
const (
	Word   Kind = iota + 1 // Arabic word, clitics still attached
	Latin                  // word in Latin or another non-Arabic script
	Number                 // digits in any script, with inner separators (3.5, 1,200, ٢٠٢٥)
	Punct                  // punctuation or symbol, one rune
	Quote                  // quotation mark: « » “ ” " ' ‹ › „
)

var kindNames = [...]string{"?", "word", "latin", "number", "punct", "quote"}

// String returns the lower-case name of the kind.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "?"
}

// Token is one word, number or punctuation mark of a text. Start and End are
// byte offsets into the text that was tokenised; Text is that slice of it and
// Norm its normalised form (see Normalize).
type Token struct {
	Start, End int
	Kind       Kind
	Text       string
	Norm       string
}

// runeClass is what the scanner needs to know about a rune.
type runeClass uint8

const (
	classSpace runeClass = iota
	classBreak           // line or paragraph break
	classArabic
	classMark // combining mark, tatweel or joiner: continues the current word
	classLatin
	classDigit
	classPunct
	classQuote
	classInvalid
)

func classify(r rune, size int) runeClass {
	if r < 0x80 {
		switch {
		case r == '\n' || r == '\r':
			return classBreak
		case r == ' ' || r == '\t' || r == '\v' || r == '\f' || r < 0x20 || r == 0x7f:
			return classSpace
		case '0' <= r && r <= '9':
			return classDigit
		case 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z':
			return classLatin
		case r == '"' || r == '\'':
			return classQuote
		}
		return classPunct
	}
	if r >= 0x0621 && r <= 0x064A && r != 0x0640 {
		// The basic Arabic letters, most runes of a news text: answer
		// before the table searches below.
		return classArabic
	}
	if r == utf8.RuneError {
		// Both an invalid byte (size 1) and a literal U+FFFD, which is what
		// a decoder upstream left for one: Normalize drops both, so both
		// separate tokens instead of making a punctuation token with an
		// empty Norm.
		return classInvalid
	}
	switch {
	case r >= 0x0660 && r <= 0x0669, r >= 0x06F0 && r <= 0x06F9:
		return classDigit
	case r == '،' || r == '؛' || r == '؟' || r == '٪' || r == '٫' || r == '٬' || r == '۔' || r == '٭' || r == '؍' || r == '؞' || r == '؉' || r == '؊':
		return classPunct
	case r == 0x0640 || r == 0x200C || r == 0x200D || r == 0x00AD:
		// The soft hyphen is invisible inside a word (scraped text has
		// الرئ\u00ADيس) and Normalize drops it like the joiners.
		return classMark
	case r >= 0xFB50 && r <= 0xFEFE && isDroppedPresentation(r):
		// Isolated and medial forms of diacritics (ﹰ ﹽ ﱞ): letters to
		// Unicode, but marks to the normaliser, which drops them.
		return classMark
	case r >= 0x064B && r <= 0x065F, r == 0x0670, r >= 0x0610 && r <= 0x061A, r >= 0x06D6 && r <= 0x06ED, r >= 0x08D3 && r <= 0x08FF:
		return classMark
	case r == '«' || r == '»' || r == '“' || r == '”' || r == '„' || r == '‹' || r == '›' || r == '‘' || r == '’':
		return classQuote
	case r == 0x2028 || r == 0x2029 || r == 0x0085:
		return classBreak
	case r == 0x200B || r == 0x200E || r == 0x200F || r == 0xFEFF || r == 0x061C || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069:
		return classSpace
	case unicode.IsSpace(r):
		return classSpace
	case unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r):
		return classArabic
	case unicode.IsLetter(r):
		return classLatin
	case unicode.IsDigit(r):
		return classDigit
	case unicode.IsMark(r):
		return classMark
	case unicode.IsControl(r):
		return classSpace
	}
	return classPunct
}

// scanner walks a text once and yields tokens and line breaks; Tokenize and
// Sentences are both built on it so that they always agree on offsets.
type scanner struct {
	text string
	pos  int
}

// next returns the next token, or ok=false at the end of the text. brk reports
// whether a line break was crossed before the token.
func (s *scanner) next() (tok Token, brk bool, ok bool) {
	text := s.text
	i := s.pos
	for i < len(text) {
		r, size := decodeRune(text, i)
		c := classify(r, size)
		switch c {
		case classBreak:
			brk = true
			i += size
			continue
		case classSpace, classInvalid:
			i += size
			continue
		case classMark:
			// A stray mark with no word before it: skip it like a space
			// so that it does not become a word of its own.
			i += size
			continue
		}
		start := i
		i += size
		kind := Punct
		plain := false
		switch c {
		case classArabic:
			kind = Word
			i, plain = s.extendArabic(i, plainLetter(r))
		case classLatin:
			kind = Latin
			i = s.extend(i, classLatin)
		case classDigit:
			kind = Number
			i = s.number(i)
		case classQuote:
			kind = Quote
		}
		s.pos = i
		t := text[start:i]
		norm := t
		if !plain {
			norm = Normalize(t)
		}
		return Token{Start: start, End: i, Kind: kind, Text: t, Norm: norm}, brk, true
	}
	s.pos = i
	return Token{}, brk, false
}

// extend continues a word while runes of the same class or marks follow.
// extendArabic is extend for Arabic words; it also reports whether every
// rune is a letter the normaliser keeps as it is, so that the word is its
// own normal form and Normalize need not read it again.
func (s *scanner) extendArabic(i int, plain bool) (int, bool) {
	text := s.text
	for i < len(text) {
		r, size := decodeRune(text, i)
		if r >= 0x0621 && r <= 0x064A && r != 0x0640 {
			plain = plain && !changedLetter(r)
			i += size
			continue
		}
		c := classify(r, size)
		if c != classArabic && c != classMark {
			break
		}
		plain = false
		i += size
	}
	end := trimTrailingJoiners(text, i)
	return end, plain && end == i
}

// plainLetter reports an Arabic letter that normalisation leaves alone.
func plainLetter(r rune) bool { return r >= 0x0621 && r <= 0x064A && r != 0x0640 && !changedLetter(r) }

func (s *scanner) extend(i int, want runeClass) int {
	text := s.text
	for i < len(text) {
		r, size := decodeRune(text, i)
		c := classify(r, size)
		if c != want && c != classMark {
			break
		}
		i += size
	}
	return trimTrailingJoiners(text, i)
}

// isDroppedPresentation reports whether r is a presentation form that
// normalises to nothing.
func isDroppedPresentation(r rune) bool {
	p, ok := presentationForm(r)
	return ok && p == ""
}

// trimTrailingJoiners keeps zero-width joiners (and soft hyphens) at a word's
// end out of it, so that a word never ends on an invisible character.
func trimTrailingJoiners(text string, i int) int {
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:i])
		if r != 0x200C && r != 0x200D && r != 0x00AD {
			break
		}
		i -= size
	}
	return i
}

// number continues a number over digits and over one separator between
// digits (3.5, 1,200, 12:30, ٢٠٢٥٫٥).
func (s *scanner) number(i int) int {
	text := s.text
	for i < len(text) {
		r, size := decodeRune(text, i)
		if classify(r, size) == classDigit {
			i += size
			continue
		}
		if r == '.' || r == ',' || r == '٫' || r == '٬' || r == ':' || r == '/' {
			if j := i + size; j < len(text) {
				r2, size2 := decodeRune(text, j)
				if classify(r2, size2) == classDigit {
					i = j
					continue
				}
			}
		}
		break
	}
	return i
}

// Tokenize splits text into tokens with byte offsets into text. Spaces, line
// breaks, control characters and invalid UTF-8 bytes separate tokens and are
// not returned.
func Tokenize(text string) []Token {
	s := scanner{text: text}
	toks := make([]Token, 0, len(text)/6+1)
	for {
		t, _, ok := s.next()
		if !ok {
			return toks
		}
		toks = append(toks, t)
	}
}
