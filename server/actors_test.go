package server

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"testing"
	"time"

	"hadath/plover"
	"hadath/store"
)

// codesOf returns the distinct codes of entities.
func codesOf(es []plover.Entity) []string {
	var out []string
	for _, e := range es {
		if e.Code != "" && !slices.Contains(out, e.Code) {
			out = append(out, e.Code)
		}
	}
	return out
}

func TestActors(t *testing.T) {
	f := newAPIFixture(t, nil)
	f.ingestSamples()
	type tally struct{ actor, recipient, events int }
	want := map[string]*tally{}
	get := func(c string) *tally {
		if want[c] == nil {
			want[c] = &tally{}
		}
		return want[c]
	}
	for _, e := range f.all {
		as, rs := codesOf(e.Actor), codesOf(e.Recipient)
		for _, c := range as {
			get(c).actor++
		}
		for _, c := range rs {
			get(c).recipient++
		}
		for _, c := range codesOf(append(slices.Clone(e.Actor), e.Recipient...)) {
			get(c).events++
		}
	}
	var got struct{ Actors []actorCount }
	f.getJSON("/api/actors?limit=1000", &got)
	if len(got.Actors) != len(want) {
		t.Errorf("%d actors, want %d", len(got.Actors), len(want))
	}
	for i, a := range got.Actors {
		w := want[a.Code]
		if w == nil || a.AsActor != w.actor || a.AsRecipient != w.recipient || a.Events != w.events {
			t.Errorf("%s: %+v, want %+v", a.Code, a, w)
		}
		if i > 0 && got.Actors[i-1].Events < a.Events {
			t.Errorf("%s (%d events) after %s (%d)", a.Code, a.Events, got.Actors[i-1].Code, got.Actors[i-1].Events)
		}
	}
	names := map[string]string{}
	for _, a := range got.Actors {
		names[a.Code] = a.Name
	}
	for code, name := range map[string]string{"CHN": "China", "AZE": "Azerbaijan", "USA": "United States", "PSE": "Palestine"} {
		if names[code] != name {
			t.Errorf("name of %s: %q, want %q", code, names[code], name)
		}
	}

	f.getJSON("/api/actors?type=ASSAULT&limit=2", &got)
	if len(got.Actors) != 2 {
		t.Fatalf("limit 2: %d actors", len(got.Actors))
	}
	for _, a := range got.Actors {
		if a.Code != "ISR" && a.Code != "SDN" && a.Code != "PSE" && a.Code != "LBN" {
			t.Errorf("actor %s in the ASSAULT events?", a.Code)
		}
	}
}

func TestActorDetail(t *testing.T) {
	f := newAPIFixture(t, nil)
	f.ingestSamples()
	for _, code := range []string{"ISR", "CHN", "TUR"} {
		t.Run(code, func(t *testing.T) {
			var asA, asR, events int
			out, in := map[string]int{}, map[string]int{}
			types := map[string]int{}
			weeks := map[string]int{}
			for _, e := range f.all {
				a, r := slices.Contains(codesOf(e.Actor), code), slices.Contains(codesOf(e.Recipient), code)
				if a {
					asA++
					for _, c := range codesOf(e.Recipient) {
						out[c]++
					}
				}
				if r {
					asR++
					for _, c := range codesOf(e.Actor) {
						in[c]++
					}
				}
				if a || r {
					events++
					types[string(e.Event.Event[0])]++
					weeks[monday(t, e.Date)+" "+string(e.Event.Event[0])]++
				}
			}
			var d actorDetail
			// actor and recipient are ignored: the path names the actor.
			f.getJSON("/api/actors/"+code+"?actor=USA&recipient=RUS", &d)
			if d.Code != code || d.AsActor != asA || d.AsRecipient != asR || d.Events != events || d.Name == "" {
				t.Errorf("got %s %q as actor %d, recipient %d, events %d; want %d, %d, %d",
					d.Code, d.Name, d.AsActor, d.AsRecipient, d.Events, asA, asR, events)
			}
			for _, p := range d.Partners {
				if p.Outgoing != out[p.Code] || p.Incoming != in[p.Code] {
					t.Errorf("partner %s: out %d in %d, want %d %d", p.Code, p.Outgoing, p.Incoming, out[p.Code], in[p.Code])
				}
				delete(out, p.Code)
				delete(in, p.Code)
			}
			if len(out)+len(in) > 0 {
				t.Errorf("partners missing: out %v in %v", out, in)
			}
			gotTypes := map[string]int{}
			for _, c := range d.Types {
				gotTypes[c.Key] = c.Count
			}
			if fmt.Sprint(gotTypes) != fmt.Sprint(types) {
				t.Errorf("types %v, want %v", gotTypes, types)
			}
			gotWeeks := map[string]int{}
			for _, p := range d.Timeline {
				gotWeeks[p.Period+" "+p.Key] = p.Count
			}
			if fmt.Sprint(gotWeeks) != fmt.Sprint(weeks) {
				t.Errorf("timeline %v, want %v", gotWeeks, weeks)
			}
		})
	}
	var isr actorDetail
	f.getJSON("/api/actors/isr?type=ASSAULT,COERCE&interval=month", &isr)
	if isr.AsActor != 2 || len(isr.Partners) != 1 || isr.Partners[0].Code != "PSE" || isr.Partners[0].Mean >= 0 {
		t.Errorf("ISR assaults and arrests: %+v, want 2 as actor against PSE with a negative mean", isr)
	}
	for _, p := range isr.Timeline {
		if p.Period != "2025-03-01" {
			t.Errorf("monthly period %s", p.Period)
		}
	}
}

// monday returns the Monday of the week of a date.
func monday(t *testing.T, date string) string {
	d, err := time.Parse("2006-01-02", date)
	if err != nil {
		t.Fatal(err)
	}
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7)).Format("2006-01-02")
}

func TestNetwork(t *testing.T) {
	f := newAPIFixture(t, nil)
	f.ingestSamples()
	type pair struct{ a, r string }
	weight := map[pair]int{}
	scale := map[pair]float64{}
	for _, e := range f.all {
		for _, a := range codesOf(e.Actor) {
			for _, r := range codesOf(e.Recipient) {
				weight[pair{a, r}]++
				scale[pair{a, r}] += e.EventScale
			}
		}
	}
	var net struct {
		Nodes []node
		Edges []edge
	}
	f.getJSON("/api/network?limit=1000", &net)
	if len(net.Edges) != len(weight) {
		t.Errorf("%d edges, want %d", len(net.Edges), len(weight))
	}
	nodeWeight := map[string]int{}
	for i, e := range net.Edges {
		p := pair{e.Actor, e.Recipient}
		mean := scale[p] / float64(weight[p])
		if e.Weight != weight[p] || math.Abs(e.MeanScale-mean) > 0.01 {
			t.Errorf("edge %s->%s: %d, %.2f; want %d, %.2f", e.Actor, e.Recipient, e.Weight, e.MeanScale, weight[p], mean)
		}
		if i > 0 && net.Edges[i-1].Weight < e.Weight {
			t.Errorf("edges not heaviest first at %d", i)
		}
		nodeWeight[e.Actor] += e.Weight
		if e.Recipient != e.Actor {
			nodeWeight[e.Recipient] += e.Weight
		}
	}
	for _, n := range net.Nodes {
		if n.Weight != nodeWeight[n.Code] {
			t.Errorf("node %s weight %d, want %d", n.Code, n.Weight, nodeWeight[n.Code])
		}
		delete(nodeWeight, n.Code)
	}
	if len(nodeWeight) > 0 {
		t.Errorf("nodes missing: %v", nodeWeight)
	}

	f.getJSON("/api/network?limit=2&quad=3,4", &net)
	if len(net.Edges) != 2 {
		t.Fatalf("limit 2: %d edges", len(net.Edges))
	}
	for _, e := range net.Edges {
		if e.MeanScale >= 0 {
			t.Errorf("conflict edge %s->%s with mean scale %.2f", e.Actor, e.Recipient, e.MeanScale)
		}
	}
}

func TestTimeline(t *testing.T) {
	f := newAPIFixture(t, nil)
	f.ingestSamples()
	tests := []struct {
		query, interval, by string
		key                 func(store.Event) string
	}{
		{"", "week", "quad", func(e store.Event) string { return monday(t, e.Date) + " " + fmt.Sprint(e.QuadCode) }},
		{"?interval=day&by=type", "day", "type", func(e store.Event) string { return e.Date + " " + string(e.Event.Event[0]) }},
		{"?interval=month&actor=EGY", "month", "quad", func(e store.Event) string {
			if !hasCode(e.Actor, "EGY") {
				return ""
			}
			return e.Date[:7] + "-01 " + fmt.Sprint(e.QuadCode)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			want := map[string]int{}
			for _, e := range f.all {
				if k := tc.key(e); k != "" {
					want[k]++
				}
			}
			var tl struct {
				Interval, By string
				Points       []store.TimePoint
			}
			f.getJSON("/api/timeline"+tc.query, &tl)
			if tl.Interval != tc.interval || tl.By != tc.by {
				t.Errorf("interval %q by %q, want %q %q", tl.Interval, tl.By, tc.interval, tc.by)
			}
			got := map[string]int{}
			var periods []string
			for _, p := range tl.Points {
				got[p.Period+" "+p.Key] = p.Count
				periods = append(periods, p.Period)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("points %v\nwant %v", got, want)
			}
			if !sort.StringsAreSorted(periods) {
				t.Errorf("periods out of order: %v", periods)
			}
		})
	}
}
