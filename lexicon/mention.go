package lexicon

import "time"

// Mention is an actor named in a text: one actor match resolved to a single
// code and sector for the document's date, or a sector noun combined with
// the country, place or organisation next to it (الجيش السوري -> SYR MIL,
// وزير الخارجية التركي -> TUR GOV, حكومة العراق -> IRQ GOV).
type Mention struct {
	Start, End  int // byte offsets in the text
	First, Last int // token indices
	Code        string
	Sector      string
	Kind        Kind // kind of the named thing; Sector for composed mentions
	Identifier  string
	// Entries are the dictionary entries that decided the code and sector,
	// for auditing (Entry.Source gives file:line).
	Entries []*Entry
	// Former is set when a person is named outside every dated term of
	// office: the code is kept and the sector becomes ELI.
	Former bool
	Glued  bool
}

// kindRank orders the kinds an ambiguous form can have: a name of a person
// or an organisation is more specific than a country, a country more than
// its capital (الجزائر, الكويت), a capital more than a demonym.
var kindRank = map[Kind]int{Person: 0, Group: 1, Org: 2, Country: 3, Capital: 4, Demonym: 5, Place: 6, Sector: 7, Bound: 8}

// Evidence counts how often a document names each country (by code), in
// mentions that leave no doubt. It settles names that belong to places of
// more than one country: عمان is Oman, or Amman, the capital of Jordan,
// and written without vowels the two are one word.
type Evidence map[string]int

// Add counts the mentions of an actor match, unless the match is Ambiguous.
func (ev Evidence) Add(mt Match, d time.Time) {
	if mt.Layer != Actors || Ambiguous(mt) {
		return
	}
	if me := Resolve(mt, d); me.Code != "" {
		ev[me.Code]++
	}
}

// Ambiguous reports whether an actor match names places (countries,
// capitals, other places) of more than one country, which only the rest of
// the document can tell apart.
func Ambiguous(mt Match) bool {
	code := ""
	for _, e := range mt.Entries {
		if e.Layer != Actors || e.Code == "" {
			continue
		}
		switch e.Kind {
		case Country, Capital, Place:
		default:
			continue
		}
		if code != "" && e.Code != code {
			return true
		}
		code = e.Code
	}
	return false
}

// Resolve picks the entry of an actor match that applies on date d (zero:
// undated) and returns the mention it makes on its own.
func Resolve(mt Match, d time.Time) Mention {
	return ResolveIn(mt, d, nil)
}

// ResolveIn is Resolve within a document: when the match is Ambiguous, the
// place of the country the document names most often (ev) wins; on a tie,
// Resolve's order (a country before a capital) decides.
func ResolveIn(mt Match, d time.Time, ev Evidence) Mention {
	me := Mention{Start: mt.Start, End: mt.End, First: mt.First, Last: mt.Last, Glued: mt.Glued}
	var best *Entry
	bestScore := 1 << 30
	for _, e := range mt.Entries {
		if e.Layer != Actors {
			continue
		}
		score := kindRank[e.Kind] * 4
		if len(ev) > 0 && Ambiguous(mt) {
			// The evidence outweighs every rank and date.
			score -= ev[e.Code] << 8
		}
		if e.Dated() && !e.ValidOn(d) {
			score += 2
			if !e.To.IsZero() && !d.IsZero() && e.To.Before(d) {
				score-- // a past term beats a future one
			}
		}
		if score < bestScore || score == bestScore && best != nil && e.From.After(best.From) {
			best, bestScore = e, score
		}
	}
	if best == nil {
		return me
	}
	me.Code, me.Sector, me.Kind, me.Identifier = best.Code, best.Sector, best.Kind, best.Identifier
	me.Entries = []*Entry{best}
	if best.Kind == Person && best.Dated() && !best.ValidOn(d) {
		me.Former = true
		me.Sector = "ELI"
	}
	return me
}

// composes reports whether a mention of kind k may give its code to a
// sector noun right before it.
func composes(k Kind) bool {
	switch k {
	case Country, Demonym, Capital, Place, Org, Group:
		return true
	}
	return false
}

// Mentions resolves the actor matches of one sentence on date d and joins
// each sector noun with the named actor that directly follows it.
func Mentions(matches []Match, d time.Time) []Mention {
	return MentionsIn(matches, d, nil)
}

// MentionsIn is Mentions within a document whose Evidence is ev (see
// ResolveIn).
func MentionsIn(matches []Match, d time.Time, ev Evidence) []Mention {
	var ms []Mention
	for _, mt := range matches {
		if mt.Layer == Actors {
			ms = append(ms, ResolveIn(mt, d, ev))
		}
	}
	out := ms[:0]
	for i := 0; i < len(ms); i++ {
		m := ms[i]
		bound := m.Kind == Bound
		if (m.Kind == Sector || bound) && m.Code == "" && i+1 < len(ms) {
			n := ms[i+1]
			if n.First == m.Last+1 && (composes(n.Kind) || bound && n.Kind == Person) && n.Code != "" {
				m.Kind = Sector
				m.End, m.Last = n.End, n.Last
				m.Code = n.Code
				if n.Sector != "" && n.Kind != Capital {
					// An organisation keeps its own nature only when the
					// noun adds none: قوات الناتو is IGO MIL.
					if m.Sector == "" {
						m.Sector = n.Sector
					}
				}
				m.Identifier = joinIdentifier(m.Identifier, n.Identifier)
				m.Entries = append(m.Entries, n.Entries...)
				m.Glued = m.Glued || n.Glued
				i++
			}
		}
		if m.Kind == Bound {
			continue // النظام alone: "the system", no actor
		}
		out = append(out, m)
	}
	return out
}

func joinIdentifier(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return b + " " + a
}
