package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"hadath/coder"
	"hadath/ingest"
	"hadath/ner"
	"hadath/plover"
)

func init() {
	register("code", "code documents (files, directories or stdin) into PLOVER events", runCode)
}

func runCode(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("code", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "events", "output: events (one PLOVER record per line), docs (one document per line), csv")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "documents coded in parallel")
	names := fs.Bool("ner", false, "also take actors from the trained name tagger (names no dictionary lists)")
	var dicts dictFlag
	fs.Var(&dicts, "dict", "overlay dictionary directory (repeatable)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: hadath code [--format events|docs|csv] [--dict DIR] [FILE|DIR...]\n\nReads .txt (one document per file), .jsonl and .jsonl.gz (one document per line:\nid, text, date, title, url, source); stdin when no file is named.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var sink func(coder.Result) error
	out := bufio.NewWriterSize(stdout, 256<<10)
	defer out.Flush()
	switch *format {
	case "events":
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		sink = func(r coder.Result) error {
			for i := range r.Events {
				if err := enc.Encode(&r.Events[i]); err != nil {
					return err
				}
			}
			return nil
		}
	case "docs":
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		sink = func(r coder.Result) error { return enc.Encode(&r) }
	case "csv":
		w := csv.NewWriter(out)
		if err := w.Write(csvHeader); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		sink = func(r coder.Result) error {
			for i := range r.Events {
				if err := w.Write(csvRow(&r.Events[i])); err != nil {
					return err
				}
			}
			w.Flush()
			return w.Error()
		}
	default:
		fmt.Fprintf(stderr, "hadath code: unknown --format %q (events, docs, csv)\n", *format)
		return 2
	}
	lex, err := loadLexicon(dicts)
	if err != nil {
		fmt.Fprintf(stderr, "hadath code: dictionaries: %v\n", err)
		return 1
	}
	c := coder.New(lex)
	if *names {
		tg, err := ner.Default()
		if err != nil {
			fmt.Fprintf(stderr, "hadath code: name tagger: %v\n", err)
			return 1
		}
		c = c.WithNames(tg)
	}
	problems := 0
	report := func(p *ingest.Problem) {
		problems++
		fmt.Fprintln(stderr, p.Error())
	}
	read := func(h ingest.Handler) error {
		if fs.NArg() == 0 {
			return readStdin(stdin, h, report)
		}
		return ingest.Paths(fs.Args(), h, report)
	}
	if err := CodeAll(c, *workers, read, sink); err != nil {
		fmt.Fprintf(stderr, "hadath code: %v\n", err)
		return 1
	}
	if problems > 0 {
		fmt.Fprintf(stderr, "hadath code: %d problem(s) in the input; the rest was coded\n", problems)
		return 1
	}
	return 0
}

// readStdin reads JSON Lines when the input starts with '{', else one text
// document with id "stdin".
func readStdin(r io.Reader, h ingest.Handler, report ingest.Reporter) error {
	br := bufio.NewReader(r)
	for {
		b, err := br.Peek(1)
		if err != nil {
			return ingest.Text("stdin", "stdin", br, h, report)
		}
		if b[0] == ' ' || b[0] == '\n' || b[0] == '\r' || b[0] == '\t' {
			br.ReadByte()
			continue
		}
		if b[0] == '{' {
			return ingest.JSONL("stdin", br, h, report)
		}
		return ingest.Text("stdin", "stdin", br, h, report)
	}
}

// CodeAll codes the documents that read delivers on the given number of
// workers and hands the results to sink in input order. At most a few
// documents per worker are in flight, so memory stays flat however large
// the input.
func CodeAll(c *coder.Coder, workers int, read func(ingest.Handler) error, sink func(coder.Result) error) error {
	if workers < 1 {
		workers = 1
	}
	type job struct {
		seq int
		doc coder.Document
	}
	type done struct {
		seq int
		res coder.Result
	}
	inflight := make(chan struct{}, workers*4)
	jobs := make(chan job, workers)
	results := make(chan done, workers*4)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- done{j.seq, c.Code(j.doc)}
			}
		}()
	}
	var readErr error
	stop := make(chan struct{})
	go func() {
		seq := 0
		readErr = read(func(d ingest.Doc) error {
			select {
			case inflight <- struct{}{}:
			case <-stop:
				return errStopped
			}
			jobs <- job{seq, d.Document}
			seq++
			return nil
		})
		close(jobs)
		wg.Wait()
		close(results)
	}()
	pending := map[int]coder.Result{}
	next := 0
	var sinkErr error
	for d := range results {
		pending[d.seq] = d.res
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-inflight
			if sinkErr == nil {
				if sinkErr = sink(r); sinkErr != nil {
					close(stop)
				}
			}
		}
	}
	if sinkErr != nil {
		return sinkErr
	}
	if readErr == errStopped {
		return nil
	}
	return readErr
}

var errStopped = fmt.Errorf("stopped")

var csvHeader = []string{"id", "doc_id", "date", "event", "mode", "context", "quad_code", "event_scale",
	"actor_code", "actor_sector", "actor_text", "actor_identifier",
	"recipient_code", "recipient_sector", "recipient_text", "recipient_identifier",
	"event_text", "event_loc", "event_loc_code", "sentence", "trigger_start", "trigger_end", "entry", "text"}

func joinField(es []plover.Entity, f func(plover.Entity) string) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = f(e)
	}
	return strings.Join(parts, ";")
}

func csvRow(e *plover.Event) []string {
	types := make([]string, len(e.Event))
	for i, t := range e.Event {
		types[i] = string(t)
	}
	loc, locCode := "", ""
	if e.EventLoc != nil {
		loc, locCode = e.EventLoc.Name, e.EventLoc.Code
	}
	ev := e.Evidence[0]
	code := func(x plover.Entity) string { return x.Code }
	sector := func(x plover.Entity) string { return x.Sector }
	text := func(x plover.Entity) string { return x.EntityText }
	ident := func(x plover.Entity) string { return x.IdentifierText }
	return []string{e.ID, e.DocID, e.Date, strings.Join(types, ";"), e.Mode, strings.Join(e.Context, ";"),
		fmt.Sprint(e.QuadCode), fmt.Sprint(e.EventScale),
		joinField(e.Actor, code), joinField(e.Actor, sector), joinField(e.Actor, text), joinField(e.Actor, ident),
		joinField(e.Recipient, code), joinField(e.Recipient, sector), joinField(e.Recipient, text), joinField(e.Recipient, ident),
		e.EventText, loc, locCode, fmt.Sprint(e.Sentence), fmt.Sprint(ev.Trigger[0]), fmt.Sprint(ev.Trigger[1]), ev.Entry, e.Text}
}
