package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"hadath/coder"
	"hadath/ingest"
	"hadath/plover"
	"hadath/store"
	"hadath/store/sqlite"
)

func init() {
	register("ingest", "code documents and RSS/Atom feeds into the store (--data DIR)", runIngest)
}

// Exit statuses of ingest and recode besides 0, 1 (problems or failure)
// and 2 (usage).
const exitInterrupted = 130 // stopped by SIGINT/SIGTERM after a committed batch

// defaultData is the data folder when --data is not given (as for serve).
const defaultData = "./hadath-data"

func runIngest(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := interruptible()
	defer stop()
	return ingestMain(ctx, args, stdin, stderr)
}

// interruptible returns a context cancelled by the first SIGINT or
// SIGTERM. A second one kills the process as usual: every batch is one
// transaction, so that loses nothing committed.
func interruptible() (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx, stop
}

// progressFlag is --progress: plain progress lines when stderr is not a
// terminal, every 5 s (--progress) or every given interval
// (--progress=30s).
type progressFlag time.Duration

func (p *progressFlag) String() string { return time.Duration(*p).String() }
func (p *progressFlag) IsBoolFlag() bool {
	return true
}
func (p *progressFlag) Set(v string) error {
	switch v {
	case "true":
		*p = progressFlag(5 * time.Second)
	case "false":
		*p = 0
	default:
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("want a positive duration such as 10s")
		}
		*p = progressFlag(d)
	}
	return nil
}

// isTerminal reports whether w is a terminal (a character device that is
// not /dev/null), where progress is a bar redrawn in place.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("TERM") == "dumb" {
		return false
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	if null, err := os.Stat(os.DevNull); err == nil && os.SameFile(st, null) {
		return false
	}
	return true
}

// multiFlag collects a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func ingestMain(ctx context.Context, args []string, stdin io.Reader, stderr io.Writer) int {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", defaultData, "data folder of the store (created if missing)")
	batch := fs.Int("batch", 200, "documents per transaction")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "documents coded in parallel")
	every := fs.Duration("every", 10*time.Minute, "interval between two polls of the feeds")
	once := fs.Bool("once", false, "poll the feeds once and stop")
	noPages := fs.Bool("no-pages", false, "code feed items from their description only, without fetching the linked pages")
	var prog progressFlag
	fs.Var(&prog, "progress", "print progress lines when stderr is not a terminal (every 5s, or --progress=DURATION)")
	var dicts dictFlag
	fs.Var(&dicts, "dict", "overlay dictionary directory (repeatable)")
	var feeds multiFlag
	fs.Var(&feeds, "feed", "RSS or Atom feed URL to poll (repeatable)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: hadath ingest [--data DIR] [--dict DIR] [--batch N] [--workers N] [--feed URL --every 10m] [--once] [FILE|DIR...]\n\n"+
			"Codes documents and stores them with their events: .txt (one document per file), .jsonl and\n"+
			".jsonl.gz (one per line: id, text, date, title, url, source), .html/.htm pages (the article\n"+
			"text is extracted), directories of them, or stdin; then polls the feeds, if any, until\n"+
			"interrupted (one round with --once). Ingesting again is safe: unchanged documents are skipped.\n"+
			"SIGINT stores the batch under way and stops; run again to go on. The exit status is 1 when a\n"+
			"file or line could not be read, or with --once when a feed failed (polling, a failed feed\n"+
			"is tried again at the next round), 130 when interrupted before the files were done.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *batch < 1 || *workers < 1 {
		fmt.Fprintln(stderr, "hadath ingest: --batch and --workers must be at least 1")
		return 2
	}
	for _, f := range feeds {
		if !strings.HasPrefix(f, "http://") && !strings.HasPrefix(f, "https://") {
			fmt.Fprintf(stderr, "hadath ingest: --feed %q: want an http or https URL\n", f)
			return 2
		}
	}
	if len(feeds) > 0 && !*once && *every <= 0 {
		fmt.Fprintln(stderr, "hadath ingest: --every must be positive")
		return 2
	}
	lex, err := loadLexicon(dicts)
	if err != nil {
		fmt.Fprintf(stderr, "hadath ingest: dictionaries: %v\n", err)
		return 1
	}
	st, err := sqlite.Open(*data)
	if err != nil {
		fmt.Fprintf(stderr, "hadath ingest: %v\n", err)
		return 1
	}
	defer st.Close()

	in := &ingester{st: st, c: coder.New(lex), batch: *batch, workers: *workers}
	tty := isTerminal(stderr)
	in.prog = ingest.NewProgress(stderr, "ingest", tty, time.Duration(prog))
	in.start = time.Now()
	interrupted := false

	if fs.NArg() > 0 || len(feeds) == 0 {
		if err := in.files(ctx, fs.Args(), stdin); err != nil {
			in.prog.Finish()
			fmt.Fprintf(stderr, "hadath ingest: %v\n", err)
			in.summary(stderr, st)
			return 1
		}
		in.prog.Finish()
		interrupted = ctx.Err() != nil
	}
	if len(feeds) > 0 && !interrupted {
		if err := in.poll(ctx, feeds, *every, *once, !*noPages, stderr); err != nil {
			fmt.Fprintf(stderr, "hadath ingest: %v\n", err)
			in.summary(stderr, st)
			return 1
		}
	}
	in.summary(stderr, st)
	switch {
	case interrupted:
		fmt.Fprintln(stderr, "hadath ingest: interrupted; what is counted above is stored: run the same command again to go on")
		return exitInterrupted
	case in.problems > 0:
		fmt.Fprintf(stderr, "hadath ingest: %d problem(s); the rest was stored\n", in.problems)
		return 1
	case *once && in.feedFailures > 0:
		fmt.Fprintf(stderr, "hadath ingest: %d feed(s) failed\n", in.feedFailures)
		return 1
	}
	return 0
}

// ingester codes documents and stores them in batches.
type ingester struct {
	st      store.Store
	c       *coder.Coder
	batch   int
	workers int
	prog    *ingest.Progress
	start   time.Time

	mu       sync.Mutex // guards what follows: the reader, coders and writer all count
	read     int
	problems int // bad files and lines
	// feedFailures counts failed feed polls; they are tried again at the
	// next round, so only a single round (--once) fails for them.
	feedFailures int
	stored       int // documents through Ingest
	events       int // events coded (of the documents stored)
	outcomes     [store.Duplicate + 1]int
}

func (in *ingester) report(p *ingest.Problem) {
	in.mu.Lock()
	in.problems++
	in.mu.Unlock()
	in.prog.Println(p.Error())
}

// docQueue holds the documents handed to the coders, in input order, until
// their results come back (CodeAll returns them in the same order).
type docQueue struct {
	mu   sync.Mutex
	docs []ingest.Doc
	head int
}

func (q *docQueue) push(d ingest.Doc) {
	q.mu.Lock()
	q.docs = append(q.docs, d)
	q.mu.Unlock()
}

func (q *docQueue) pop() ingest.Doc {
	q.mu.Lock()
	defer q.mu.Unlock()
	d := q.docs[q.head]
	q.docs[q.head] = ingest.Doc{}
	q.head++
	if q.head > 1024 && q.head*2 > len(q.docs) {
		q.docs = append([]ingest.Doc(nil), q.docs[q.head:]...)
		q.head = 0
	}
	return d
}

// batchOf is a batch on its way to the store, with the input offset
// reached by its last document.
type batchOf struct {
	docs   []store.Coded
	offset int64
}

// run codes what read delivers on the workers and stores it in batches of
// in.batch documents, one transaction each, in input order. While one
// batch is being written the coders go on with the next. read should
// return errStopped to stop early: what was read is still stored.
func (in *ingester) run(read func(ingest.Handler) error) error {
	var q docQueue
	batches := make(chan batchOf, 1)
	var storeErr error
	var storeMu sync.Mutex
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for b := range batches {
			storeMu.Lock()
			failed := storeErr != nil
			storeMu.Unlock()
			if failed {
				continue // drain
			}
			if err := in.store(b); err != nil {
				storeMu.Lock()
				storeErr = err
				storeMu.Unlock()
			}
		}
	}()
	info := plover.CoderInfo{Name: coder.Name, Version: in.c.Version()}
	dict := in.c.Lexicon().Version
	cur := batchOf{docs: make([]store.Coded, 0, in.batch)}
	sink := func(r coder.Result) error {
		d := q.pop()
		cur.docs = append(cur.docs, store.Coded{Doc: d.Document, Result: r, Coder: info, Dictionary: dict})
		cur.offset = d.Offset
		if len(cur.docs) < in.batch {
			return nil
		}
		storeMu.Lock()
		err := storeErr
		storeMu.Unlock()
		if err != nil {
			return err
		}
		batches <- cur
		cur = batchOf{docs: make([]store.Coded, 0, in.batch)}
		return nil
	}
	err := CodeAll(in.c, in.workers, func(h ingest.Handler) error {
		return read(func(d ingest.Doc) error {
			in.mu.Lock()
			in.read++
			in.mu.Unlock()
			q.push(d)
			return h(d)
		})
	}, sink)
	if err == nil && len(cur.docs) > 0 {
		batches <- cur
	}
	close(batches)
	wg.Wait()
	if storeErr != nil {
		return storeErr
	}
	return err
}

// store writes one batch. It does not take the command's context: an
// interrupt lets the batch under way commit.
func (in *ingester) store(b batchOf) error {
	res, err := in.st.Ingest(context.Background(), b.docs)
	if err != nil {
		return err
	}
	in.mu.Lock()
	for _, r := range res {
		in.outcomes[r.Outcome]++
	}
	for i := range b.docs {
		in.events += len(b.docs[i].Result.Events)
	}
	in.stored += len(b.docs)
	stored, events := in.stored, in.events
	in.mu.Unlock()
	in.prog.Update(stored, events, b.offset)
	return nil
}

// files ingests the files named, or stdin when none is.
func (in *ingester) files(ctx context.Context, paths []string, stdin io.Reader) error {
	if len(paths) == 0 {
		return in.run(func(h ingest.Handler) error {
			return readStdin(stdin, stopOn(ctx, h), in.report)
		})
	}
	files := ingest.Files(paths, in.report)
	sizes := make([]int64, len(files))
	var total int64
	for i, f := range files {
		if st, err := os.Stat(f); err == nil {
			sizes[i] = st.Size()
			total += sizes[i]
		}
	}
	in.prog.SetTotal(total, 0)
	return in.run(func(h ingest.Handler) error {
		h = stopOn(ctx, h)
		var done int64 // bytes of the files finished
		for i, f := range files {
			if ctx.Err() != nil {
				return errStopped
			}
			err := ingest.File(f, func(d ingest.Doc) error {
				d.Offset += done
				return h(d)
			}, in.report)
			if err != nil {
				return err
			}
			done += sizes[i]
		}
		return nil
	})
}

// stopOn wraps a handler to stop reading once ctx is done.
func stopOn(ctx context.Context, h ingest.Handler) ingest.Handler {
	return func(d ingest.Doc) error {
		if ctx.Err() != nil {
			return errStopped
		}
		return h(d)
	}
}

// poll polls the feeds every interval (once with once) until ctx is done,
// storing new items.
func (in *ingester) poll(ctx context.Context, feeds []string, every time.Duration, once, pages bool, stderr io.Writer) error {
	p := &ingest.Poller{NoPages: !pages, UserAgent: "hadath/" + coder.Version + " (feed ingest)"}
	h := func(feed string, docs []ingest.Doc) error {
		in.mu.Lock()
		before := in.outcomes
		events := in.events
		in.mu.Unlock()
		err := in.run(func(h ingest.Handler) error {
			for _, d := range docs {
				if err := h(d); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		in.mu.Lock()
		after := in.outcomes
		events = in.events - events
		in.mu.Unlock()
		in.prog.Println(fmt.Sprintf("%s feed %s: %d new item(s): %d inserted, %d unchanged, %d replaced, %d duplicate; %d events",
			time.Now().Format("15:04:05"), feed, len(docs), after[store.Inserted]-before[store.Inserted],
			after[store.Unchanged]-before[store.Unchanged], after[store.Replaced]-before[store.Replaced],
			after[store.Duplicate]-before[store.Duplicate], events))
		return nil
	}
	report := func(feed string, err error) {
		in.mu.Lock()
		in.feedFailures++
		in.mu.Unlock()
		msg := err.Error()
		if !once {
			msg += fmt.Sprintf(" (tried again in %s)", every)
		}
		in.prog.Println(msg)
	}
	if once {
		err := p.Round(ctx, feeds, h, report)
		if err != nil && ctx.Err() != nil {
			return nil
		}
		return err
	}
	fmt.Fprintf(stderr, "hadath ingest: polling %d feed(s) every %s; Ctrl-C stops\n", len(feeds), every)
	return p.Run(ctx, feeds, every, h, report)
}

// summary prints what was done.
func (in *ingester) summary(w io.Writer, st *sqlite.Store) {
	in.mu.Lock()
	defer in.mu.Unlock()
	el := time.Since(in.start)
	rate := 0.0
	if s := el.Seconds(); s > 0 {
		rate = float64(in.stored) / s
	}
	o := in.outcomes
	failed := ""
	if in.feedFailures > 0 {
		failed = fmt.Sprintf(", %d failed feed poll(s)", in.feedFailures)
	}
	fmt.Fprintf(w, "hadath ingest: %s documents read: %s inserted, %s unchanged, %s replaced, %s duplicate; %s events; %d problem(s)%s; %s elapsed, %s docs/s\n",
		ingest.Thousands(int64(in.read)), ingest.Thousands(int64(o[store.Inserted])), ingest.Thousands(int64(o[store.Unchanged])),
		ingest.Thousands(int64(o[store.Replaced])), ingest.Thousands(int64(o[store.Duplicate])), ingest.Thousands(int64(in.events)),
		in.problems, failed, ingest.Clock(el), ingest.Thousands(int64(rate+0.5)))
	if s, err := st.Stats(context.Background()); err == nil {
		fmt.Fprintf(w, "hadath ingest: the store %s holds %s documents and %s events (%s)\n", filepath.Dir(st.Path()),
			ingest.Thousands(int64(s.Documents)), ingest.Thousands(int64(s.Events)), ingest.MB(storeSize(st.Path())))
	}
}

// storeSize is the size of the database with its write-ahead log.
func storeSize(db string) int64 {
	var n int64
	for _, suffix := range []string{"", "-wal"} {
		if st, err := os.Stat(db + suffix); err == nil {
			n += st.Size()
		}
	}
	return n
}

var errInterrupted = errors.New("interrupted")
