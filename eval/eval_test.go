package eval_test

import (
	"strings"
	"testing"

	"hadath/coder"
	"hadath/eval"
	"hadath/lexicon"
)

func TestScoresEachGoldFormat(t *testing.T) {
	lex, err := lexicon.Default()
	if err != nil {
		t.Fatal(err)
	}
	c := coder.New(lex)
	cases := []struct {
		name, gold           string
		format               string
		tp, fp, fn           int
		alarmLabel           string
		alarmHits, alarmRuns int
	}{
		{"event gold found with the actor's country", `{"id":"g1","date":"20080101","category":"PROTEST","text":"تظاهر آلاف الطلاب في القاهرة احتجاجا على الغلاء.","gold":{"plover":"PROTEST","source_country":"EGY","source_agent":null,"target_country":null,"target_agent":null}}`,
			"event", 1, 0, 0, "", 0, 0},
		{"detection yes and easy no", `{"id":"d1","event_type":"ASSAULT","label":"yes","text":"قتل ثلاثة جنود في انفجار عبوة ناسفة في بغداد أمس."}
{"id":"d2","event_type":"ASSAULT","label":"easy no","text":"ارتفعت أسعار النفط في الأسواق العالمية."}
{"id":"d3","event_type":"ASSAULT","label":"ambiguous","text":"قتل."}`,
			"detect", 1, 0, 0, "ASSAULT easy no", 0, 1},
		{"multi-label with a no-event row", `{"id":"m1","text":"التقى وزير الخارجية التركي نظيره الإيراني في طهران.","events":[{"event":"CONSULT","actor":["TUR"],"recipient":["IRN"]}]}
{"id":"m2","text":"فاز المنتخب المغربي على نظيره الغاني بهدفين.","events":[]}`,
			"multi", 1, 0, 0, "no event", 0, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := eval.ReadFrom("gold.jsonl", strings.NewReader(tc.gold))
			if err != nil {
				t.Fatal(err)
			}
			rep, err := eval.Run(c, "gold.jsonl", rows)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Format != tc.format {
				t.Errorf("format %s, want %s", rep.Format, tc.format)
			}
			if o := rep.Overall; o.TP != tc.tp || o.FP != tc.fp || o.FN != tc.fn {
				t.Errorf("tp/fp/fn %d/%d/%d, want %d/%d/%d; errors %v", o.TP, o.FP, o.FN, tc.tp, tc.fp, tc.fn, rep.Errors)
			}
			if tc.alarmLabel != "" {
				a := rep.FalseAlarms[tc.alarmLabel]
				if a == nil || a.Hits != tc.alarmHits || a.Total != tc.alarmRuns {
					t.Errorf("false alarms %s = %+v, want %d/%d", tc.alarmLabel, a, tc.alarmHits, tc.alarmRuns)
				}
			}
		})
	}
}

func TestReadRejectsNonGold(t *testing.T) {
	_, err := eval.ReadFrom("x.jsonl", strings.NewReader("{\"id\":\"a\",\"text\":\"نص\"}\n"))
	if err == nil || !strings.Contains(err.Error(), "x.jsonl:1: not a gold row") {
		t.Errorf("err = %v", err)
	}
	_, err = eval.ReadFrom("x.jsonl", strings.NewReader("\n{bad\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "x.jsonl:2:") {
		t.Errorf("err = %v", err)
	}
}
