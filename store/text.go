package store

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"hadath/arabic"
)

// Hash returns the content hash of a document text: the SHA-256 of its
// normalised form (arabic.Normalize) with runs of white space made one space,
// in hex. Texts that differ only in diacritics, tatweel, letter variants or
// spacing have the same hash. An empty or blank text hashes to "": such
// documents are never taken for duplicates of each other.
func Hash(text string) string {
	fields := strings.Fields(arabic.Normalize(text))
	if len(fields) == 0 {
		return ""
	}
	h := sha256.New()
	for i, f := range fields {
		if i > 0 {
			h.Write([]byte{' '})
		}
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Terms returns what a search index holds for a text. Words are the
// normalised words, numbers and Latin words in text order (for phrases);
// Stems are, once each, the forms of Arabic words without their proclitics
// and article, as the clitic analyser reads them: لواشنطن gives واشنطن,
// بالأنبار gives الانبار and انبار, للصين gives الصين and صين. Readings that
// remove a pronoun suffix are not indexed: a final ي or ه is too often part
// of the word (الصيني is not الصين).
func Terms(text string) (words, stems []string) {
	seen := map[string]bool{}
	var buf []arabic.Analysis
	for _, tok := range arabic.Tokenize(text) {
		switch tok.Kind {
		case arabic.Word, arabic.Latin, arabic.Number:
		default:
			continue
		}
		if tok.Norm == "" {
			continue
		}
		words = append(words, tok.Norm)
		if tok.Kind != arabic.Word {
			continue
		}
		seen[tok.Norm] = true // already in words
		buf = arabic.AnalyzeInto(buf[:0], tok.Norm)
		for _, a := range buf {
			if a.Suffix != "" || (a.Prefix == "" && !a.Article) {
				continue
			}
			for _, s := range [2]string{a.Stem, a.WithArticle()} {
				if !seen[s] {
					seen[s] = true
					stems = append(stems, s)
				}
			}
		}
	}
	return words, stems
}

// Term is one element of a full-text query: a word, a phrase of several
// words that must follow each other, or a prefix.
type Term struct {
	Words  []string // normalised
	Prefix bool     // the last word is a prefix (query word ending in *)
}

// Phrase reports whether the term is a phrase of several words.
func (t Term) Phrase() bool { return len(t.Words) > 1 }

// ParseQuery parses a full-text query: words, which must all occur, "quoted
// phrases" (also «…» and “…”), and prefixes written with a final *
// (واشنط*). Words are normalised as the index is (أحمد = احمد) and, since
// the index holds every word also without its proclitics, واشنطن finds
// لواشنطن; a query word with a clitic (لواشنطن) finds that form only.
// Punctuation is ignored; a query with no word gives no terms.
func ParseQuery(q string) []Term {
	var terms []Term
	toks := arabic.Tokenize(q)
	var phrase []string
	inPhrase, closer := false, ""
	for i, tok := range toks {
		if tok.Kind == arabic.Quote {
			switch {
			case inPhrase && (tok.Text == closer || tok.Text == `"`):
				if len(phrase) > 0 {
					terms = append(terms, Term{Words: phrase})
				}
				phrase, inPhrase = nil, false
			case !inPhrase && tok.Text == `"`:
				inPhrase, closer = true, `"`
			case !inPhrase && tok.Text == "«":
				inPhrase, closer = true, "»"
			case !inPhrase && (tok.Text == "“" || tok.Text == "„"):
				inPhrase, closer = true, "”"
			}
			continue
		}
		switch tok.Kind {
		case arabic.Word, arabic.Latin, arabic.Number:
		default:
			continue
		}
		if tok.Norm == "" {
			continue
		}
		if inPhrase {
			phrase = append(phrase, tok.Norm)
			continue
		}
		prefix := i+1 < len(toks) && toks[i+1].Text == "*" && toks[i+1].Start == tok.End
		terms = append(terms, Term{Words: []string{tok.Norm}, Prefix: prefix})
	}
	if inPhrase && len(phrase) > 0 {
		// An unclosed quote: take its words as a phrase all the same.
		terms = append(terms, Term{Words: phrase})
	}
	return terms
}
