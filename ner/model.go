package ner

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"slices"
)

// Model is a trained tagger: two stages of quantised perceptron weights
// over hashed features per tag, with tag transition weights, and the
// decoding that turns them into tags. The first stage tags each sentence on
// its own; the second sees, besides the same features, what the first
// stage made of the other mentions of each word in the surrounding
// sentences of the document (a name spelled out once, الإسباني فرناندو
// ألونسو, and then used alone). A Model is read-only and safe for
// concurrent use.
type Model struct {
	// Meta is free text recorded at training time (JSON from Train: data,
	// seed, epochs, counts).
	Meta string
	// Window is how many sentences before and after a sentence make its
	// document context for the second stage.
	Window int

	first, second *stage
	clusters      *Clusters // nil when trained without
	vocab         vocab     // nil when trained without
}

// stage is one perceptron: feature weights and transitions.
type stage struct {
	scale float64 // quantised weight = round(weight * scale)
	// trans[p*numStates+c] is the weight of tag c after tag p; the state
	// numTags is the sentence boundary (start as p, end as c).
	trans [numStates * numStates]int32

	// An open-addressing table from feature key to row of weights.
	// Key and row side by side: a lookup touches one cache line before
	// the weights.
	slots   []slot
	weights []int16 // numTags per row
	nFeat   int
}

// Features returns the number of features with a weight in the model.
func (m *Model) Features() int { return m.first.nFeat + m.second.nFeat }

// slot is an entry of the feature table: a key (0: empty) and its row of
// weights.
type slot struct {
	key uint32
	row int32
}

const numStates = numTags + 1

// buildTable sets the feature table from sorted unique keys and their
// weight rows.
func (m *stage) buildTable(keys []uint32, weights []int16) {
	size := 1 << bits.Len(uint(len(keys)*2))
	m.slots = make([]slot, size)
	m.weights = weights
	m.nFeat = len(keys)
	mask := uint32(size - 1)
	for r, k := range keys {
		i := mix(k) & mask
		for m.slots[i].key != 0 {
			i = (i + 1) & mask
		}
		m.slots[i] = slot{k, int32(r)}
	}
}

// mix spreads the bits of a key over the table (the murmur3 finaliser).
func mix(k uint32) uint32 {
	k ^= k >> 16
	k *= 0x85ebca6b
	k ^= k >> 13
	k *= 0xc2b2ae35
	k ^= k >> 16
	return k
}

// row returns the weights of feature k, or nil.
func (m *stage) row(k uint32) []int16 {
	if len(m.slots) == 0 {
		return nil
	}
	mask := uint32(len(m.slots) - 1)
	for i := mix(k) & mask; ; i = (i + 1) & mask {
		switch m.slots[i].key {
		case k:
			r := int(m.slots[i].row) * numTags
			return m.weights[r : r+numTags : r+numTags]
		case 0:
			return nil
		}
	}
}

// emission adds the weights of the features to em (numTags scores).
func (m *stage) emission(feats []uint32, em []int32) {
	em = em[:numTags]
	for _, k := range feats {
		if w := m.row(k); w != nil {
			for t := range numTags {
				em[t] += int32(w[t])
			}
		}
	}
}

// viterbi finds the best valid BIO tag sequence for the emission scores em
// (numTags per token) under the transition weights trans, writing it to
// out. back is scratch space of at least len(out)*numTags bytes.
func viterbi(em []int32, trans *[numStates * numStates]int32, out []uint8, back []uint8) {
	n := len(out)
	if n == 0 {
		return
	}
	const minScore = math.MinInt64 / 4
	var cur, next [numTags]int64
	for t := range uint8(numTags) {
		cur[t] = minScore
		if allowed(numTags, t) {
			cur[t] = int64(trans[numTags*numStates+int(t)]) + int64(em[t])
		}
	}
	for i := 1; i < n; i++ {
		e := em[i*numTags : i*numTags+numTags]
		for t := range uint8(numTags) {
			best, arg := int64(minScore), uint8(0)
			for p := range uint8(numTags) {
				if cur[p] == minScore || !allowed(p, t) {
					continue
				}
				s := cur[p] + int64(trans[int(p)*numStates+int(t)])
				if s > best {
					best, arg = s, p
				}
			}
			if best != minScore {
				best += int64(e[t])
			}
			next[t] = best
			back[i*numTags+int(t)] = arg
		}
		cur = next
	}
	best, arg := int64(minScore), uint8(0)
	for t := range uint8(numTags) {
		if cur[t] == minScore {
			continue
		}
		if s := cur[t] + int64(trans[int(t)*numStates+numTags]); s > best {
			best, arg = s, t
		}
	}
	out[n-1] = arg
	for i := n - 1; i > 0; i-- {
		out[i-1] = back[i*numTags+int(out[i])]
	}
}

const (
	magic         = "hadath-ner\n"
	formatVersion = 2
)

// MarshalBinary encodes the model: a magic line, then a deflate stream of
// varints: format and feature versions, meta, window, and per stage the
// scale, the transitions and the features sorted by key, each with the tags
// it has a weight for; then the word clusters and the training word counts.
func (m *Model) MarshalBinary() ([]byte, error) {
	var raw []byte
	raw = binary.AppendUvarint(raw, formatVersion)
	raw = binary.AppendUvarint(raw, featureVersion)
	raw = binary.AppendUvarint(raw, uint64(len(m.Meta)))
	raw = append(raw, m.Meta...)
	raw = binary.AppendUvarint(raw, uint64(m.Window))
	raw = m.first.append(raw)
	raw = m.second.append(raw)
	raw = m.clusters.appendTo(raw)
	raw = m.vocab.appendTo(raw)
	var buf bytes.Buffer
	buf.WriteString(magic)
	zw, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (m *stage) append(raw []byte) []byte {
	raw = binary.LittleEndian.AppendUint64(raw, math.Float64bits(m.scale))
	for _, w := range m.trans {
		raw = binary.AppendVarint(raw, int64(w))
	}
	type feat struct {
		key uint32
		row int32
	}
	feats := make([]feat, 0, m.nFeat)
	for _, sl := range m.slots {
		if sl.key != 0 {
			feats = append(feats, feat{sl.key, sl.row})
		}
	}
	slices.SortFunc(feats, func(a, b feat) int { return cmp.Compare(a.key, b.key) })
	raw = binary.AppendUvarint(raw, uint64(len(feats)))
	prev := uint32(0)
	for _, f := range feats {
		raw = binary.AppendUvarint(raw, uint64(f.key-prev))
		prev = f.key
		w := m.weights[int(f.row)*numTags : int(f.row+1)*numTags]
		var mask uint64
		for t, v := range w {
			if v != 0 {
				mask |= 1 << t
			}
		}
		raw = binary.AppendUvarint(raw, mask)
		for _, v := range w {
			if v != 0 {
				raw = binary.AppendVarint(raw, int64(v))
			}
		}
	}
	return raw
}

// ErrFeatureVersion is returned when a model was trained with other
// feature templates than this code computes.
var ErrFeatureVersion = errors.New("ner: model trained with other feature templates; retrain it")

// LoadModel decodes a model written by MarshalBinary.
func LoadModel(data []byte) (*Model, error) {
	rest, ok := bytes.CutPrefix(data, []byte(magic))
	if !ok {
		return nil, errors.New("ner: not a model file")
	}
	r := bufio.NewReaderSize(flate.NewReader(bytes.NewReader(rest)), 64<<10)
	v, err := binary.ReadUvarint(r)
	if err != nil {
		return nil, corrupt("format", err)
	}
	if v != formatVersion {
		return nil, fmt.Errorf("ner: model format %d, want %d", v, formatVersion)
	}
	if v, err = binary.ReadUvarint(r); err != nil {
		return nil, corrupt("features", err)
	}
	if v != featureVersion {
		return nil, fmt.Errorf("%w (model %d, code %d)", ErrFeatureVersion, v, featureVersion)
	}
	n, err := binary.ReadUvarint(r)
	if err != nil || n > 1<<20 {
		return nil, corrupt("meta", err)
	}
	meta := make([]byte, n)
	if _, err := io.ReadFull(r, meta); err != nil {
		return nil, corrupt("meta", err)
	}
	m := &Model{Meta: string(meta)}
	w, err := binary.ReadUvarint(r)
	if err != nil || w > 1000 {
		return nil, corrupt("window", err)
	}
	m.Window = int(w)
	if m.first, err = readStage(r); err != nil {
		return nil, err
	}
	if m.second, err = readStage(r); err != nil {
		return nil, err
	}
	if m.clusters, err = readClusters(r); err != nil {
		return nil, err
	}
	if m.vocab, err = readVocab(r); err != nil {
		return nil, err
	}
	if _, err := r.ReadByte(); err != io.EOF {
		return nil, corrupt("trailing data", err)
	}
	return m, nil
}

func corrupt(what string, err error) error {
	switch err {
	case nil:
		err = errors.New("value out of range")
	case io.EOF:
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("ner: corrupt model (%s): %w", what, err)
}

func readStage(r *bufio.Reader) (*stage, error) {
	m := &stage{}
	var sc [8]byte
	if _, err := io.ReadFull(r, sc[:]); err != nil {
		return nil, corrupt("scale", err)
	}
	m.scale = math.Float64frombits(binary.LittleEndian.Uint64(sc[:]))
	for i := range m.trans {
		w, err := binary.ReadVarint(r)
		if err != nil || w < math.MinInt32 || w > math.MaxInt32 {
			return nil, corrupt("transitions", err)
		}
		m.trans[i] = int32(w)
	}
	nf, err := binary.ReadUvarint(r)
	if err != nil || nf > 1<<26 {
		return nil, corrupt("feature count", err)
	}
	keys := make([]uint32, nf)
	weights := make([]int16, int(nf)*numTags)
	prev := uint64(0)
	for i := range keys {
		d, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, corrupt("feature key", err)
		}
		k := prev + d
		if k > math.MaxUint32 || k == 0 || (i > 0 && d == 0) {
			return nil, corrupt("feature key", errors.New("out of order"))
		}
		keys[i], prev = uint32(k), k
		mask, err := binary.ReadUvarint(r)
		if err != nil || mask >= 1<<numTags {
			return nil, corrupt("feature mask", err)
		}
		for t := range numTags {
			if mask&(1<<t) == 0 {
				continue
			}
			w, err := binary.ReadVarint(r)
			if err != nil || w < math.MinInt16 || w > math.MaxInt16 {
				return nil, corrupt("weight", err)
			}
			weights[i*numTags+t] = int16(w)
		}
	}
	m.buildTable(keys, weights)
	return m, nil
}
