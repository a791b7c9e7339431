package eval_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"hadath/coder"
	"hadath/eval"
	"hadath/lexicon"
)

// The accuracy floors the issues set for CI. They are floors, not targets.
const (
	gsrRecallFloor       = 0.85
	gsrActorCountryFloor = 0.75
	detectAssaultF1Floor = 0.70
	detectProtestF1Floor = 0.60
	easyNoAlarmCeiling   = 0.05
	teamMicroF1Floor     = 0.85
	teamNoEventCeiling   = 0.05
)

func run(t *testing.T, paths ...string) *eval.Report {
	t.Helper()
	lex, err := lexicon.Default()
	if err != nil {
		t.Fatal(err)
	}
	var rows []eval.Row
	for _, p := range paths {
		r, err := eval.Read(p)
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r...)
	}
	rep, err := eval.Run(coder.New(lex), filepath.Base(paths[0]), rows)
	if err != nil {
		t.Fatal(err)
	}
	rep.Print(os.Stdout)
	fmt.Println()
	return rep
}

func shared(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join("..", "..", "shared", "data", rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s not present (the shared data sits beside the repository in CI)", p)
	}
	return p
}

func TestFloorGSR(t *testing.T) {
	rep := run(t, shared(t, "gsr/dev.jsonl"))
	if r := rep.Overall.Recall; r < gsrRecallFloor {
		t.Errorf("gsr type recall %.3f < %.2f", r, gsrRecallFloor)
	}
	if a := rep.ActorCountry.Value; a < gsrActorCountryFloor {
		t.Errorf("gsr actor country accuracy %.3f < %.2f", a, gsrActorCountryFloor)
	}
}

func TestFloorDetect(t *testing.T) {
	rep := run(t, shared(t, "detect/dev.jsonl"))
	for typ, floor := range map[string]float64{"ASSAULT": detectAssaultF1Floor, "PROTEST": detectProtestF1Floor} {
		s := rep.Types[typ]
		if s == nil || s.F1 < floor {
			t.Errorf("detect %s F1 below %.2f: %+v", typ, floor, s)
		}
		if a := rep.FalseAlarms[typ+" easy no"]; a == nil || a.Value > easyNoAlarmCeiling {
			t.Errorf("detect %s false alarms on easy no above %.2f: %+v", typ, easyNoAlarmCeiling, a)
		}
	}
}

func TestFloorTeamGold(t *testing.T) {
	files, err := filepath.Glob("../testdata/gold/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no team gold files: %v", err)
	}
	rep := run(t, files...)
	if f := rep.Overall.F1; f < teamMicroF1Floor {
		t.Errorf("team gold micro F1 %.3f < %.2f", f, teamMicroF1Floor)
	}
	if a := rep.FalseAlarms["no event"]; a == nil || a.Value > teamNoEventCeiling {
		t.Errorf("no-event sentences with an event above %.2f: %+v", teamNoEventCeiling, a)
	}
}
