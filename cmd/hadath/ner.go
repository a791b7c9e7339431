package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"hadath/arabic"
	"hadath/ingest"
	"hadath/lexicon"
	"hadath/ner"
)

func init() {
	register("ner", "named-entity tagger: train, eval (CoNLL), tag", runNER)
}

const nerUsage = `usage:
  hadath ner clusters --corpus FILE[,FILE...] --out FILE [--seed N]
  hadath ner train --data FILE.conll --out ner/model/model.bin [--clusters FILE] [--seed N] [--epochs N] [--runs N] [--window N] [--min-count N]
  hadath ner eval --gold FILE.conll [--json] [--errors] [--model FILE] [--folds N [--block N] [--clusters FILE] [--seed N] [--epochs N] [--runs N] [--window N] [--min-count N]]
  hadath ner tag [--model FILE] [TEXT|-]`

func runNER(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, nerUsage)
		return 2
	}
	sub := args[0]
	fs := flag.NewFlagSet("ner "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "training file, CoNLL format (train)")
	out := fs.String("out", "", "model file to write (train)")
	gold := fs.String("gold", "", "gold file, CoNLL format (eval)")
	modelFile := fs.String("model", "", "model file instead of the embedded one (eval, tag)")
	asJSON := fs.Bool("json", false, "print the scores as JSON (eval)")
	showErrors := fs.Bool("errors", false, "list the sentences where the tags differ from the gold ones (eval)")
	block := fs.Int("block", 0, "with --folds: deal blocks of N sentences to the folds in turn instead of cutting N contiguous folds (eval)")
	folds := fs.Int("folds", 0, "cross-validate with N folds of the gold file instead of tagging it with the model (eval)")
	seed := fs.Int64("seed", 1, "seed of the training shuffle (train, eval --folds)")
	epochs := fs.Int("epochs", ner.DefaultEpochs, "training passes (train, eval --folds)")
	runs := fs.Int("runs", ner.DefaultRuns, "perceptrons trained with different shuffle seeds and averaged into each stage (train, eval --folds)")
	minCount := fs.Int("min-count", 1, "drop features seen fewer times in training (train, eval --folds)")
	clustersFile := fs.String("clusters", "", "word clusters to embed in the model, from hadath ner clusters (train, eval --folds)")
	corpus := fs.String("corpus", "", "unannotated text: .txt, .jsonl or .jsonl.gz files or directories, comma-separated (clusters)")
	fine := fs.Int("fine", 0, "fine clusters (clusters; default 500)")
	coarse := fs.Int("coarse", 0, "coarse clusters (clusters; default 50)")
	window := fs.Int("window", ner.DefaultWindow, "document context of the second stage, in sentences before and after (train, eval --folds)")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	opt := ner.TrainOptions{Epochs: *epochs, Runs: *runs, Seed: *seed, MinCount: *minCount, Window: *window}
	if *clustersFile != "" && (sub == "train" || sub == "eval") {
		b, err := os.ReadFile(*clustersFile)
		if err == nil {
			opt.Clusters, err = ner.LoadClusters(b)
		}
		if err != nil {
			fmt.Fprintf(stderr, "hadath ner %s: --clusters: %v\n", sub, err)
			return 1
		}
	}
	switch sub {
	case "clusters":
		if *corpus == "" || *out == "" {
			fmt.Fprintln(stderr, nerUsage)
			return 2
		}
		copt := ner.ClusterOptions{Fine: *fine, Coarse: *coarse, Seed: *seed, Log: stderr}
		if *minCount > 1 {
			copt.MinCount = *minCount
		}
		return nerClusters(strings.Split(*corpus, ","), *out, copt, stdout, stderr)
	case "train":
		if *data == "" || *out == "" {
			fmt.Fprintln(stderr, nerUsage)
			return 2
		}
		return nerTrain(*data, *out, opt, stdout, stderr)
	case "eval":
		if *gold == "" && fs.NArg() == 1 {
			*gold = fs.Arg(0)
		}
		if *gold == "" {
			fmt.Fprintln(stderr, nerUsage)
			return 2
		}
		if *folds != 0 {
			return nerCrossValidate(*gold, *folds, *block, opt, *asJSON, stdout, stderr)
		}
		return nerEval(*gold, *modelFile, *asJSON, *showErrors, stdout, stderr)
	case "tag":
		var text string
		if fs.NArg() == 0 || fs.NArg() == 1 && fs.Arg(0) == "-" {
			b, err := io.ReadAll(stdin)
			if err != nil {
				fmt.Fprintf(stderr, "hadath ner tag: reading stdin: %v\n", err)
				return 1
			}
			text = string(b)
		} else {
			text = strings.Join(fs.Args(), " ")
		}
		return nerTag(text, *modelFile, stdout, stderr)
	}
	fmt.Fprintf(stderr, "hadath ner: unknown subcommand %q (clusters, train, eval, tag)\n", sub)
	return 2
}

func nerTrain(data, out string, opt ner.TrainOptions, stdout, stderr io.Writer) int {
	raw, err := os.ReadFile(data)
	if err != nil {
		fmt.Fprintf(stderr, "hadath ner train: %v\n", err)
		return 1
	}
	sents, err := ner.ReadCoNLL(strings.NewReader(string(raw)), data)
	if err != nil {
		fmt.Fprintf(stderr, "hadath ner train: %v\n", err)
		return 1
	}
	lex, err := lexicon.Default()
	if err != nil {
		fmt.Fprintf(stderr, "hadath ner train: dictionaries: %v\n", err)
		return 1
	}
	sum := sha256.Sum256(raw)
	opt.Log = stderr
	opt.Meta = map[string]any{
		"data":        filepath.Base(data),
		"data_sha256": hex.EncodeToString(sum[:]),
		"lexicon":     lex.Version,
	}
	start := time.Now()
	m, err := ner.Train(sents, lex, opt)
	if err != nil {
		fmt.Fprintf(stderr, "hadath ner train: %v\n", err)
		return 1
	}
	b, err := m.MarshalBinary()
	if err != nil {
		fmt.Fprintf(stderr, "hadath ner train: %v\n", err)
		return 1
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		fmt.Fprintf(stderr, "hadath ner train: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "trained on %d sentences in %s: %d features, %s written (%d bytes)\n%s\n",
		len(sents), time.Since(start).Round(time.Millisecond), m.Features(), out, len(b), m.Meta)
	return 0
}

func nerTagger(modelFile string) (*ner.Tagger, error) {
	if modelFile == "" {
		return ner.Default()
	}
	b, err := os.ReadFile(modelFile)
	if err != nil {
		return nil, err
	}
	m, err := ner.LoadModel(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", modelFile, err)
	}
	lex, err := lexicon.Default()
	if err != nil {
		return nil, err
	}
	return ner.New(m, lex), nil
}

func nerEval(gold, modelFile string, asJSON, showErrors bool, stdout, stderr io.Writer) int {
	sents, err := ner.ReadCoNLLFile(gold)
	if err != nil {
		fmt.Fprintf(stderr, "hadath ner eval: %v\n", err)
		return 1
	}
	t, err := nerTagger(modelFile)
	if err != nil {
		fmt.Fprintf(stderr, "hadath ner eval: %v\n", err)
		return 1
	}
	var sc ner.Score
	start := time.Now()
	tokens := 0
	words := make([][]string, len(sents))
	for j, s := range sents {
		words[j] = s.Words
	}
	tagged := t.TagWords(words)
	var errs strings.Builder
	for j, s := range sents {
		pred := tagged[j]
		sc.Add(s.Tags, pred)
		tokens += len(s.Words)
		if showErrors && !slices.Equal(pred, s.Tags) {
			fmt.Fprintf(&errs, "%s:%d:", gold, s.Line)
			for i, w := range s.Words {
				fmt.Fprintf(&errs, " %s", w)
				if p := pred[i]; p != s.Tags[i] {
					fmt.Fprintf(&errs, "[%s≠%s]", p, s.Tags[i])
				} else if p != "O" {
					fmt.Fprintf(&errs, "[%s]", p)
				}
			}
			errs.WriteString("\n")
		}
	}
	elapsed := time.Since(start)
	if asJSON {
		return nerWriteJSON(sc.Report(), stdout, stderr)
	}
	fmt.Fprintf(stdout, "%s: %d sentences, %d tokens tagged in %s (%.0f tokens/s)\n", gold, len(sents), tokens,
		elapsed.Round(time.Millisecond), float64(tokens)/elapsed.Seconds())
	sc.WriteTable(stdout)
	if showErrors {
		fmt.Fprintf(stdout, "\nsentences with errors (each wrong token: [predicted≠gold]):\n%s", errs.String())
	}
	return 0
}

func nerCrossValidate(gold string, folds, block int, opt ner.TrainOptions, asJSON bool, stdout, stderr io.Writer) int {
	sents, err := ner.ReadCoNLLFile(gold)
	if err != nil {
		fmt.Fprintf(stderr, "hadath ner eval: %v\n", err)
		return 1
	}
	lex, err := lexicon.Default()
	if err != nil {
		fmt.Fprintf(stderr, "hadath ner eval: dictionaries: %v\n", err)
		return 1
	}
	start := time.Now()
	res, err := ner.CrossValidate(sents, lex, folds, block, opt)
	if err != nil {
		fmt.Fprintf(stderr, "hadath ner eval: %v\n", err)
		return 1
	}
	if asJSON {
		type foldJSON struct {
			Overall ner.PRF `json:"overall"`
		}
		rep := struct {
			ner.Report
			Scores string     `json:"scores"`
			Folds  []foldJSON `json:"folds"`
		}{Report: res.Pooled.Report(), Scores: "pooled over the held-out folds"}
		for _, f := range res.Folds {
			rep.Folds = append(rep.Folds, foldJSON{f.Overall().Figures()})
		}
		return nerWriteJSON(rep, stdout, stderr)
	}
	how := "contiguous folds"
	if block > 0 {
		how = fmt.Sprintf("blocks of %d sentences dealt in turn", block)
	}
	fmt.Fprintf(stdout, "%s: %d-fold cross-validation over %d sentences, %s (seed %d, %d epochs, window %d) in %s\n",
		gold, folds, len(sents), how, opt.Seed, opt.Epochs, opt.Window, time.Since(start).Round(time.Second))
	mean := 0.0
	for i, f := range res.Folds {
		o := f.Overall()
		mean += o.F1()
		fmt.Fprintf(stdout, "fold %d: %d entities, overall P %.4f R %.4f F1 %.4f\n", i+1, o.Gold, o.Precision(), o.Recall(), o.F1())
	}
	fmt.Fprintf(stdout, "mean of the fold F1s: %.4f\nscores pooled over the held-out folds:\n", mean/float64(len(res.Folds)))
	res.Pooled.WriteTable(stdout)
	return 0
}

func nerWriteJSON(v any, stdout, stderr io.Writer) int {
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		fmt.Fprintf(stderr, "hadath ner: %v\n", err)
		return 1
	}
	return 0
}

func nerTag(text, modelFile string, stdout, stderr io.Writer) int {
	t, err := nerTagger(modelFile)
	if err != nil {
		fmt.Fprintf(stderr, "hadath ner tag: %v\n", err)
		return 1
	}
	for _, s := range arabic.Sentences(text) {
		for _, sp := range t.Tag(s.Tokens) {
			fmt.Fprintf(stdout, "%d\t%s\t%d:%d\t%s\n", s.Index, sp.Type, sp.Start, sp.End, text[sp.Start:sp.End])
		}
	}
	return 0
}

func nerClusters(paths []string, out string, copt ner.ClusterOptions, stdout, stderr io.Writer) int {
	var texts []string
	bad := false
	err := ingest.Paths(paths, func(d ingest.Doc) error {
		texts = append(texts, d.Text)
		return nil
	}, func(p *ingest.Problem) {
		fmt.Fprintln(stderr, p)
		bad = true
	})
	if err != nil {
		fmt.Fprintf(stderr, "hadath ner clusters: %v\n", err)
		return 1
	}
	start := time.Now()
	c, err := ner.BuildClusters(slices.Values(texts), copt)
	if err != nil {
		fmt.Fprintf(stderr, "hadath ner clusters: %v\n", err)
		return 1
	}
	b, err := c.MarshalBinary()
	if err == nil {
		err = os.WriteFile(out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintf(stderr, "hadath ner clusters: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%d documents: %d words clustered in %s, %s written (%d bytes)\n",
		len(texts), c.Len(), time.Since(start).Round(time.Second), out, len(b))
	if bad {
		return 1
	}
	return 0
}
