package arabic

// Sentence is one sentence of a text: its byte range in the text and its
// tokens (with offsets into the whole text, not into the sentence). The
// Tokens of the sentences of one text are windows of one array, each capped
// so that appending to one never overwrites the next.
type Sentence struct {
	Index      int
	Start, End int
	Tokens     []Token
}

// maxQuotedBytes bounds how long an open quotation mark can hold back a
// sentence break: scraped text often loses the closing mark, and one stray «
// must not glue a whole article into one sentence.
const maxQuotedBytes = 600

// isTerminator reports whether a punctuation token ends a sentence.
func isTerminator(t string) bool {
	switch t {
	case ".", "؟", "?", "!", "؛", "…", "۔":
		return true
	}
	return false
}

// quoteDelta tells how a quotation mark changes the quoting depth: +1 opens,
// -1 closes, 0 toggles (the straight " which opens and closes alike).
func quoteDelta(t string) int {
	switch t {
	case "«", "“", "‹", "„":
		return 1
	case "»", "”", "›":
		return -1
	case "\"":
		return 0
	}
	return 2 // not a double-quote-like mark (apostrophes): ignored
}

// Sentences splits text into sentences. A sentence ends after . ؟ ? ! ؛ …
// (and any closing quotes or brackets right after it) and at every line
// break. A full stop inside a number (3.5) is part of the number; a
// terminator inside «…» or "…" does not end the sentence, unless the quote
// has stayed open for more than a few hundred bytes. A missing space after a
// full stop ("بكين.الرئيس") still splits. Sentences without tokens are
// dropped.
func Sentences(text string) []Sentence {
	s := scanner{text: text}
	var out []Sentence
	// All tokens go into one slice, sized like Tokenize's, and every
	// sentence gets a capped window of it once the text is done (its
	// backing array is final then). Growing a fresh slice per sentence cost
	// two allocations per token on average and most of Sentences' time.
	all := make([]Token, 0, len(text)/6+1)
	var bounds []int // index in all of the first token of each sentence
	from := 0        // index in all of the current sentence's first token
	depth := 0
	straightOpen := false
	quoteStart := 0
	flush := func() {
		if len(all) == from {
			return
		}
		out = append(out, Sentence{
			Index: len(out),
			Start: all[from].Start,
			End:   all[len(all)-1].End,
		})
		bounds = append(bounds, from)
		from = len(all)
		depth = 0
		straightOpen = false
	}
	pendingEnd := false // a terminator was seen; closing marks may still follow
	for {
		t, brk, ok := s.next()
		if !ok {
			break
		}
		if brk {
			flush()
			pendingEnd = false
		}
		if pendingEnd {
			if isCloser(t) {
				all = append(all, t)
				continue
			}
			flush()
			pendingEnd = false
		}
		all = append(all, t)
		if t.Kind == Quote {
			switch quoteDelta(t.Text) {
			case 1:
				if depth == 0 && !straightOpen {
					quoteStart = t.Start
				}
				depth++
			case -1:
				if depth > 0 {
					depth--
				}
			case 0:
				straightOpen = !straightOpen
				if straightOpen && depth == 0 {
					quoteStart = t.Start
				}
			}
			continue
		}
		if t.Kind == Punct && isTerminator(t.Text) {
			quoted := depth > 0 || straightOpen
			if quoted && t.Start-quoteStart > maxQuotedBytes {
				quoted = false
			}
			if !quoted {
				pendingEnd = true
			}
		}
	}
	flush()
	for i := range out {
		end := len(all)
		if i+1 < len(bounds) {
			end = bounds[i+1]
		}
		out[i].Tokens = all[bounds[i]:end:end]
	}
	return out
}

// isCloser reports whether a token may follow a terminator inside the same
// sentence: closing quotes and brackets, or more terminators (?!, ...).
func isCloser(t Token) bool {
	switch t.Text {
	case "»", "”", "›", ")", "]", "}", "’":
		return true
	}
	return t.Kind == Punct && isTerminator(t.Text)
}
