package ner

import (
	"bufio"
	"encoding/binary"
	"errors"
	"math"
	"slices"
)

// vocab counts how often each word (document key: the stem, hashed) occurs
// in the training data, capped at 255. Words rare or absent there are far
// more often names than common words are, and the model cannot learn that
// from the word features: every training word was seen. The counts of the
// training sentences leave the token itself out, so that a word seen once
// in training looks like a word never seen, as it would at tagging time.
type vocab map[uint32]uint8

// countVocab counts the words of the sentences.
func countVocab(data []encoded) vocab {
	v := vocab{}
	for i := range data {
		for _, k := range data[i].words {
			if k != 0 && v[k] < 255 {
				v[k]++
			}
		}
	}
	return v
}

// without returns the counts of v less those of the sentences.
func (v vocab) without(data []encoded) vocab {
	out := make(vocab, len(v))
	for k, c := range v {
		out[k] = c
	}
	for i := range data {
		for _, k := range data[i].words {
			if c := out[k]; c > 0 && c < 255 {
				out[k] = c - 1
			}
		}
	}
	for k, c := range out {
		if c == 0 {
			delete(out, k)
		}
	}
	return out
}

// freqClass buckets the count of token i's word: 1 none, 2 one, 3 two to
// four, 4 five to nineteen, 5 more; 0 for tokens without a key.
func (v vocab) freqClass(e *encoded, i int, self bool) byte {
	k := e.words[i]
	if k == 0 || v == nil {
		return 0
	}
	c := int(v[k])
	if self && c > 0 && c < 255 {
		c--
	}
	switch {
	case c == 0:
		return 1
	case c == 1:
		return 2
	case c < 5:
		return 3
	case c < 20:
		return 4
	}
	return 5
}

// features appends the frequency features of token i: its word's class
// and those of the words around. self says the sentence is part of the
// training data the counts come from.
func (v vocab) features(dst []uint32, e *encoded, i int, self bool) []uint32 {
	if v == nil {
		return dst
	}
	f := featureSink(dst)
	c := v.freqClass(e, i, self)
	var before, after byte
	if i > 0 {
		before = v.freqClass(e, i-1, self)
	}
	if i+1 < e.len() {
		after = v.freqClass(e, i+1, self)
	}
	if c != 0 {
		f.b1(fFreq, c)
	}
	f.b2(fFreqAround, before, after)
	f.b2(fFreqM1, before, c)
	// A given name before a rare word: a surname never seen; a rare word
	// before a given name: often a title or a first name of its own.
	if i > 0 && e.marks != nil && e.marks[i-1] != 0 {
		f.b2(fNameFreq, e.marks[i-1], c)
	}
	if i+1 < e.len() && e.marks != nil && e.marks[i+1] != 0 {
		f.b2(fFreqNameP1, c, e.marks[i+1])
	}
	return f
}

// withVocab returns copies of the sentences with the frequency features of
// every token added.
func withVocab(data []encoded, v vocab, self bool) []encoded {
	out := make([]encoded, len(data))
	for j := range data {
		e := &data[j]
		o := *e
		o.offs = make([]int32, 1, e.len()+1)
		o.feats = make([]uint32, 0, len(e.feats)+e.len()*3)
		for i := range e.len() {
			o.feats = append(o.feats, e.tokenFeats(i)...)
			o.feats = v.features(o.feats, e, i, self)
			o.offs = append(o.offs, int32(len(o.feats)))
		}
		out[j] = o
	}
	return out
}

// appendTo encodes the counts: how many, then the keys sorted, delta-coded,
// each with its count.
func (v vocab) appendTo(raw []byte) []byte {
	keys := make([]uint32, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	raw = binary.AppendUvarint(raw, uint64(len(keys)))
	prev := uint32(0)
	for _, k := range keys {
		raw = binary.AppendUvarint(raw, uint64(k-prev))
		raw = append(raw, v[k])
		prev = k
	}
	return raw
}

// readVocab decodes what appendTo wrote; a model without counts has none
// (nil).
func readVocab(r *bufio.Reader) (vocab, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil || n > 1<<24 {
		return nil, corrupt("vocabulary size", err)
	}
	if n == 0 {
		return nil, nil
	}
	v := make(vocab, n)
	prev := uint64(0)
	for i := range n {
		d, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, corrupt("vocabulary key", err)
		}
		k := prev + d
		if k > math.MaxUint32 || k == 0 || (i > 0 && d == 0) {
			return nil, corrupt("vocabulary key", errors.New("out of order"))
		}
		c, err := r.ReadByte()
		if err != nil || c == 0 {
			return nil, corrupt("vocabulary count", err)
		}
		v[uint32(k)] = c
		prev = k
	}
	return v, nil
}
