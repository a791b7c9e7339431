package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"hadath/coder"
	"hadath/ingest"
	"hadath/store"
	"hadath/store/sqlite"
)

func init() {
	register("recode", "code the stored documents again with the current dictionaries (resumable)", runRecode)
}

func runRecode(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := interruptible()
	defer stop()
	return recodeMain(ctx, args, stderr, nil)
}

// recodeMain runs a recode until it is finished or ctx is done; then the
// batch under way is committed and the job stops, to be resumed by the same
// command. afterBatch, when not nil, is called after each committed batch
// (tests use it to interrupt).
func recodeMain(ctx context.Context, args []string, stderr io.Writer, afterBatch func(store.RecodeProgress)) int {
	fs := flag.NewFlagSet("recode", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", defaultData, "data folder of the store")
	all := fs.Bool("all", false, "recode every document, not only those coded by other coder or dictionary versions")
	batch := fs.Int("batch", sqlite.DefaultRecodeBatch, "documents per transaction")
	job := fs.String("job", "recode", "name of the job; an interrupted job resumes under the same name")
	var prog progressFlag
	fs.Var(&prog, "progress", "print progress lines when stderr is not a terminal (every 5s, or --progress=DURATION)")
	var dicts dictFlag
	fs.Var(&dicts, "dict", "overlay dictionary directory (repeatable)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: hadath recode [--data DIR] [--dict DIR] [--all] [--batch N] [--job NAME]\n\n"+
			"Codes the stored documents again with the current dictionaries (by default only those coded by\n"+
			"another coder or dictionary version) and replaces their events, one transaction per batch.\n"+
			"Interrupted (Ctrl-C, or killed), the same command resumes after the last committed batch.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "hadath recode: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *batch < 1 {
		fmt.Fprintln(stderr, "hadath recode: --batch must be at least 1")
		return 2
	}
	lex, err := loadLexicon(dicts)
	if err != nil {
		fmt.Fprintf(stderr, "hadath recode: dictionaries: %v\n", err)
		return 1
	}
	c := coder.New(lex)
	st, err := sqlite.Open(*data)
	if err != nil {
		fmt.Fprintf(stderr, "hadath recode: %v\n", err)
		return 1
	}
	defer st.Close()
	bg := context.Background()
	before, err := st.Stats(bg)
	if err != nil {
		fmt.Fprintf(stderr, "hadath recode: %v\n", err)
		return 1
	}
	// Where a resumed job starts: the store resumes an unfinished job of
	// the same versions.
	startDone := 0
	if prev, err := st.RecodeStatus(bg, *job); err == nil && !prev.Finished &&
		prev.CoderVersion == c.Version() && prev.DictVersion == lex.Version {
		startDone = prev.Done
	}
	pr := ingest.NewProgress(stderr, "recode", isTerminal(stderr), time.Duration(prog))
	start := time.Now()
	first := true
	// The recode runs on a context that is never cancelled, so that the
	// batch under way commits; an interrupt stops it between batches.
	p, err := st.Recode(bg, c, store.RecodeOptions{Job: *job, BatchSize: *batch, All: *all,
		OnBatch: func(p store.RecodeProgress) error {
			if first {
				first = false
				if !p.Resumed {
					startDone = 0
				} else {
					pr.Println(fmt.Sprintf("hadath recode: resuming job %q after %s documents", *job, ingest.Thousands(int64(startDone))))
				}
			}
			pr.SetTotal(0, p.Total-startDone)
			pr.Update(p.Done-startDone, -1, 0)
			if afterBatch != nil {
				afterBatch(p)
			}
			if ctx.Err() != nil {
				return errInterrupted
			}
			return nil
		}})
	pr.Finish()
	if !p.Resumed {
		startDone = 0
	}
	interrupted := errors.Is(err, errInterrupted)
	if err != nil && !interrupted {
		fmt.Fprintf(stderr, "hadath recode: %v\n", err)
		return 1
	}
	el := time.Since(start)
	after, err := st.Stats(bg)
	if err != nil {
		fmt.Fprintf(stderr, "hadath recode: %v\n", err)
		return 1
	}
	rate := 0.0
	if s := el.Seconds(); s > 0 {
		rate = float64(p.Done-startDone) / s
	}
	state := "finished"
	if interrupted {
		state = "interrupted"
	}
	fmt.Fprintf(stderr, "hadath recode: job %q %s: %s of %s documents recoded with dictionary %s (%s in this run); events %s -> %s; %s elapsed, %s docs/s\n",
		*job, state, ingest.Thousands(int64(p.Done)), ingest.Thousands(int64(p.Total)), p.DictVersion,
		ingest.Thousands(int64(p.Done-startDone)), ingest.Thousands(int64(before.Events)), ingest.Thousands(int64(after.Events)),
		ingest.Clock(el), ingest.Thousands(int64(rate+0.5)))
	if interrupted {
		fmt.Fprintln(stderr, "hadath recode: run the same command again to resume")
		return exitInterrupted
	}
	return 0
}
