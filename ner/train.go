package ner

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand"
	"runtime"
	"sync"

	"hadath/arabic"
	"hadath/lexicon"
)

// TrainOptions control Train.
type TrainOptions struct {
	Epochs int   // passes over the data; 0 means DefaultEpochs
	Seed   int64 // seed of the shuffling before each pass
	// MinCount drops features seen fewer times in the training data
	// (0 or 1 keeps every feature).
	MinCount int
	// Window is the document context of the second stage, in sentences
	// before and after; 0 means DefaultWindow, negative means none.
	Window int
	// Log receives a line per stage and epoch; nil discards them.
	Log io.Writer
	// Meta is recorded in the model (Model.Meta) with the training figures.
	Meta map[string]any
	// Clusters are word clusters from unannotated text (BuildClusters),
	// embedded in the model; nil trains without them.
	Clusters *Clusters
	// Margin and RecallMargin are the costs, in weight units, of tagging a
	// token wrong and of tagging an entity token O, added to the wrong tags
	// when decoding for training (cost-augmented perceptron); 0 means
	// DefaultMargin and DefaultRecallMargin, negative means none.
	Margin, RecallMargin int
	// NoVocab trains without the word frequency features (see vocab).
	NoVocab bool
	// Runs is how many perceptrons, shuffled with different seeds, are
	// trained and averaged into each stage; 0 means DefaultRuns.
	Runs int
	// Workers run feature extraction and the first-stage folds in
	// parallel; 0 means GOMAXPROCS. The model does not depend on it.
	Workers int
}

// Training defaults.
const (
	DefaultEpochs = 10
	// DefaultRuns: three runs gain about half a point of F1 on blocks of
	// 20 sentences and nothing on contiguous folds, and make the model
	// depend less on the seed.
	DefaultRuns   = 3
	DefaultWindow = 10
	// The training margins (TrainOptions.Margin): on the five-fold
	// cross-validation they gain a few tenths of a point of F1, mostly
	// recall of persons.
	DefaultMargin       = 4
	DefaultRecallMargin = 16
	// jackknifeFolds is how many parts the training data is cut into to
	// give the second stage first-stage tags made without seeing the
	// sentence, as they will be at tagging time.
	jackknifeFolds = 5
	// pruneBelow: a feature is kept when one of its quantised weights
	// reaches a hundredth of the largest (about 330 of 32767). Features
	// below are mostly ones a single run met once or twice; without them
	// the model is a third smaller and loads faster, for no loss of F1 on
	// the cross-validation.
	pruneBelow = math.MaxInt16 / 100
)

func (o TrainOptions) epochs() int {
	if o.Epochs <= 0 {
		return DefaultEpochs
	}
	return o.Epochs
}

func (o TrainOptions) window() int {
	switch {
	case o.Window == 0:
		return DefaultWindow
	case o.Window < 0:
		return 0
	}
	return o.Window
}

func (o TrainOptions) margins() (wrong, missed int32) {
	pick := func(v, def int) int32 {
		switch {
		case v == 0:
			return int32(def)
		case v < 0:
			return 0
		}
		return int32(v)
	}
	return pick(o.Margin, DefaultMargin), pick(o.RecallMargin, DefaultRecallMargin)
}

func (o TrainOptions) runs() int {
	if o.Runs <= 0 {
		return DefaultRuns
	}
	return o.Runs
}

func (o TrainOptions) workers() int {
	if o.Workers <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return o.Workers
}

// encoded is a sentence reduced to what training and tagging need: the
// feature keys of each token, the key of its word for the document
// context, and the gold tags when known.
type encoded struct {
	feats []uint32
	offs  []int32  // token i has feats[offs[i]:offs[i+1]]
	words []uint32 // document key of token i, 0 for none
	lex   []uint16 // dictionary actor kinds starting (low byte) and continuing (high byte) at token i
	marks []uint8  // name classes (names.tsv) and name shapes of token i, see nameMarks
	gold  []uint8
}

func (e *encoded) len() int { return len(e.words) }

func (e *encoded) tokenFeats(i int) []uint32 { return e.feats[e.offs[i]:e.offs[i+1]] }

// parallel runs f(0..n-1) on up to workers goroutines.
func parallel(n, workers int, f func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// encode extracts the features of the sentences on several goroutines;
// the result is in input order and does not depend on the scheduling.
func encode(sents []Sentence, lex *lexicon.Lexicon, clusters *Clusters, workers int) []encoded {
	out := make([]encoded, len(sents))
	gaz := buildGazetteer(lex)
	xs := make(chan *extractor, workers)
	for range workers {
		xs <- newExtractor(lex, gaz, clusters)
	}
	parallel(len(sents), workers, func(i int) {
		x := <-xs
		_, toks := WordTokens(sents[i].Words)
		out[i] = x.encode(toks, sents[i].Tags)
		xs <- x
	})
	return out
}

// encode extracts the features of one sentence; gold may be nil.
func (x *extractor) encode(toks []arabic.Token, gold []string) encoded {
	infos := x.analyse(toks)
	n := len(toks)
	e := encoded{offs: make([]int32, 1, n+1), words: make([]uint32, n), lex: make([]uint16, n), marks: make([]uint8, n)}
	for i := range toks {
		e.feats = features(infos, i, e.feats)
		e.offs = append(e.offs, int32(len(e.feats)))
		e.words[i] = docKey(&infos[i])
		e.lex[i] = uint16(infos[i].lexB) | uint16(infos[i].lexI)<<8
		e.marks[i] = nameMarks(&infos[i])
	}
	if gold != nil {
		e.gold = make([]uint8, n)
		for i := range n {
			if i < len(gold) {
				e.gold[i], _ = tagIndex(gold[i])
			}
			// An I- tag that continues nothing begins an entity, as the
			// scorer reads it; the decoder only makes valid sequences.
			prev := uint8(numTags)
			if i > 0 {
				prev = e.gold[i-1]
			}
			if !allowed(prev, e.gold[i]) {
				e.gold[i]--
			}
		}
	}
	return e
}

// Train trains a model on the sentences, in document order (the second
// stage reads the sentences around each one as its document).
//
// Each stage is an averaged structured perceptron (Collins 2002): each pass
// visits the sentences in an order shuffled with the seed, decodes each
// with Viterbi under the current weights and, where the best tags differ
// from the gold ones, moves the weights towards the gold features and
// transitions. A stage keeps the weights averaged over every step, summed
// over TrainOptions.Runs runs shuffled with different seeds, quantised to
// 16 bits, without the features whose weights are all small (pruneBelow).
// The second stage learns from first-stage tags made by models that
// did not see the sentence (five-fold jackknife), as at tagging time.
//
// The same sentences, dictionaries and options give the same model, byte
// for byte.
func Train(sents []Sentence, lex *lexicon.Lexicon, opt TrainOptions) (*Model, error) {
	if len(sents) == 0 {
		return nil, errors.New("ner: no training sentences")
	}
	return trainModel(encode(sents, lex, opt.Clusters, opt.workers()), opt)
}

func trainModel(data []encoded, opt TrainOptions) (*Model, error) {
	if len(data) == 0 {
		return nil, errors.New("ner: no training sentences")
	}
	m := &Model{Window: opt.window(), clusters: opt.Clusters}
	logf := func(format string, args ...any) {
		if opt.Log != nil {
			fmt.Fprintf(opt.Log, format, args...)
		}
	}
	// First-stage tags of every training sentence by a model trained on
	// the other parts, and the first stage itself, trained on everything.
	k := min(jackknifeFolds, len(data))
	firstTags := make([][]uint8, len(data))
	stages := make([]*stage, k+1)
	if !opt.NoVocab {
		m.vocab = countVocab(data)
	}
	parallel(k+1, opt.workers(), func(f int) {
		if f == k {
			stages[f] = trainStage(withVocab(data, m.vocab, true), opt, logf, "first stage")
			return
		}
		lo, hi := f*len(data)/k, (f+1)*len(data)/k
		var v vocab
		if m.vocab != nil {
			v = m.vocab.without(data[lo:hi])
		}
		rest := make([]encoded, 0, len(data)-(hi-lo))
		rest = append(append(rest, data[:lo]...), data[hi:]...)
		st := trainStage(withVocab(rest, v, true), opt, nil, "")
		held := withVocab(data[lo:hi], v, false)
		for i := lo; i < hi; i++ {
			firstTags[i] = st.decode(&held[i-lo], nil, nil)
		}
	})
	m.first = stages[k]
	second := withDocFeatures(data, firstTags, m.Window, m.vocab)
	m.second = trainStage(second, opt, logf, "second stage")

	meta := map[string]any{}
	for k, v := range opt.Meta {
		meta[k] = v
	}
	tokens := 0
	for i := range data {
		tokens += data[i].len()
	}
	meta["epochs"] = opt.epochs()
	meta["seed"] = opt.Seed
	meta["runs"] = opt.runs()
	meta["window"] = m.Window
	meta["sentences"] = len(data)
	meta["tokens"] = tokens
	meta["min_count"] = opt.MinCount
	wrong, missed := opt.margins()
	meta["margins"] = []int32{wrong, missed}
	meta["vocabulary"] = len(m.vocab)
	meta["features"] = []int{m.first.nFeat, m.second.nFeat}
	meta["clustered_words"] = opt.Clusters.Len()
	b, err := json.Marshal(meta) // map keys come out sorted
	if err != nil {
		return nil, err
	}
	m.Meta = string(b)
	return m, nil
}

// withDocFeatures returns copies of the sentences with the document
// features of every token added, from the first-stage tags.
func withDocFeatures(data []encoded, firstTags [][]uint8, window int, v vocab) []encoded {
	out := make([]encoded, len(data))
	docCounts(data, firstTags, window, func(j int, counts [][numTypes + 1]int32) {
		e := &data[j]
		o := encoded{words: e.words, lex: e.lex, marks: e.marks, gold: e.gold, offs: make([]int32, 1, e.len()+1),
			feats: make([]uint32, 0, len(e.feats)+e.len()*8)}
		for i := range e.len() {
			o.feats = append(o.feats, e.tokenFeats(i)...)
			o.feats = v.features(o.feats, e, i, true)
			o.feats = docFeatures(o.feats, counts[:e.len()], firstTags[j], e, v, true, i)
			o.offs = append(o.offs, int32(len(o.feats)))
		}
		out[j] = o
	})
	return out
}

// trainStage trains one perceptron on the sentences (see Train).
func trainStage(data []encoded, opt TrainOptions, logf func(string, ...any), name string) *stage {
	epochs := opt.epochs()
	// Dense feature indices, in order of first appearance in the data.
	count := map[uint32]int32{}
	for i := range data {
		for _, k := range data[i].feats {
			count[k]++
		}
	}
	index := make(map[uint32]int32, len(count))
	var keys []uint32
	assign := func(k uint32) {
		if _, seen := index[k]; seen {
			return
		}
		if int(count[k]) < opt.MinCount {
			index[k] = -1
			return
		}
		index[k] = int32(len(keys))
		keys = append(keys, k)
	}
	for i := range data {
		for _, k := range data[i].feats {
			assign(k)
		}
	}
	count = nil
	dense := make([][]int32, len(data))
	for i := range data {
		d := make([]int32, len(data[i].feats))
		for j, k := range data[i].feats {
			d[j] = index[k]
		}
		dense[i] = d
	}
	index = nil

	nf := len(keys)
	w := make([]int32, nf*numTags) // current weights
	u := make([]int64, nf*numTags) // sum of step*update, for averaging
	var tw [numStates * numStates]int32
	var tu [numStates * numStates]int64
	step := int64(1)
	// The averaged weights of each run, added up: runs differ only in the
	// seed of their shuffles, and their sum is a less seed-bound model.
	sum := make([]float64, nf*numTags)
	var tsum [numStates * numStates]float64

	update := func(f []int32, t uint8, d int32) {
		for _, fi := range f {
			if fi < 0 {
				continue
			}
			j := int(fi)*numTags + int(t)
			w[j] += d
			u[j] += step * int64(d)
		}
	}
	trUpdate := func(p, c uint8, d int32) {
		j := int(p)*numStates + int(c)
		tw[j] += d
		tu[j] += step * int64(d)
	}

	costWrong, costMissed := opt.margins()
	var em []int32
	var pred, back []uint8
	tokens := 0
	for i := range data {
		tokens += data[i].len()
	}
	order := make([]int, len(data))
	for run := range opt.runs() {
		clear(w)
		clear(u)
		tw, tu = [numStates * numStates]int32{}, [numStates * numStates]int64{}
		step = 1
		rng := rand.New(rand.NewSource(opt.Seed + int64(run)*7919))
		for i := range order {
			order[i] = i
		}
		for ep := 1; ep <= epochs; ep++ {
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			wrong := 0
			for _, si := range order {
				e := &data[si]
				f := dense[si]
				n := e.len()
				if n == 0 {
					continue
				}
				em = grow(em, n*numTags)
				clear(em)
				for i := range n {
					s := em[i*numTags : i*numTags+numTags]
					for _, fi := range f[e.offs[i]:e.offs[i+1]] {
						if fi < 0 {
							continue
						}
						ws := w[int(fi)*numTags : int(fi)*numTags+numTags]
						for t := range numTags {
							s[t] += ws[t]
						}
					}
				}
				pred, back = grow(pred, n), grow(back, n*numTags)
				// Cost-augmented decoding: the wrong tags get a head start, so
				// that the weights keep a margin; missing an entity costs more
				// than inventing one.
				for i := range n {
					g := e.gold[i]
					for t := range uint8(numTags) {
						switch {
						case t == g:
						case t == tagO:
							em[i*numTags+int(t)] += costMissed
						default:
							em[i*numTags+int(t)] += costWrong
						}
					}
				}
				viterbi(em, &tw, pred, back)
				for i := range n {
					g, p := e.gold[i], pred[i]
					if g != p {
						wrong++
						fs := f[e.offs[i]:e.offs[i+1]]
						update(fs, g, 1)
						update(fs, p, -1)
					}
					gp, pp := uint8(numTags), uint8(numTags)
					if i > 0 {
						gp, pp = e.gold[i-1], pred[i-1]
					}
					if gp != pp || g != p {
						trUpdate(gp, g, 1)
						trUpdate(pp, p, -1)
					}
				}
				if g, p := e.gold[n-1], pred[n-1]; g != p {
					trUpdate(g, numTags, 1)
					trUpdate(p, numTags, -1)
				}
				step++
			}
			if logf != nil {
				logf("%s, run %d, epoch %d: %d of %d tokens mistagged (%.2f%%)\n", name, run+1, ep, wrong, tokens, 100*float64(wrong)/float64(tokens))
			}
		}
		// Average: the weight a feature had at each step, summed, over the
		// steps, is w - u/step.
		for j := range w {
			sum[j] += float64(w[j]) - float64(u[j])/float64(step)
		}
		for j := range tw {
			tsum[j] += float64(tw[j]) - float64(tu[j])/float64(step)
		}
	}

	// Quantise with one scale for every weight.
	maxAbs := 0.0
	for j := range sum {
		maxAbs = math.Max(maxAbs, math.Abs(sum[j]))
	}
	for j := range tsum {
		maxAbs = math.Max(maxAbs, math.Abs(tsum[j]))
	}
	if maxAbs == 0 {
		maxAbs = 1
	}
	scale := math.MaxInt16 / maxAbs
	st := &stage{scale: scale}
	for j := range tw {
		st.trans[j] = int32(math.Round(tsum[j] * scale))
	}
	var kept []uint32
	var weights []int16
	var row [numTags]int16
	for fi, k := range keys {
		nz := false
		for t := range numTags {
			j := fi*numTags + t
			row[t] = int16(math.Round(sum[j] * scale))
			nz = nz || row[t] >= pruneBelow || row[t] <= -pruneBelow
		}
		if nz {
			kept = append(kept, k)
			weights = append(weights, row[:]...)
		}
	}
	st.buildTable(kept, weights)
	return st
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/2)
	}
	return s[:n]
}

// decoder holds the buffers of decoding.
type decoder struct {
	em    []int32
	back  []uint8
	feats []uint32
}

// decode tags an encoded sentence with the stage's own features and the
// frequency features of v (none when nil); the tags are written to a new
// slice. d may be nil.
func (m *stage) decode(e *encoded, d *decoder, v vocab) []uint8 {
	if d == nil {
		d = &decoder{}
	}
	n := e.len()
	out := make([]uint8, n)
	d.em, d.back = grow(d.em, n*numTags), grow(d.back, n*numTags)
	clear(d.em)
	for i := range n {
		d.feats = append(d.feats[:0], e.tokenFeats(i)...)
		d.feats = v.features(d.feats, e, i, false)
		m.emission(d.feats, d.em[i*numTags:])
	}
	viterbi(d.em, &m.trans, out, d.back)
	return out
}

// tagDocument tags the encoded sentences of one document (or corpus in
// document order) with both stages.
func (m *Model) tagDocument(data []encoded, d *decoder) [][]uint8 {
	if d == nil {
		d = &decoder{}
	}
	first := make([][]uint8, len(data))
	for j := range data {
		first[j] = m.first.decode(&data[j], d, m.vocab)
	}
	out := make([][]uint8, len(data))
	docCounts(data, first, m.Window, func(j int, counts [][numTypes + 1]int32) {
		e := &data[j]
		n := e.len()
		out[j] = make([]uint8, n)
		d.em, d.back = grow(d.em, n*numTags), grow(d.back, n*numTags)
		clear(d.em)
		for i := range n {
			d.feats = append(d.feats[:0], e.tokenFeats(i)...)
			d.feats = m.vocab.features(d.feats, e, i, false)
			d.feats = docFeatures(d.feats, counts[:n], first[j], e, m.vocab, false, i)
			m.second.emission(d.feats, d.em[i*numTags:])
		}
		viterbi(d.em, &m.second.trans, out[j], d.back)
		applyDictionary(out[j], e.lex, dictionaryKinds)
	})
	return out
}

// evaluate tags encoded sentences and scores them against their gold tags.
func (m *Model) evaluate(data []encoded, sc *Score) {
	tags := m.tagDocument(data, nil)
	var gold, pred []string
	for j := range data {
		gold, pred = gold[:0], pred[:0]
		for i := range data[j].len() {
			gold = append(gold, tagNames[data[j].gold[i]])
			pred = append(pred, tagNames[tags[j][i]])
		}
		sc.Add(gold, pred)
	}
}

// CVResult is the outcome of a cross-validation.
type CVResult struct {
	Folds  []*Score // the score of each held-out fold
	Pooled *Score   // the counts of every fold added up
}

// CrossValidate trains on k-1 parts of the sentences and scores the
// held-out part, for each of k parts. With block 0 the parts are k
// contiguous stretches of the corpus (in document order, so a part holds
// whole articles but for its two ends, and often whole topics: the harder
// test, like the CAMeL split's held-out last sixth). With block > 0 the
// corpus is cut into blocks of that many sentences, about an article each,
// dealt to the parts in turn; each held-out block is tagged as a document
// of its own. Folds run in parallel; the result does not depend on the
// scheduling.
func CrossValidate(sents []Sentence, lex *lexicon.Lexicon, k, block int, opt TrainOptions) (*CVResult, error) {
	if k < 2 || k > len(sents) {
		return nil, fmt.Errorf("ner: cannot make %d folds of %d sentences", k, len(sents))
	}
	data := encode(sents, lex, opt.Clusters, opt.workers())
	// fold[j] is the part of sentence j; docs[f] the documents of part f.
	fold := make([]int, len(data))
	docs := make([][][]encoded, k)
	if block <= 0 {
		for f := range k {
			lo, hi := f*len(data)/k, (f+1)*len(data)/k
			for j := lo; j < hi; j++ {
				fold[j] = f
			}
			docs[f] = [][]encoded{data[lo:hi]}
		}
	} else {
		for lo := 0; lo < len(data); lo += block {
			hi := min(lo+block, len(data))
			f := (lo / block) % k
			for j := lo; j < hi; j++ {
				fold[j] = f
			}
			docs[f] = append(docs[f], data[lo:hi])
		}
	}
	res := &CVResult{Folds: make([]*Score, k), Pooled: &Score{}}
	errs := make([]error, k)
	o := opt
	o.Log, o.Workers = nil, 1
	parallel(k, opt.workers(), func(f int) {
		var train []encoded
		for j := range data {
			if fold[j] != f {
				train = append(train, data[j])
			}
		}
		model, err := trainModel(train, o)
		if err != nil {
			errs[f] = err
			return
		}
		sc := &Score{}
		for _, doc := range docs[f] {
			model.evaluate(doc, sc)
		}
		res.Folds[f] = sc
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for _, sc := range res.Folds {
		res.Pooled.Merge(sc)
	}
	return res, nil
}
