package ner

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"math/rand"
	"runtime"
	"slices"
	"sync"

	"hadath/arabic"
)

// Clusters group words that occur in similar contexts in unannotated
// text, so that a name the annotated data never showed can still look like
// the names it did (the word after الرئيس، before قال...). Words are keyed
// by a 32-bit hash of their stem: the table holds no text.
type Clusters struct {
	fine   map[uint32]uint16 // stem key -> fine cluster
	coarse []uint16          // fine cluster -> coarse cluster
}

// Len returns the number of words with a cluster.
func (c *Clusters) Len() int {
	if c == nil {
		return 0
	}
	return len(c.fine)
}

// lookup returns the fine and coarse clusters of a stem, plus one (0: none).
func (c *Clusters) lookup(stem string) (fine, coarse uint16) {
	if c == nil {
		return 0, 0
	}
	f, ok := c.fine[clusterKey(stem)]
	if !ok {
		return 0, 0
	}
	return f + 1, c.coarse[f] + 1
}

func clusterKey(stem string) uint32 { return fold(hashString(hashStart(fClusterKey), stem)) }

// ClusterOptions control BuildClusters.
type ClusterOptions struct {
	Fine, Coarse int   // number of clusters; 0 means 500 and 50
	MinCount     int   // words seen fewer times get no cluster; 0 means 10
	Context      int   // context words: the most frequent stems; 0 means 2000
	Dims         int   // random projection dimensions; 0 means 256
	Iterations   int   // k-means passes; 0 means 12
	Seed         int64 // seed of the projection and of the k-means start
	Log          io.Writer
}

// clusterStem returns the form of a token that clusters count: the stem
// without proclitics, article and suffix for words, the normalised form
// for the rest.
func clusterStem(x *extractor, t *arabic.Token) string {
	if t.Kind != arabic.Word {
		return t.Norm
	}
	var in tokInfo
	x.analyseToken(&in, t)
	return in.stem
}

// BuildClusters clusters the words of the texts by their neighbours: each
// stem seen often enough gets a vector of the positive pointwise mutual
// information of the stems one and two words before and after it (the
// most frequent stems, each position apart), randomly projected to a few
// hundred dimensions; spherical k-means groups the vectors into fine
// clusters, and k-means over the fine centroids groups those into coarse
// ones. The result depends only on the texts and the options.
func BuildClusters(texts iter.Seq[string], opt ClusterOptions) (*Clusters, error) {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&opt.Fine, 500)
	def(&opt.Coarse, 50)
	def(&opt.MinCount, 10)
	def(&opt.Context, 2000)
	def(&opt.Dims, 256)
	def(&opt.Iterations, 12)
	if opt.Fine > math.MaxUint16-1 || opt.Coarse > opt.Fine {
		return nil, errors.New("ner: bad cluster counts")
	}
	logf := func(format string, args ...any) {
		if opt.Log != nil {
			fmt.Fprintf(opt.Log, format, args...)
		}
	}

	// Stem ids in order of first appearance, and the corpus as ids with
	// -1 between sentences.
	ids := map[string]int32{}
	var stems []string
	var freq []int64
	var corpus []int32
	x := &extractor{}
	cache := map[string]int32{} // normalised word -> stem id
	for text := range texts {
		for _, s := range arabic.Sentences(text) {
			for i := range s.Tokens {
				t := &s.Tokens[i]
				if t.Kind == arabic.Punct || t.Kind == arabic.Quote {
					continue
				}
				id, ok := cache[t.Norm]
				if !ok {
					stem := clusterStem(x, t)
					if id, ok = ids[stem]; !ok {
						id = int32(len(stems))
						stem = string([]byte(stem)) // no reference to the text
						ids[stem] = id
						stems = append(stems, stem)
						freq = append(freq, 0)
					}
					cache[string([]byte(t.Norm))] = id
				}
				freq[id]++
				corpus = append(corpus, id)
			}
			corpus = append(corpus, -1)
		}
	}
	cache = nil
	logf("clusters: %d tokens, %d stems\n", len(corpus), len(stems))
	if len(stems) == 0 {
		return nil, errors.New("ner: no text to cluster")
	}

	// Context stems: the most frequent; targets: those seen MinCount times.
	byFreq := make([]int32, len(stems))
	for i := range byFreq {
		byFreq[i] = int32(i)
	}
	slices.SortStableFunc(byFreq, func(a, b int32) int { return int(freq[b] - freq[a]) })
	nctx := min(opt.Context, len(stems))
	ctxIndex := make([]int32, len(stems))
	for i := range ctxIndex {
		ctxIndex[i] = -1
	}
	for i, id := range byFreq[:nctx] {
		ctxIndex[id] = int32(i)
	}
	var targets []int32 // target index -> stem id
	targetIndex := make([]int32, len(stems))
	for id := range stems {
		targetIndex[id] = -1
		if freq[id] >= int64(opt.MinCount) {
			targetIndex[id] = int32(len(targets))
			targets = append(targets, int32(id))
		}
	}
	if len(targets) < opt.Fine {
		return nil, fmt.Errorf("ner: %d words to cluster, fewer than %d clusters", len(targets), opt.Fine)
	}

	// Co-occurrence pairs (target, context dimension), counted by sorting.
	// Dimension: position (-2 -1 +1 +2) * (nctx+1) + context index, with
	// nctx for any other stem or the sentence edge.
	offsets := [...]int{-2, -1, 1, 2}
	var pairs []uint64
	for i, id := range corpus {
		if id < 0 || targetIndex[id] < 0 {
			continue
		}
		for p, off := range offsets {
			c := int32(nctx)
			if j := i + off; j >= 0 && j < len(corpus) && corpus[j] >= 0 {
				if ci := ctxIndex[corpus[j]]; ci >= 0 {
					c = ci
				}
			}
			// An edge cuts the window: words beyond it are not context.
			if off == 2 && i+1 < len(corpus) && corpus[i+1] < 0 || off == -2 && i > 0 && corpus[i-1] < 0 {
				c = int32(nctx)
			}
			dim := int32(p)*int32(nctx+1) + c
			pairs = append(pairs, uint64(targetIndex[id])<<32|uint64(dim))
		}
	}
	corpus = nil
	slices.Sort(pairs)
	ndims := len(offsets) * (nctx + 1)
	targetTotal := make([]float64, len(targets))
	dimTotal := make([]float64, ndims)
	type cell struct {
		target, dim int32
		n           float64
	}
	var cells []cell
	for i := 0; i < len(pairs); {
		j := i
		for j < len(pairs) && pairs[j] == pairs[i] {
			j++
		}
		c := cell{target: int32(pairs[i] >> 32), dim: int32(uint32(pairs[i])), n: float64(j - i)}
		cells = append(cells, c)
		targetTotal[c.target] += c.n
		dimTotal[c.dim] += c.n
		i = j
	}
	pairs = nil
	// Context distribution smoothing (power 0.75), as is usual for PPMI.
	smoothed := make([]float64, ndims)
	sumSmoothed, total := 0.0, 0.0
	for d, n := range dimTotal {
		smoothed[d] = math.Pow(n, 0.75)
		sumSmoothed += smoothed[d]
		total += n
	}

	// Random projection: each dimension gets a fixed random ±1 vector.
	rng := rand.New(rand.NewSource(opt.Seed))
	proj := make([]float32, ndims*opt.Dims)
	for i := range proj {
		if rng.Intn(2) == 0 {
			proj[i] = -1
		} else {
			proj[i] = 1
		}
	}
	D := opt.Dims
	vecs := make([]float32, len(targets)*D)
	for _, c := range cells {
		pmi := math.Log(c.n * sumSmoothed / (targetTotal[c.target] * smoothed[c.dim]))
		if pmi <= 0 {
			continue
		}
		v := vecs[int(c.target)*D : int(c.target+1)*D]
		p := proj[int(c.dim)*D : int(c.dim+1)*D]
		w := float32(pmi)
		for k := range v {
			v[k] += w * p[k]
		}
	}
	cells = nil
	for t := range targets {
		normalize(vecs[t*D : (t+1)*D])
	}
	logf("clusters: %d words, %d context dimensions projected to %d\n", len(targets), ndims, D)

	assign := kmeans(vecs, D, opt.Fine, opt.Iterations, rng, logf)
	// Coarse clusters from the fine centroids.
	cents := centroids(vecs, D, assign, opt.Fine)
	coarse := kmeans(cents, D, opt.Coarse, opt.Iterations, rng, nil)

	c := &Clusters{fine: make(map[uint32]uint16, len(targets)), coarse: make([]uint16, opt.Fine)}
	for f, cc := range coarse {
		c.coarse[f] = uint16(cc)
	}
	for t, id := range targets {
		k := clusterKey(stems[id])
		if _, dup := c.fine[k]; !dup { // a hash collision keeps the first
			c.fine[k] = uint16(assign[t])
		}
	}
	return c, nil
}

func normalize(v []float32) {
	s := 0.0
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	if s == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(s))
	for k := range v {
		v[k] *= inv
	}
}

// centroids returns the normalised mean vector of each cluster.
func centroids(vecs []float32, D int, assign []int, k int) []float32 {
	out := make([]float32, k*D)
	for i, a := range assign {
		c := out[a*D : (a+1)*D]
		for d, x := range vecs[i*D : (i+1)*D] {
			c[d] += x
		}
	}
	for a := range k {
		normalize(out[a*D : (a+1)*D])
	}
	return out
}

// kmeans is spherical k-means (cosine) over n unit vectors, started from k
// vectors drawn with rng. Assignment runs in parallel; it is exact, so the
// result does not depend on the scheduling.
func kmeans(vecs []float32, D, k, iters int, rng *rand.Rand, logf func(string, ...any)) []int {
	n := len(vecs) / D
	cents := make([]float32, k*D)
	for a, i := range rng.Perm(n)[:k] {
		copy(cents[a*D:(a+1)*D], vecs[i*D:(i+1)*D])
	}
	assign := make([]int, n)
	workers := runtime.GOMAXPROCS(0)
	for it := range iters {
		changed := make([]int, workers)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < n; i += workers {
					v := vecs[i*D : (i+1)*D]
					best, arg := float32(math.Inf(-1)), 0
					for a := range k {
						c := cents[a*D : (a+1)*D]
						var s float32
						for d := range v {
							s += v[d] * c[d]
						}
						if s > best {
							best, arg = s, a
						}
					}
					if it == 0 || assign[i] != arg {
						changed[w]++
					}
					assign[i] = arg
				}
			}()
		}
		wg.Wait()
		moved := 0
		for _, c := range changed {
			moved += c
		}
		next := centroids(vecs, D, assign, k)
		// A cluster left empty keeps its old centroid.
		counts := make([]int, k)
		for _, a := range assign {
			counts[a]++
		}
		for a := range k {
			if counts[a] == 0 {
				copy(next[a*D:(a+1)*D], cents[a*D:(a+1)*D])
			}
		}
		cents = next
		if logf != nil {
			logf("clusters: k-means pass %d, %d words moved\n", it+1, moved)
		}
		if moved == 0 {
			break
		}
	}
	return assign
}

// appendTo encodes the clusters: count, then the keys sorted, delta-coded,
// each with its fine cluster, then the coarse cluster of each fine one.
func (c *Clusters) appendTo(raw []byte) []byte {
	if c == nil {
		return binary.AppendUvarint(raw, 0)
	}
	keys := make([]uint32, 0, len(c.fine))
	for k := range c.fine {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	raw = binary.AppendUvarint(raw, uint64(len(keys)))
	prev := uint32(0)
	for _, k := range keys {
		raw = binary.AppendUvarint(raw, uint64(k-prev))
		raw = binary.AppendUvarint(raw, uint64(c.fine[k]))
		prev = k
	}
	raw = binary.AppendUvarint(raw, uint64(len(c.coarse)))
	for _, v := range c.coarse {
		raw = binary.AppendUvarint(raw, uint64(v))
	}
	return raw
}

func readClusters(r *bufio.Reader) (*Clusters, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil || n > 1<<24 {
		return nil, corrupt("clusters", err)
	}
	if n == 0 {
		return nil, nil
	}
	c := &Clusters{fine: make(map[uint32]uint16, n)}
	prev := uint64(0)
	maxFine := uint64(0)
	for range n {
		d, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, corrupt("cluster key", err)
		}
		f, err := binary.ReadUvarint(r)
		if err != nil || f >= math.MaxUint16 || prev+d > math.MaxUint32 {
			return nil, corrupt("cluster", err)
		}
		prev += d
		c.fine[uint32(prev)] = uint16(f)
		maxFine = max(maxFine, f)
	}
	nc, err := binary.ReadUvarint(r)
	if err != nil || nc <= maxFine || nc >= math.MaxUint16 {
		return nil, corrupt("coarse clusters", err)
	}
	c.coarse = make([]uint16, nc)
	for i := range c.coarse {
		v, err := binary.ReadUvarint(r)
		if err != nil || v >= math.MaxUint16 {
			return nil, corrupt("coarse cluster", err)
		}
		c.coarse[i] = uint16(v)
	}
	return c, nil
}

// MarshalBinary encodes the clusters on their own (for hadath ner
// clusters --out; Train embeds them in the model).
func (c *Clusters) MarshalBinary() ([]byte, error) {
	return c.appendTo([]byte(clustersMagic)), nil
}

const clustersMagic = "hadath-ner-clusters\n"

// LoadClusters decodes clusters written by MarshalBinary.
func LoadClusters(data []byte) (*Clusters, error) {
	if len(data) < len(clustersMagic) || string(data[:len(clustersMagic)]) != clustersMagic {
		return nil, errors.New("ner: not a clusters file")
	}
	return readClusters(bufio.NewReader(bytes.NewReader(data[len(clustersMagic):])))
}
