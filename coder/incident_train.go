package coder

import (
	"math"
	"math/rand/v2"
	"sort"
)

// IncidentSample is one labelled candidate: its features and whether the
// sentence reports the incident.
type IncidentSample struct {
	Features []string
	Report   bool
}

// IncidentTraining sets how TrainIncidents fits the model.
type IncidentTraining struct {
	Epochs int     // passes over the samples; default 30
	Rate   float64 // initial learning rate; default 0.1
	L2     float64 // weight decay per sample; default 1e-4
	// MinCount drops features seen in fewer samples: a feature of one
	// sentence only learns that sentence.
	MinCount int // default 2
	Seed     uint64
}

// TrainIncidents fits a logistic model to the samples by stochastic gradient
// descent in an order fixed by the seed, so the same samples and options
// give the same weights. The threshold is left at 0 (probability one half).
func TrainIncidents(samples []IncidentSample, opt IncidentTraining) *IncidentModel {
	if opt.Epochs <= 0 {
		opt.Epochs = 30
	}
	if opt.Rate <= 0 {
		opt.Rate = 0.1
	}
	if opt.L2 <= 0 {
		opt.L2 = 1e-4
	}
	if opt.MinCount <= 0 {
		opt.MinCount = 2
	}
	count := map[string]int{}
	for _, s := range samples {
		for _, f := range s.Features {
			count[f]++
		}
	}
	// Index features in sorted order so map iteration cannot change the
	// result.
	var names []string
	for f, n := range count {
		if n >= opt.MinCount {
			names = append(names, f)
		}
	}
	sort.Strings(names)
	index := make(map[string]int, len(names))
	for i, f := range names {
		index[f] = i
	}
	rows := make([][]int, len(samples))
	for i, s := range samples {
		for _, f := range s.Features {
			if k, ok := index[f]; ok {
				rows[i] = append(rows[i], k)
			}
		}
	}
	w := make([]float64, len(names))
	order := make([]int, len(samples))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x1ac1de47))
	step := 0
	for ep := 0; ep < opt.Epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			step++
			rate := opt.Rate / (1 + float64(step)/float64(len(samples)*5+1))
			z := 0.0
			for _, k := range rows[i] {
				z += w[k]
			}
			p := 1 / (1 + math.Exp(-z))
			y := 0.0
			if samples[i].Report {
				y = 1
			}
			g := y - p
			for _, k := range rows[i] {
				w[k] += rate * (g - opt.L2*w[k])
			}
		}
	}
	m := &IncidentModel{Weights: map[string]float64{}}
	for i, f := range names {
		if v := math.Round(w[i]*1e4) / 1e4; v != 0 {
			m.Weights[f] = v
		}
	}
	return m
}
