package ner

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

	"hadath/arabic"
)

// Sentence is one sentence of a CoNLL file: its whitespace tokens and their
// gold BIO tags.
type Sentence struct {
	Words []string
	Tags  []string
	Line  int // 1-based line of the first token in the file
}

// ReadCoNLL reads a CoNLL-style file: one "TOKEN TAG" per line (separated
// by spaces or a tab; the tag is the last field), a blank line between
// sentences. Lines starting with "-DOCSTART-" are skipped. A line without a
// tag, or with a tag outside O and B-/I- of PERS LOC ORG MISC, is an error
// naming the line.
func ReadCoNLL(r io.Reader, name string) ([]Sentence, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	var out []Sentence
	var cur Sentence
	flush := func() {
		if len(cur.Words) > 0 {
			out = append(out, cur)
		}
		cur = Sentence{}
	}
	for ln := 1; sc.Scan(); ln++ {
		line := strings.TrimRight(sc.Text(), " \t\r")
		if ln == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		if strings.HasPrefix(line, "-DOCSTART-") {
			flush()
			continue
		}
		i := strings.LastIndexAny(line, " \t")
		if i <= 0 {
			return nil, fmt.Errorf("%s:%d: want TOKEN TAG, got %q", name, ln, line)
		}
		word, tag := strings.TrimSpace(line[:i]), line[i+1:]
		if word == "" {
			return nil, fmt.Errorf("%s:%d: empty token", name, ln)
		}
		if _, ok := tagIndex(tag); !ok {
			return nil, fmt.Errorf("%s:%d: unknown tag %q", name, ln, tag)
		}
		if len(cur.Words) == 0 {
			cur.Line = ln
		}
		cur.Words = append(cur.Words, word)
		cur.Tags = append(cur.Tags, tag)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	flush()
	return out, nil
}

// ReadCoNLLFile reads a CoNLL file by name (see ReadCoNLL).
func ReadCoNLLFile(name string) ([]Sentence, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadCoNLL(f, name)
}

// WordTokens turns already-split words (such as the tokens of a CoNLL
// file, clitics attached) into tokens of the text made by joining them with
// single spaces, so that they can be tagged like the tokens of
// arabic.Tokenize. A word keeps its clitics and any punctuation glued to
// it; its kind is Word when it holds an Arabic letter.
func WordTokens(words []string) (text string, toks []arabic.Token) {
	var sb strings.Builder
	toks = make([]arabic.Token, len(words))
	for i, w := range words {
		if i > 0 {
			sb.WriteByte(' ')
		}
		start := sb.Len()
		sb.WriteString(w)
		toks[i] = arabic.Token{Start: start, End: sb.Len(), Kind: wordKind(w)}
	}
	text = sb.String()
	for i := range toks {
		toks[i].Text = text[toks[i].Start:toks[i].End]
		toks[i].Norm = arabic.Normalize(toks[i].Text)
	}
	return text, toks
}

// wordKind classifies a whitespace token the way arabic.Tokenize would
// classify its main part.
func wordKind(w string) arabic.Kind {
	var latin, digit, quote bool
	for _, r := range w {
		switch {
		case r >= 0x0621 && r <= 0x064A || r >= 0x0671 && r <= 0x06D3 || r >= 0xFB50 && r <= 0xFEFC:
			return arabic.Word
		case r < 0x80 && unicode.IsLetter(r):
			latin = true
		case unicode.IsDigit(r):
			digit = true
		case strings.ContainsRune("«»“”\"'‹›„", r):
			quote = true
		case unicode.IsLetter(r):
			latin = true
		}
	}
	switch {
	case latin:
		return arabic.Latin
	case digit:
		return arabic.Number
	case quote:
		return arabic.Quote
	}
	return arabic.Punct
}
