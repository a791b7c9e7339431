package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"hadath/coder"
	"hadath/eval"
	"hadath/ner"
)

func init() {
	register("eval", "score the coder on gold files (event, detection or multi-label gold)", runEval)
}

// goldFlag collects repeated --gold files.
type goldFlag []string

func (g *goldFlag) String() string     { return fmt.Sprint(*g) }
func (g *goldFlag) Set(v string) error { *g = append(*g, v); return nil }

func runEval(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var golds goldFlag
	fs.Var(&golds, "gold", "gold JSONL file (repeatable; also accepted as arguments)")
	asJSON := fs.Bool("json", false, "print the reports as JSON")
	errorsToo := fs.Bool("errors", false, "list every miss and false alarm")
	names := fs.Bool("ner", false, "code with the trained name tagger as well (as hadath code --ner)")
	var dicts dictFlag
	fs.Var(&dicts, "dict", "overlay dictionary directory (repeatable)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	golds = append(golds, fs.Args()...)
	if len(golds) == 0 {
		fmt.Fprintln(stderr, "usage: hadath eval --gold FILE.jsonl [--gold FILE...] [--json] [--errors]")
		return 2
	}
	lex, err := loadLexicon(dicts)
	if err != nil {
		fmt.Fprintf(stderr, "hadath eval: dictionaries: %v\n", err)
		return 1
	}
	c := coder.New(lex)
	if *names {
		tg, err := ner.Default()
		if err != nil {
			fmt.Fprintf(stderr, "hadath eval: name tagger: %v\n", err)
			return 1
		}
		c = c.WithNames(tg)
	}
	var reports []*eval.Report
	for _, g := range golds {
		rows, err := eval.Read(g)
		if err != nil {
			fmt.Fprintf(stderr, "hadath eval: %v\n", err)
			return 1
		}
		rep, err := eval.Run(c, g, rows)
		if err != nil {
			fmt.Fprintf(stderr, "hadath eval: %v\n", err)
			return 1
		}
		reports = append(reports, rep)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if len(reports) == 1 {
			enc.Encode(reports[0])
		} else {
			enc.Encode(reports)
		}
		return 0
	}
	for _, r := range reports {
		r.Print(stdout)
		if *errorsToo {
			for _, e := range r.Errors {
				fmt.Fprintln(stdout, "   ", e)
			}
		}
		fmt.Fprintln(stdout)
	}
	return 0
}
