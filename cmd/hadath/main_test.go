package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCodeReportsBadLinesAndCodesTheRest(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	lines := []string{
		`{"id":"one","date":"2025-04-23","text":"التقى وزير الخارجية التركي نظيره الإيراني في طهران."}`,
		`{"id":"broken","text":`,
		`{"id":"two","date":"20080101","text":"تظاهر آلاف الطلاب في القاهرة احتجاجا على ارتفاع الأسعار."}`,
	}
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "", "code", "--format", "docs", in)
	if code == 0 {
		t.Errorf("exit status 0 despite a malformed line")
	}
	if !strings.Contains(errs, in+":2: invalid JSON") {
		t.Errorf("stderr does not name the bad line: %q", errs)
	}
	var ids []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var d struct {
			ID     string            `json:"id"`
			Events []json.RawMessage `json:"events"`
		}
		if err := json.Unmarshal([]byte(l), &d); err != nil {
			t.Fatalf("bad output line %q: %v", l, err)
		}
		ids = append(ids, d.ID)
	}
	if strings.Join(ids, ",") != "one,two" {
		t.Errorf("documents %v, want one,two in input order", ids)
	}
}

func TestCodeStdinTextAndFormats(t *testing.T) {
	text := "تظاهر آلاف الطلاب في القاهرة احتجاجا على ارتفاع الأسعار."
	code, out, errs := runCLI(t, text, "code")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var ev struct {
		DocID string   `json:"doc_id"`
		Event []string `json:"event"`
	}
	if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &ev); err != nil {
		t.Fatalf("events output %q: %v", out, err)
	}
	if ev.DocID != "stdin" || len(ev.Event) != 1 || ev.Event[0] != "PROTEST" {
		t.Errorf("got %+v, want a PROTEST event of document stdin", ev)
	}
	code, out, errs = runCLI(t, text, "code", "--format", "csv")
	if code != 0 {
		t.Fatalf("csv exit %d: %s", code, errs)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("csv %q: %v", out, err)
	}
	if rows[0][3] != "event" || rows[1][3] != "PROTEST" {
		t.Errorf("csv header/row: %v / %v", rows[0], rows[1])
	}
}

func TestCodeRejectsUnknownFormat(t *testing.T) {
	if code, _, errs := runCLI(t, "", "code", "--format", "xml"); code != 2 || !strings.Contains(errs, "unknown --format") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

func TestDictExplainShowsSources(t *testing.T) {
	code, out, errs := runCLI(t, "", "dict", "explain", "--date", "2025-04-23", "التقى الرئيس الأذربيجاني، إلهام علييف، في بكين")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{`"الرئيس الأذربيجاني" code=AZE sector=GOV`, `"إلهام علييف" code=AZE sector=GOV kind=person`, `"بكين" code=CHN sector=GOV kind=capital`, "actors-"} {
		if !strings.Contains(out, want) {
			t.Errorf("explain output lacks %q:\n%s", want, out)
		}
	}
}

func TestDictCheckBadOverlay(t *testing.T) {
	dir := t.TempDir()
	bad := "# columns: forms\tcode\tsector\tkind\tidentifier\tfrom\tto\tnote\nفلان\tXX\t\tperson\tSomeone\t\t\t\n"
	if err := os.WriteFile(filepath.Join(dir, "actors-mine.tsv"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCLI(t, "", "dict", "check", "--dict", dir)
	if code == 0 || !strings.Contains(errs, "actors-mine.tsv:2: code \"XX\"") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}
