package ner

import (
	_ "embed"
	"sync"

	"hadath/arabic"
	"hadath/lexicon"
)

// Span is one named entity found in a sentence.
type Span struct {
	// First and Last are the indices of the entity's first and last token.
	First, Last int
	Type        Type
	// Start and End are the byte range of the tokens in the text the tokens
	// come from (toks[First].Start, toks[Last].End). Proclitics attached
	// to the first word (والعراق) are inside the range.
	Start, End int
}

// Tagger finds named entities in tokenised Arabic text. It is safe for
// concurrent use.
type Tagger struct {
	model   *Model
	matcher *lexicon.Matcher
	gaz     gazetteer
	pool    sync.Pool // *tagState
}

// tagState holds the buffers of one Tag call.
type tagState struct {
	x   extractor
	dec decoder
	enc []encoded
}

// New returns a tagger with the model and the dictionaries the model was
// trained with (the dictionary features must match; pass nil only for a
// model trained without dictionaries).
func New(m *Model, lex *lexicon.Lexicon) *Tagger {
	t := &Tagger{model: m, gaz: buildGazetteer(lex)}
	if lex != nil {
		t.matcher = lex.Matcher()
	}
	return t
}

// Model returns the tagger's model.
func (t *Tagger) Model() *Model { return t.model }

//go:embed model/model.bin
var embeddedModel []byte

var (
	defaultOnce   sync.Once
	defaultTagger *Tagger
	defaultErr    error
)

// Default returns the tagger with the embedded model (trained on ANERcorp,
// see model/README.md) and the default dictionaries, loaded on first use.
func Default() (*Tagger, error) {
	defaultOnce.Do(func() {
		m, err := LoadModel(embeddedModel)
		if err != nil {
			defaultErr = err
			return
		}
		lex, err := lexicon.Default()
		if err != nil {
			defaultErr = err
			return
		}
		defaultTagger = New(m, lex)
	})
	return defaultTagger, defaultErr
}

// tagDocument computes the tag indices of the tokens of each sentence.
func (t *Tagger) tagDocument(st *tagState, sents [][]arabic.Token) [][]uint8 {
	st.x.matcher, st.x.gaz, st.x.clusters = t.matcher, t.gaz, t.model.clusters
	st.enc = grow(st.enc, len(sents))
	for j, toks := range sents {
		st.enc[j] = st.x.encode(toks, nil)
	}
	return t.model.tagDocument(st.enc, &st.dec)
}

func (t *Tagger) state() *tagState {
	if st, ok := t.pool.Get().(*tagState); ok {
		return st
	}
	return &tagState{}
}

func (t *Tagger) release(st *tagState) {
	// Drop the references into the caller's text before pooling.
	clear(st.x.infos[:cap(st.x.infos)])
	clear(st.x.toks[:cap(st.x.toks)])
	clear(st.enc[:cap(st.enc)])
	t.pool.Put(st)
}

// Tag finds the named entities in the tokens of one sentence (from
// arabic.Sentences or arabic.Tokenize, or WordTokens for text already
// split into words), the sentence being its own document context. Use
// TagDocument for the sentences of a whole document: a name spelled out in
// one sentence then helps with its mentions in the others.
func (t *Tagger) Tag(toks []arabic.Token) []Span {
	return t.TagDocument([][]arabic.Token{toks})[0]
}

// TagDocument finds the named entities in the sentences of one document,
// in order; the spans of sentence j index its tokens sents[j].
func (t *Tagger) TagDocument(sents [][]arabic.Token) [][]Span {
	st := t.state()
	defer t.release(st)
	tags := t.tagDocument(st, sents)
	out := make([][]Span, len(sents))
	for j, toks := range sents {
		out[j] = spans(tags[j], toks)
	}
	return out
}

func spans(tags []uint8, toks []arabic.Token) []Span {
	var out []Span
	for i := 0; i < len(tags); i++ {
		if !isBegin(tags[i]) {
			continue
		}
		j := i
		for j+1 < len(tags) && isInside(tags[j+1]) && (tags[j+1]-1)/2 == (tags[i]-1)/2 {
			j++
		}
		out = append(out, Span{First: i, Last: j, Type: typeOf(tags[i]), Start: toks[i].Start, End: toks[j].End})
		i = j
	}
	return out
}

// Tags returns the BIO tag of every token of one sentence (O, B-PERS,
// I-PERS, ...).
func (t *Tagger) Tags(toks []arabic.Token) []string {
	return t.DocumentTags([][]arabic.Token{toks})[0]
}

// DocumentTags returns the BIO tags of the tokens of the sentences of one
// document.
func (t *Tagger) DocumentTags(sents [][]arabic.Token) [][]string {
	st := t.state()
	defer t.release(st)
	tags := t.tagDocument(st, sents)
	out := make([][]string, len(sents))
	for j, ts := range tags {
		out[j] = make([]string, len(ts))
		for i, g := range ts {
			out[j][i] = tagNames[g]
		}
	}
	return out
}

// TagWords returns the BIO tags of the sentences of a document given as
// words already split on whitespace, such as the sentences of a CoNLL file
// in file order.
func (t *Tagger) TagWords(sents [][]string) [][]string {
	toks := make([][]arabic.Token, len(sents))
	for j, words := range sents {
		_, toks[j] = WordTokens(words)
	}
	return t.DocumentTags(toks)
}
