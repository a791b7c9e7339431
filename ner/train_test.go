package ner

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"hadath/arabic"
	"hadath/lexicon"
)

const trainFile = "../../shared/data/ner/ANERCorp_CamelLab_train.txt"

// smallData returns the first n sentences of the ANERcorp training file,
// or a made-up corpus when the file is not there.
func smallData(t testing.TB, n int) []Sentence {
	t.Helper()
	if sents, err := ReadCoNLLFile(trainFile); err == nil {
		return sents[:min(n, len(sents))]
	}
	return madeUpData(n)
}

// madeUpData builds n sentences from a few patterns, for tests that must
// run without the shared data.
func madeUpData(n int) []Sentence {
	people := []string{"أحمد الشهري", "جون سميث", "فاطمة علي", "خالد منصور"}
	places := []string{"بغداد", "القاهرة", "باريس", "والعراق"}
	orgs := []string{"حزب العمال", "منظمة الصحة", "شركة سوني"}
	var out []Sentence
	for i := range n {
		var s Sentence
		add := func(words string, typ string) {
			for j, w := range strings.Fields(words) {
				tag := "O"
				if typ != "" {
					tag = "I-" + typ
					if j == 0 {
						tag = "B-" + typ
					}
				}
				s.Words = append(s.Words, w)
				s.Tags = append(s.Tags, tag)
			}
		}
		add("وقال", "")
		add(people[i%len(people)], "PERS")
		add("في", "")
		add(places[i%len(places)], "LOC")
		add("إن", "")
		add(orgs[i%len(orgs)], "ORG")
		add("أعلنت . ", "")
		out = append(out, s)
	}
	return out
}

func defaultLexicon(t testing.TB) *lexicon.Lexicon {
	t.Helper()
	lex, err := lexicon.Default()
	if err != nil {
		t.Fatal(err)
	}
	return lex
}

func trainBytes(t *testing.T, sents []Sentence, opt TrainOptions) []byte {
	t.Helper()
	m, err := Train(sents, defaultLexicon(t), opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestTrainDeterministic(t *testing.T) {
	sents := smallData(t, 150)
	opt := TrainOptions{Epochs: 3, Seed: 7}
	a := trainBytes(t, sents, opt)
	opt.Workers = 1 // the number of goroutines must not matter
	b := trainBytes(t, sents, opt)
	if !bytes.Equal(a, b) {
		t.Fatalf("same seed, different models (%d and %d bytes)", len(a), len(b))
	}
	opt.Seed = 8
	if c := trainBytes(t, sents, opt); bytes.Equal(a, c) {
		t.Errorf("seeds 7 and 8 gave the same model")
	}
	// One run is not the average of three.
	opt.Seed, opt.Runs = 7, 1
	if c := trainBytes(t, sents, opt); bytes.Equal(a, c) {
		t.Errorf("one run and %d runs gave the same model", DefaultRuns)
	}

	// The model survives encoding and decoding.
	m, err := LoadModel(a)
	if err != nil {
		t.Fatal(err)
	}
	again, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, again) {
		t.Errorf("model changed through LoadModel and MarshalBinary")
	}
}

// A model trained on made-up sentences learns them, through the Tagger.
func TestTrainLearns(t *testing.T) {
	sents := madeUpData(40)
	m, err := Train(sents, defaultLexicon(t), TrainOptions{Epochs: 5, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	tg := New(m, defaultLexicon(t))
	var words [][]string
	for _, s := range sents[:8] {
		words = append(words, s.Words)
	}
	got := tg.TagWords(words)
	var sc Score
	for j, s := range sents[:8] {
		sc.Add(s.Tags, got[j])
	}
	if f := sc.Overall().F1(); f < 0.9 {
		t.Errorf("F1 %.2f on the training sentences", f)
	}
}

func TestCrossValidateSmall(t *testing.T) {
	sents := smallData(t, 100)
	for _, block := range []int{0, 10} {
		res, err := CrossValidate(sents, defaultLexicon(t), 3, block, TrainOptions{Epochs: 2, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Folds) != 3 {
			t.Fatalf("%d folds", len(res.Folds))
		}
		gold := 0
		for _, f := range res.Folds {
			gold += f.Overall().Gold
		}
		if res.Pooled.Overall().Gold != gold || gold == 0 {
			t.Errorf("block %d: pooled %d gold entities, folds %d", block, res.Pooled.Overall().Gold, gold)
		}
	}
	if _, err := CrossValidate(sents, nil, 1, 0, TrainOptions{}); err == nil {
		t.Error("1 fold accepted")
	}
}

func TestTrainErrors(t *testing.T) {
	if _, err := Train(nil, nil, TrainOptions{}); err == nil {
		t.Error("no sentences accepted")
	}
}

func TestLoadModelRejectsBadData(t *testing.T) {
	good := embeddedModel
	if len(good) == 0 {
		t.Skip("no embedded model")
	}
	for _, data := range [][]byte{nil, []byte("hello"), []byte(magic), good[:len(good)/2], good[:len(magic)+10]} {
		if _, err := LoadModel(data); err == nil {
			t.Errorf("LoadModel accepted %d bad bytes", len(data))
		}
	}
	// Flipped bytes inside the compressed stream must give an error or a
	// model, never a panic.
	for i := len(magic); i < len(good); i += len(good) / 50 {
		bad := slices.Clone(good)
		bad[i] ^= 0x55
		LoadModel(bad)
	}
}

func TestReadCoNLL(t *testing.T) {
	in := "\ufeffفرانكفورت B-LOC\n(د O\nأ) O\n\nوقال O\nبرند B-PERS\nجوتشولك I-PERS\n\n\n-DOCSTART- O\nنص O\r\n"
	sents, err := ReadCoNLL(strings.NewReader(in), "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) != 3 {
		t.Fatalf("%d sentences: %+v", len(sents), sents)
	}
	if got := strings.Join(sents[1].Words, " "); got != "وقال برند جوتشولك" {
		t.Errorf("words %q", got)
	}
	if got := strings.Join(sents[1].Tags, " "); got != "O B-PERS I-PERS" {
		t.Errorf("tags %q", got)
	}
	if sents[0].Words[0] != "فرانكفورت" || sents[1].Line != 5 || sents[2].Words[0] != "نص" {
		t.Errorf("first word %q, line %d, last %q", sents[0].Words[0], sents[1].Line, sents[2].Words[0])
	}
	for _, bad := range []string{"كلمة\n", "كلمة B-PER\n", "كلمة O\nأخرى X-LOC\n"} {
		_, err := ReadCoNLL(strings.NewReader(bad), "bad.txt")
		if err == nil || !strings.Contains(err.Error(), "bad.txt:") {
			t.Errorf("%q: error %v, want one naming the line", bad, err)
		}
	}
}

func TestWordTokens(t *testing.T) {
	words := []string{"والعراق", "(د", "2002", "Reuters", "،", "«"}
	text, toks := WordTokens(words)
	if text != strings.Join(words, " ") {
		t.Fatalf("text %q", text)
	}
	kinds := []arabic.Kind{arabic.Word, arabic.Word, arabic.Number, arabic.Latin, arabic.Punct, arabic.Quote}
	for i, tk := range toks {
		if text[tk.Start:tk.End] != words[i] || tk.Text != words[i] || tk.Kind != kinds[i] {
			t.Errorf("token %d: %+v", i, tk)
		}
	}
	if toks[0].Norm != arabic.Normalize("والعراق") {
		t.Errorf("norm %q", toks[0].Norm)
	}
}

func TestCuesAndGazetteer(t *testing.T) {
	x := &extractor{}
	for w, want := range map[string]uint8{
		"الرئيس": cueTitle, "والرئيس": cueTitle, "المتحدث": cueSpokes, "جماعة": cueOrg,
		"بجماعة": cueOrg, "مدينة": cueLoc, "قال": cueSpeech, "محمد": cueGiven, "الكتاب": cueNone,
	} {
		toks := arabic.Tokenize(w)
		if got := x.analyse(toks)[0].cue; got != want {
			t.Errorf("%s: cue %d, want %d", w, got, want)
		}
	}
	g := buildGazetteer(defaultLexicon(t))
	if len(g) < 100 {
		t.Fatalf("gazetteer of %d words", len(g))
	}
	// Some country of the dictionaries is a single-word form.
	if g[cueKey(arabic.Normalize("فرنسا"))]&(1<<(0*gazPositions+gazSingle)) == 0 {
		t.Errorf("فرنسا is not a single-word country form in the gazetteer")
	}
}

func TestClusters(t *testing.T) {
	var texts []string
	for i := range 60 {
		texts = append(texts, fmt.Sprintf("قال الرئيس %s إن %s مستعدة للعمل مع %s. وأكد %s أن الوزير %s زار %s.",
			[]string{"ماكرون", "بوتين", "أردوغان"}[i%3], []string{"فرنسا", "روسيا", "تركيا"}[i%3],
			[]string{"مصر", "الصين", "ألمانيا"}[i%3], []string{"ماكرون", "بوتين", "أردوغان"}[(i+1)%3],
			[]string{"لافروف", "جاويش", "لودريان"}[i%3], []string{"القاهرة", "بكين", "برلين"}[i%3]))
	}
	opt := ClusterOptions{Fine: 6, Coarse: 2, MinCount: 5, Dims: 32, Seed: 3}
	c, err := BuildClusters(slices.Values(texts), opt)
	if err != nil {
		t.Fatal(err)
	}
	b1, _ := c.MarshalBinary()
	c2, err := BuildClusters(slices.Values(texts), opt)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := c2.MarshalBinary()
	if !bytes.Equal(b1, b2) {
		t.Fatal("clusters differ between two runs")
	}
	back, err := LoadClusters(b1)
	if err != nil {
		t.Fatal(err)
	}
	if back.Len() != c.Len() || c.Len() == 0 {
		t.Errorf("%d clusters after loading, %d before", back.Len(), c.Len())
	}
	putin := arabic.Tokenize("بوتين")[0]
	if f, _ := back.lookup(clusterStem(&extractor{}, &putin)); f == 0 {
		t.Errorf("بوتين has no cluster")
	}
	if _, err := LoadClusters([]byte("nope")); err == nil {
		t.Error("bad clusters file accepted")
	}
	if _, err := BuildClusters(slices.Values([]string{"كلمة"}), ClusterOptions{}); err == nil {
		t.Error("clusters from one word")
	}

	// A model trained with clusters embeds them.
	m, err := Train(madeUpData(20), nil, TrainOptions{Epochs: 1, Clusters: c})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := m.MarshalBinary()
	m2, err := LoadModel(data)
	if err != nil {
		t.Fatal(err)
	}
	if m2.clusters.Len() != c.Len() {
		t.Errorf("model holds %d clustered words, want %d", m2.clusters.Len(), c.Len())
	}
}

func TestFeatureVersionChecked(t *testing.T) {
	m, err := Train(madeUpData(5), nil, TrainOptions{Epochs: 1})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := m.MarshalBinary()
	if _, err := LoadModel(data); err != nil {
		t.Fatal(err)
	}
	// Decode, bump the version varint (second byte of the stream), encode.
	raw := inflate(t, data[len(magic):])
	raw[1]++
	if _, err := LoadModel(deflate(t, raw)); !errors.Is(err, ErrFeatureVersion) {
		t.Errorf("other feature version: %v", err)
	}
}

func TestTrainingFileStats(t *testing.T) {
	if _, err := os.Stat(trainFile); err != nil {
		t.Skip("no shared training file")
	}
	sents, err := ReadCoNLLFile(trainFile)
	if err != nil {
		t.Fatal(err)
	}
	tokens := 0
	for _, s := range sents {
		tokens += len(s.Words)
	}
	if tokens != 125102 {
		t.Errorf("%d tokens, the README says 125,102", tokens)
	}
}

func inflate(t *testing.T, b []byte) []byte {
	t.Helper()
	out, err := io.ReadAll(flate.NewReader(bytes.NewReader(b)))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func deflate(t *testing.T, raw []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	buf.WriteString(magic)
	zw, _ := flate.NewWriter(&buf, flate.BestSpeed)
	zw.Write(raw)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
