package coder_test

import (
	"bytes"
	"reflect"
	"testing"

	"hadath/coder"
	"hadath/plover"
)

func TestDefaultIncidentsLoads(t *testing.T) {
	m, err := coder.DefaultIncidents()
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Weights) < 1000 || m.Note == "" {
		t.Fatalf("embedded model has %d weights and note %q", len(m.Weights), m.Note)
	}
	var buf bytes.Buffer
	if err := m.WriteTSV(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := coder.ReadIncidentModel("round trip", &buf)
	if err != nil {
		t.Fatal(err)
	}
	if back.Threshold != m.Threshold || !reflect.DeepEqual(back.Weights, m.Weights) {
		t.Fatal("model changed in a write/read round trip")
	}
}

// The embedded model must rank sentences that report an incident above
// sentences that recall, generalise or tell a story about one.
func TestIncidentModelRanksReportsAboveMentions(t *testing.T) {
	c := coder.New(lexiconForTest(t))
	m, _ := coder.DefaultIncidents()
	score := func(text string, typ plover.EventType) float64 {
		best := -1e9
		found := false
		for _, cd := range c.IncidentCandidates(coder.Document{ID: "t", Text: text}) {
			if cd.Type == typ {
				found = true
				best = max(best, m.Score(cd.Features))
			}
		}
		if !found {
			t.Fatalf("no %s candidate in %s", typ, text)
		}
		return best
	}
	reports := []struct {
		typ  plover.EventType
		text string
	}{
		{plover.Assault, "قتل خمسة أشخاص وأصيب عشرة آخرون أمس في انفجار سيارة مفخخة وسط بغداد."},
		{plover.Protest, "وتظاهر آلاف الطلاب أمس أمام مبنى البرلمان في عمان احتجاجا على رفع الأسعار."},
	}
	mentions := []struct {
		name string
		typ  plover.EventType
		text string
	}{
		{"a rate over years", plover.Assault, "وتشهد المدينة منذ سنوات معدلات مرتفعة من أعمال الخطف والقتل."},
		{"an attempt survived years ago", plover.Assault, "وكان الرئيس قد نجا من محاولة اغتيال عام 2005."},
		{"a film about the sixties", plover.Protest, "وتناول الفيلم قصة المظاهرات الطلابية في ستينيات القرن الماضي."},
	}
	low := 1e9
	for _, r := range reports {
		s := score(r.text, r.typ)
		if s < m.Threshold {
			t.Errorf("report dropped (score %.2f < %.2f): %s", s, m.Threshold, r.text)
		}
		low = min(low, s)
	}
	for _, mt := range mentions {
		if s := score(mt.text, mt.typ); s >= low {
			t.Errorf("%s scores %.2f, not below the reports (%.2f)", mt.name, s, low)
		}
	}
}

func TestWithIncidentsDropsAndKeeps(t *testing.T) {
	const text = "وتشهد المدينة منذ سنوات معدلات مرتفعة من أعمال الخطف والقتل."
	base := coder.New(lexiconForTest(t))
	strict := base.WithIncidents(&coder.IncidentModel{Weights: map[string]float64{"ASSAULT|bias": -1}})
	all := base.WithIncidents(nil)
	count := func(c *coder.Coder) int {
		n := 0
		for _, e := range c.Code(coder.Document{ID: "t", Text: text}).Events {
			if e.Event[0] == plover.Assault {
				n++
			}
		}
		return n
	}
	if n := count(all); n == 0 {
		t.Fatal("without the model the rules should let the ASSAULT mention through")
	}
	if n := count(strict); n != 0 {
		t.Fatalf("a model scoring every ASSAULT below its threshold kept %d events", n)
	}
}

func TestTrainIncidentsIsDeterministic(t *testing.T) {
	samples := []coder.IncidentSample{
		{Features: []string{"bias", "cue=casualty", "word=امس"}, Report: true},
		{Features: []string{"bias", "cue=casualty"}, Report: true},
		{Features: []string{"bias", "year", "relative"}, Report: false},
		{Features: []string{"bias", "year", "word=امس"}, Report: false},
	}
	a := coder.TrainIncidents(samples, coder.IncidentTraining{Seed: 7, MinCount: 1})
	b := coder.TrainIncidents(samples, coder.IncidentTraining{Seed: 7, MinCount: 1})
	if !reflect.DeepEqual(a.Weights, b.Weights) {
		t.Fatal("same samples and seed gave different weights")
	}
	if a.Weights["cue=casualty"] <= 0 || a.Weights["year"] >= 0 {
		t.Fatalf("weights do not follow the labels: %v", a.Weights)
	}
}

// A coder's version names its incident model, so that stores recode what
// another model coded.
func TestCoderVersionNamesTheModel(t *testing.T) {
	base := coder.New(lexiconForTest(t))
	m, _ := coder.DefaultIncidents()
	if got, want := base.Version(), coder.Version+"+incident."+m.Version; got != want || len(m.Version) != 8 {
		t.Errorf("version %q, want %q", got, want)
	}
	if got := base.WithIncidents(nil).Version(); got != coder.Version {
		t.Errorf("without a model: %q", got)
	}
	custom := base.WithIncidents(&coder.IncidentModel{Weights: map[string]float64{"bias": 1}})
	if custom.Version() == base.Version() {
		t.Error("a custom model gives the default model's version")
	}
	ev := base.Code(coder.Document{ID: "v", Text: "التقى وزير الخارجية التركي نظيره الإيراني في طهران."}).Events
	if len(ev) == 0 || ev[0].Coder.Version != base.Version() {
		t.Errorf("events do not carry the coder's version: %+v", ev)
	}
}
