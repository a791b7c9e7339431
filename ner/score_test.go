package ner

import (
	"math"
	"strings"
	"testing"
)

func TestChunks(t *testing.T) {
	tests := []struct {
		tags string
		want []chunk
	}{
		{"O O O", nil},
		{"B-PERS I-PERS O B-LOC", []chunk{{0, 1, PERS}, {3, 3, LOC}}},
		// Two entities of one type side by side.
		{"B-PERS B-PERS I-PERS", []chunk{{0, 0, PERS}, {1, 2, PERS}}},
		// conlleval: an I- tag that continues nothing starts an entity.
		{"O I-ORG I-ORG O", []chunk{{1, 2, ORG}}},
		// ... and so does an I- tag of another type.
		{"B-ORG I-LOC", []chunk{{0, 0, ORG}, {1, 1, LOC}}},
		{"I-MISC", []chunk{{0, 0, MISC}}},
		// Unknown and malformed tags are outside.
		{"B-PERS X I-PERS", []chunk{{0, 0, PERS}, {2, 2, PERS}}},
	}
	for _, tt := range tests {
		got := chunks(strings.Fields(tt.tags))
		if len(got) != len(tt.want) {
			t.Errorf("chunks(%s) = %v, want %v", tt.tags, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("chunks(%s) = %v, want %v", tt.tags, got, tt.want)
				break
			}
		}
	}
}

func TestScore(t *testing.T) {
	var sc Score
	// Sentence 1: PERS exact, LOC exact, ORG boundary wrong.
	sc.Add(strings.Fields("B-PERS I-PERS O B-LOC O B-ORG I-ORG"),
		strings.Fields("B-PERS I-PERS O B-LOC O B-ORG O"))
	// Sentence 2: a PERS found with the wrong type, a MISC missed, a
	// spurious LOC.
	sc.Add(strings.Fields("B-PERS O B-MISC O"),
		strings.Fields("B-ORG O O B-LOC"))
	want := map[Type]Counts{
		PERS: {Gold: 2, Pred: 1, Correct: 1},
		LOC:  {Gold: 1, Pred: 2, Correct: 1},
		ORG:  {Gold: 1, Pred: 2, Correct: 0},
		MISC: {Gold: 1, Pred: 0, Correct: 0},
	}
	for typ, w := range want {
		if got := sc.Get(typ); got != w {
			t.Errorf("%s: %+v, want %+v", typ, got, w)
		}
	}
	o := sc.Overall()
	if o != (Counts{Gold: 5, Pred: 5, Correct: 2}) {
		t.Fatalf("overall %+v", o)
	}
	approx := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	approx("precision", o.Precision(), 0.4)
	approx("recall", o.Recall(), 0.4)
	approx("f1", o.F1(), 0.4)
	p := sc.Get(PERS)
	approx("PERS precision", p.Precision(), 1)
	approx("PERS recall", p.Recall(), 0.5)
	approx("PERS f1", p.F1(), 2.0/3)
	approx("MISC f1", sc.Get(MISC).F1(), 0)

	rep := sc.Report()
	approx("report overall f1", rep.Overall.F1, 0.4)
	approx("report LOC precision", rep.Types[LOC].Precision, 0.5)

	var table strings.Builder
	if err := sc.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"PERS", "LOC", "ORG", "MISC", "overall", "0.4000"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, table.String())
		}
	}
}

func TestScoreLengthMismatchAndMerge(t *testing.T) {
	var a, b Score
	a.Add(strings.Fields("B-LOC O B-PERS"), strings.Fields("B-LOC"))
	if got := a.Overall(); got != (Counts{Gold: 2, Pred: 1, Correct: 1}) {
		t.Errorf("short prediction: %+v", got)
	}
	b.Add(strings.Fields("B-ORG"), strings.Fields("B-ORG"))
	a.Merge(&b)
	if got := a.Overall(); got != (Counts{Gold: 3, Pred: 2, Correct: 2}) {
		t.Errorf("merged: %+v", got)
	}
	var empty Score
	if f := empty.Overall().F1(); f != 0 {
		t.Errorf("empty F1 %v", f)
	}
}

func TestAllowed(t *testing.T) {
	for prev := uint8(0); prev <= numTags; prev++ {
		for cur := uint8(0); cur < numTags; cur++ {
			want := true
			if isInside(cur) {
				want = prev != numTags && prev != tagO && typeOf(prev) == typeOf(cur)
			}
			if got := allowed(prev, cur); got != want {
				t.Errorf("allowed(%d, %s) = %v", prev, tagNames[cur], got)
			}
		}
	}
}
