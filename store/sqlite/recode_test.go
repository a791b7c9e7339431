package sqlite

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"hadath/plover"
	"hadath/store"
)

// oldCoding returns the fixture as an older dictionary might have coded
// it: no events, dictionary version "old-dict".
func oldCoding(t testing.TB, n int) []store.Coded {
	coded := slices.Clone(allCoded(t)[:n])
	for i := range coded {
		coded[i].Dictionary = "old-dict"
		coded[i].Result.Events = []plover.Event{}
	}
	return coded
}

// docVersions counts documents per dictionary version, and documents whose
// event count disagrees with their events rows.
func docVersions(t *testing.T, s *Store) (perDict map[string]int, inconsistent int) {
	t.Helper()
	perDict = map[string]int{}
	rows, err := s.r.Query("SELECT dict_version, COUNT(*) FROM documents GROUP BY dict_version")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v string
		var n int
		rows.Scan(&v, &n)
		perDict[v] = n
	}
	rows.Close()
	s.r.QueryRow(`SELECT COUNT(*) FROM documents d WHERE d.events <> (SELECT COUNT(*) FROM events e WHERE e.doc = d.pk)
		OR EXISTS (SELECT 1 FROM events e WHERE e.doc = d.pk AND e.dict_version <> d.dict_version)`).Scan(&inconsistent)
	return perDict, inconsistent
}

func TestRecodeResumes(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	c := testCoder(t)
	newDict := c.Lexicon().Version
	old := oldCoding(t, 200)
	ingestAll(t, s, old)

	recoded := 0
	s.hook = func(point string, i int) error {
		if point == "recode" {
			recoded++
		}
		return nil
	}
	stop := errors.New("stop")
	batches := 0
	p, err := s.Recode(ctx, c, store.RecodeOptions{BatchSize: 30, OnBatch: func(p store.RecodeProgress) error {
		batches++
		if p.Done != 30*batches || p.Total != 200 {
			t.Errorf("progress after batch %d: %+v", batches, p)
		}
		if batches == 2 {
			return stop
		}
		return nil
	}})
	if !errors.Is(err, stop) || p.Done != 60 || p.Batches != 2 || p.Finished || p.Resumed {
		t.Fatalf("interrupted recode: %+v, %v", p, err)
	}
	st, err := s.RecodeStatus(ctx, "recode")
	if err != nil || st.Done != 60 || st.Total != 200 || st.Finished || st.LastKey != p.LastKey {
		t.Fatalf("status after interruption: %+v, %v", st, err)
	}
	per, bad := docVersions(t, s)
	if per[newDict] != 60 || per["old-dict"] != 140 || bad != 0 {
		t.Fatalf("after interruption: %v, %d inconsistent", per, bad)
	}
	var firstOld int64
	s.r.QueryRow("SELECT MIN(pk) FROM documents WHERE dict_version = 'old-dict'").Scan(&firstOld)
	if firstOld != p.LastKey+1 {
		t.Errorf("recoded up to %d, first old document %d", p.LastKey, firstOld)
	}

	// Cancelled during the next run, after one more batch.
	cctx, cancel := context.WithCancel(ctx)
	p, err = s.Recode(cctx, c, store.RecodeOptions{BatchSize: 30, OnBatch: func(store.RecodeProgress) error {
		cancel()
		return nil
	}})
	if !errors.Is(err, context.Canceled) || !p.Resumed || p.Done != 90 {
		t.Fatalf("cancelled recode: %+v, %v", p, err)
	}

	// Resumed: the rest, each document once.
	p, err = s.Recode(ctx, c, store.RecodeOptions{BatchSize: 30})
	if err != nil || !p.Resumed || !p.Finished || p.Done != 200 || p.Total != 200 || p.Batches != 4 {
		t.Fatalf("resumed recode: %+v, %v", p, err)
	}
	if recoded != 200 {
		t.Errorf("%d documents recoded in all, want each of 200 once", recoded)
	}
	per, bad = docVersions(t, s)
	if per[newDict] != 200 || bad != 0 {
		t.Errorf("after recode: %v, %d inconsistent", per, bad)
	}
	// The events are those of coding afresh.
	fresh := allCoded(t)[:200]
	want := 0
	for _, f := range fresh {
		want += len(f.Result.Events)
	}
	if n, _ := s.CountEvents(ctx, store.Filter{}); n != want || want == 0 {
		t.Errorf("%d events after recode, want %d", n, want)
	}
	v, err := s.Document(ctx, "china-azerbaijan")
	if err != nil {
		t.Fatal(err)
	}
	var got []plover.Event
	for _, e := range v.Events {
		got = append(got, e.Event)
	}
	if mustJSON(t, got) != mustJSON(t, fresh[0].Result.Events) {
		t.Error("recoded events differ from fresh coding")
	}

	// Nothing left: a new run finds no stale document.
	recoded = 0
	p, err = s.Recode(ctx, c, store.RecodeOptions{BatchSize: 30})
	if err != nil || p.Resumed || !p.Finished || p.Total != 0 || recoded != 0 {
		t.Errorf("recode of an up-to-date store: %+v, %v (%d recoded)", p, err, recoded)
	}
	// All recodes every document, as its own job.
	p, err = s.Recode(ctx, c, store.RecodeOptions{Job: "full", All: true, BatchSize: 64})
	if err != nil || p.Total != 200 || p.Done != 200 || recoded != 200 {
		t.Errorf("recode all: %+v, %v (%d recoded)", p, err, recoded)
	}
}

// TestRecodeKilledMidBatch kills a process in the middle of a recode batch
// (SIGKILL, no clean-up) and checks that the database holds exactly the
// batches committed before, and that Recode resumes from there.
func TestRecodeKilledMidBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ingestAll(t, s, oldCoding(t, 100))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestRecodeCrashHelper$", "-test.v")
	cmd.Env = append(os.Environ(), "HADATH_STORE_CRASH_DIR="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			cmd.Process.Kill()
		}
	}()
	sc := bufio.NewScanner(out)
	var lines []string
	reached := false
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if strings.Contains(sc.Text(), "MID-BATCH") {
			reached = true
			break
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	if !reached {
		t.Fatalf("the helper did not reach the middle of a batch:\n%s", strings.Join(lines, "\n"))
	}

	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	c := testCoder(t)
	st, err := s.RecodeStatus(ctx, "recode")
	if err != nil || st.Done != 25 || st.Finished {
		t.Fatalf("status after the kill: %+v, %v", st, err)
	}
	per, bad := docVersions(t, s)
	if per[c.Lexicon().Version] != 25 || per["old-dict"] != 75 || bad != 0 {
		t.Fatalf("after the kill: %v, %d inconsistent documents", per, bad)
	}
	var integrity string
	s.r.QueryRow("PRAGMA integrity_check").Scan(&integrity)
	if integrity != "ok" {
		t.Errorf("integrity_check: %s", integrity)
	}
	p, err := s.Recode(ctx, c, store.RecodeOptions{BatchSize: 25})
	if err != nil || !p.Resumed || p.Done != 100 || p.Batches != 3 {
		t.Errorf("resumed after the kill: %+v, %v", p, err)
	}
	if per, bad := docVersions(t, s); per[c.Lexicon().Version] != 100 || bad != 0 {
		t.Errorf("after resuming: %v, %d inconsistent", per, bad)
	}
}

// TestRecodeCrashHelper is the process TestRecodeKilledMidBatch kills: it
// recodes in batches of 25 and, in the second batch, after the events of
// ten documents were replaced, says so and waits to be killed.
func TestRecodeCrashHelper(t *testing.T) {
	dir := os.Getenv("HADATH_STORE_CRASH_DIR")
	if dir == "" {
		t.Skip("run by TestRecodeKilledMidBatch")
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	committed := 0
	s.hook = func(point string, i int) error {
		if point == "recode" && committed == 1 && i == 10 {
			fmt.Println("MID-BATCH")
			os.Stdout.Sync()
			time.Sleep(time.Minute)
		}
		return nil
	}
	_, err = s.Recode(context.Background(), testCoder(t), store.RecodeOptions{BatchSize: 25,
		OnBatch: func(store.RecodeProgress) error { committed++; return nil }})
	t.Fatalf("recode ended without being killed: %v", err)
}
