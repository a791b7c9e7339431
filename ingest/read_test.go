package ingest

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type collected struct {
	docs     []Doc
	problems []*Problem
}

func (c *collected) handler(d Doc) error { c.docs = append(c.docs, d); return nil }
func (c *collected) reporter(p *Problem) { c.problems = append(c.problems, p) }
func (c *collected) ids() (out []string) {
	for _, d := range c.docs {
		out = append(out, d.ID)
	}
	return out
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestJSONLBadLinesAreReportedAndSkipped(t *testing.T) {
	in := strings.Join([]string{
		`{"id": "a", "date": "2025-04-23", "text": "التقى الرئيس المصري نظيره الفرنسي في القاهرة."}`,
		`{"id": "b", "text": "نص بلا تاريخ"`, // truncated JSON
		``,
		`{"id": "c", "title": "لا نص"}`,
		`{"id": 7, "date": "20080101", "text": "تظاهر آلاف الطلاب في عمان."}`,
		`{"id": "d", "date": "23/04/2025", "text": "نص بتاريخ غير مفهوم."}`,
		`{"text": "وثيقة بلا معرف"}`,
	}, "\n")
	var c collected
	if err := JSONL("in.jsonl", strings.NewReader(in), c.handler, c.reporter); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(c.ids(), ","), "a,7,d,in:7"; got != want {
		t.Errorf("documents %s, want %s", got, want)
	}
	if c.docs[0].Date.Format("2006-01-02") != "2025-04-23" || c.docs[1].Date.Format("2006-01-02") != "2008-01-01" {
		t.Errorf("dates not parsed: %v %v", c.docs[0].Date, c.docs[1].Date)
	}
	if !c.docs[2].Date.IsZero() {
		t.Errorf("bad date should leave the document undated")
	}
	var msgs []string
	for _, p := range c.problems {
		msgs = append(msgs, p.Error())
	}
	want := []string{"in.jsonl:2: invalid JSON", `in.jsonl:4: no "text" field`, `in.jsonl:6: date "23/04/2025"`}
	if len(msgs) != len(want) {
		t.Fatalf("problems %q, want %d", msgs, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(msgs[i], w) {
			t.Errorf("problem %d = %q, want prefix %q", i, msgs[i], w)
		}
	}
}

func TestTextBadInput(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name    string
		data    []byte
		docs    int
		problem string
		skipped bool
	}{
		{"empty file", nil, 0, "empty document", true},
		{"only spaces", []byte(" \n\t \n"), 0, "empty document", true},
		{"binary with NUL", []byte("PK\x03\x04\x00\x00binary"), 0, "binary file (NUL byte at offset 4)", true},
		{"invalid UTF-8 is coded with a warning", []byte("قال الوزير \xff\xfe إن"), 1, "invalid UTF-8 at byte 20", false},
		{"good Arabic", []byte("أكد رئيس الصين أن بلاده مستعدة."), 1, "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, dir, strings.ReplaceAll(tc.name, " ", "_")+".txt", tc.data)
			var c collected
			if err := File(p, c.handler, c.reporter); err != nil {
				t.Fatal(err)
			}
			if len(c.docs) != tc.docs {
				t.Errorf("%d documents, want %d", len(c.docs), tc.docs)
			}
			if tc.problem == "" {
				if len(c.problems) > 0 {
					t.Errorf("unexpected problems %v", c.problems)
				}
				return
			}
			if len(c.problems) != 1 || !strings.Contains(c.problems[0].Error(), tc.problem) || !strings.HasPrefix(c.problems[0].Error(), p) {
				t.Fatalf("problems %v, want one naming %s with %q", c.problems, p, tc.problem)
			}
			if c.problems[0].Skipped != tc.skipped {
				t.Errorf("skipped = %v, want %v", c.problems[0].Skipped, tc.skipped)
			}
		})
	}
}

func TestOverlongLineIsSkippedAndReadingGoesOn(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(`{"id":"first","text":"نص أول"}` + "\n")
	b.WriteString(`{"id":"huge","text":"`)
	b.WriteString(strings.Repeat("ب", MaxLine/2+10)) // two bytes a letter: over MaxLine
	b.WriteString(`"}` + "\n")
	b.WriteString(`{"id":"last","text":"نص أخير"}` + "\n")
	var c collected
	if err := JSONL("big.jsonl", &b, c.handler, c.reporter); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.ids(), ","); got != "first,last" {
		t.Errorf("documents %s, want first,last", got)
	}
	if len(c.problems) != 1 || !strings.HasPrefix(c.problems[0].Error(), "big.jsonl:2: line longer than") {
		t.Errorf("problems %v", c.problems)
	}
}

func TestPathsReadsDirectoriesInOrder(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "b.txt", []byte("تظاهر الطلاب أمام البرلمان."))
	writeFile(t, dir, "a.jsonl", []byte(`{"id":"a1","text":"التقى الوزيران."}`+"\n"+`{"id":"a2","text":"اعتقلت الشرطة عشرة أشخاص."}`+"\n"))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"id":"c1","text":"أدانت الجامعة العربية الهجوم."}` + "\n"))
	zw.Close()
	writeFile(t, dir, "c.jsonl.gz", gz.Bytes())
	writeFile(t, dir, "notes.md", []byte("ignored"))
	var c collected
	if err := Paths([]string{dir, filepath.Join(dir, "missing.txt")}, c.handler, c.reporter); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.ids(), ","); got != "a1,a2,b,c1" {
		t.Errorf("documents %s, want a1,a2,b,c1", got)
	}
	if len(c.problems) != 1 || !strings.Contains(c.problems[0].Error(), "missing.txt") {
		t.Errorf("problems %v, want the missing file", c.problems)
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2025-04-23": "2025-04-23", "20080101": "2008-01-01", "2018-02-18T10:30:00Z": "2018-02-18",
	} {
		d, err := ParseDate(in)
		if err != nil || d.Format("2006-01-02") != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", in, d, err, want)
		}
	}
	if _, err := ParseDate("yesterday"); err == nil {
		t.Error("ParseDate(yesterday) should fail")
	}
}
