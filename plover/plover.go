// Package plover holds the PLOVER event ontology as Go values: the sixteen
// event types with their quad classes and scores, the modes each type allows,
// the contexts, the actor sectors and the non-state actor codes, and the map
// from CAMEO root codes.
package plover

import "sort"

// EventType is one of the sixteen PLOVER event types, e.g. "CONSULT".
type EventType string

// The sixteen PLOVER event types.
const (
	Agree     EventType = "AGREE"
	Consult   EventType = "CONSULT"
	Support   EventType = "SUPPORT"
	Concede   EventType = "CONCEDE"
	Cooperate EventType = "COOPERATE"
	Aid       EventType = "AID"
	Retreat   EventType = "RETREAT"
	Request   EventType = "REQUEST"
	Accuse    EventType = "ACCUSE"
	Reject    EventType = "REJECT"
	Threaten  EventType = "THREATEN"
	Protest   EventType = "PROTEST"
	Sanction  EventType = "SANCTION"
	Mobilize  EventType = "MOBILIZE"
	Coerce    EventType = "COERCE"
	Assault   EventType = "ASSAULT"
)

// Quad is the GDELT quad class of an event type.
type Quad int

// Quad classes in GDELT numbering.
const (
	VerbalCooperation   Quad = 1
	MaterialCooperation Quad = 2
	VerbalConflict      Quad = 3
	MaterialConflict    Quad = 4
)

// String names the quad class.
func (q Quad) String() string {
	switch q {
	case VerbalCooperation:
		return "verbal cooperation"
	case MaterialCooperation:
		return "material cooperation"
	case VerbalConflict:
		return "verbal conflict"
	case MaterialConflict:
		return "material conflict"
	}
	return "unknown"
}

// TypeInfo describes an event type: its quad class, default score (-10
// conflict to +10 cooperation), whether PLOVER requires a recipient, and the
// modes it allows with their scores (NaN-free: a mode without its own score
// takes the type's default).
type TypeInfo struct {
	Type              EventType
	Quad              Quad
	Score             float64
	NeedsRecipient    bool
	Modes             map[string]float64
	ModesWithoutScore []string
}

func modes(pairs ...any) map[string]float64 {
	m := make(map[string]float64)
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i].(string)] = pairs[i+1].(float64)
	}
	return m
}

var types = map[EventType]*TypeInfo{
	Agree:     {Type: Agree, Quad: 1, Score: 2.5},
	Consult:   {Type: Consult, Quad: 1, Score: 2.5, Modes: modes("visit", 4.0, "third-party", 1.0, "multilateral", 4.0, "phone", 1.5)},
	Support:   {Type: Support, Quad: 1, Score: 5},
	Concede:   {Type: Concede, Quad: 1, Score: 4.5},
	Cooperate: {Type: Cooperate, Quad: 2, Score: 9.5, NeedsRecipient: true},
	Aid:       {Type: Aid, Quad: 2, Score: 10, NeedsRecipient: true},
	Retreat: {Type: Retreat, Quad: 2, Score: 6.5, Modes: modes("withdraw", 8.0, "release", 6.5,
		"disarm", 10.0, "ceasefire", 7.5, "access", 6.5, "resign", 4.5)},
	Request: {Type: Request, Quad: 3, Score: 0, Modes: modes("assist", 0.5, "change", -1.0, "yield", -1.0, "meet", 0.0)},
	Accuse:  {Type: Accuse, Quad: 3, Score: -3, Modes: modes("disapprove", -2.0, "investigate", -3.5, "allege", -3.5)},
	Reject:  {Type: Reject, Quad: 3, Score: -2, Modes: modes("assist", -1.5, "change", -2.0, "yield", -2.0, "meet", -2.0)},
	Threaten: {Type: Threaten, Quad: 3, Score: -3.5, Modes: modes("restrict", -3.0, "arrest", -3.5,
		"relations", -3.5, "expel", -3.5, "territory", -4.0, "violence", -3.5)},
	Protest: {Type: Protest, Quad: 4, Score: -5, Modes: modes("demo", -5.0, "riot", -7.0, "strike", -5.0,
		"hunger", -4.5, "boycott", -4.5, "obstruct", -4.5), ModesWithoutScore: []string{"vandalize"}},
	Sanction: {Type: Sanction, Quad: 4, Score: -6, NeedsRecipient: true, Modes: modes("convict", -6.0,
		"expel", -5.5, "withdraw", -6.0, "discontinue", -6.0)},
	Mobilize: {Type: Mobilize, Quad: 4, Score: -5.5, Modes: modes("troops", -6.5, "weapons", -6.5,
		"police", -5.5, "militia", -6.0)},
	Coerce: {Type: Coerce, Quad: 4, Score: -7, Modes: modes("restrict", -7.0, "curfew", -6.5,
		"martial-law", -7.5, "withhold", -7.0, "misinformation", -6.5, "cyber", -7.0),
		ModesWithoutScore: []string{"seize", "censor", "arrest", "deport"}},
	Assault: {Type: Assault, Quad: 4, Score: -9, Modes: modes("abduct", -8.5, "beat", -7.5, "sexual", -8.5,
		"targeted", -9.5, "destroy", -8.5, "primitive", -8.0, "explosives", -9.0, "heavy-weapons", -9.5,
		"crowd-control", -7.5, "unconventional", -10.0),
		ModesWithoutScore: []string{"torture", "firearms", "suicide-attack", "aerial", "drone"}},
}

// Types lists the sixteen event types in PLOVER's order, from cooperation to
// conflict.
var Types = []EventType{Agree, Consult, Support, Concede, Cooperate, Aid, Retreat,
	Request, Accuse, Reject, Threaten, Protest, Sanction, Mobilize, Coerce, Assault}

// Info returns the description of an event type, or nil for an unknown one.
func Info(t EventType) *TypeInfo { return types[t] }

// Valid reports whether t is one of the sixteen types.
func (t EventType) Valid() bool { return types[t] != nil }

// Quad returns the quad class of the type (0 when unknown).
func (t EventType) Quad() Quad {
	if i := types[t]; i != nil {
		return i.Quad
	}
	return 0
}

// ValidMode reports whether mode is a mode PLOVER defines for t, or one of
// the auxiliary modes every type allows. The empty mode is always valid.
func ValidMode(t EventType, mode string) bool {
	if mode == "" || AuxiliaryModes[mode] {
		return true
	}
	i := types[t]
	if i == nil {
		return false
	}
	if _, ok := i.Modes[mode]; ok {
		return true
	}
	for _, m := range i.ModesWithoutScore {
		if m == mode {
			return true
		}
	}
	return false
}

// Score returns the PLOVER score of an event of type t in the given mode: the
// mode's own score where PLOVER gives one, else the type's default.
func Score(t EventType, mode string) float64 {
	i := types[t]
	if i == nil {
		return 0
	}
	if s, ok := i.Modes[mode]; ok {
		return s
	}
	return i.Score
}

// ModesOf lists the modes of t in alphabetical order.
func ModesOf(t EventType) []string {
	i := types[t]
	if i == nil {
		return nil
	}
	var out []string
	for m := range i.Modes {
		out = append(out, m)
	}
	out = append(out, i.ModesWithoutScore...)
	sort.Strings(out)
	return out
}

// AuxiliaryModes may be given to any type.
var AuxiliaryModes = map[string]bool{"historical": true, "future": true, "hypothetical": true, "negation": true}

// Contexts are the PLOVER event contexts.
var Contexts = setOf("military", "intelligence", "executive", "legislative", "election",
	"political_institutions", "pro_democracy", "pro_autocracy", "economic", "legal", "reparations",
	"human_rights", "rights_freedoms", "repression", "human_security", "gender", "lgbt",
	"religion_ethnicity", "inequality", "diplomatic", "territory", "peacekeeping", "health", "asylum",
	"migration", "disasters", "natural_resource", "environment", "technology", "terrorism", "cbrn",
	"cyber", "misinformation", "crime", "corruption", "illegal_drugs", "trafficking")

// Sectors maps each PLOVER actor sector to its meaning.
var Sectors = map[string]string{
	"COP": "police", "GOV": "executive government", "JUD": "judiciary", "LEG": "legislature",
	"MIL": "state military", "PRM": "pro-government paramilitary", "PTY": "political party",
	"REB": "armed opposition", "SPY": "intelligence", "UAF": "unidentified armed force",
	"UNK": "unidentified", "AGR": "farmers", "BUS": "business", "CRM": "criminals",
	"CVL": "civilians, protesters, activists", "EDU": "education, students",
	"ELI": "former officials and officials' families", "JRN": "media", "LAB": "labour",
	"MED": "health", "REF": "refugees", "OPP": "opposition", "PRE": "partially recognised entity",
	"REL": "religious", "SOC": "civil society",
}

// NonStateCodes are the PLOVER actor codes that are not countries.
var NonStateCodes = map[string]string{
	"IGO": "intergovernmental organisation", "UNO": "United Nations", "EUR": "European Union",
	"NGO": "non-governmental organisation", "ISM": "international social movement",
	"IMG": "transnational militarised group", "MNC": "multinational corporation",
}

// CAMEORoot maps a two-digit CAMEO root code to its PLOVER type; "01"
// (public statement) has no PLOVER event and maps to "". Roots 08 map to
// CONCEDE, which a coder may refine to RETREAT.
var CAMEORoot = map[string]EventType{
	"01": "", "02": Request, "03": Agree, "04": Consult, "05": Support, "06": Cooperate,
	"07": Aid, "08": Concede, "09": Accuse, "10": Request, "11": Accuse, "12": Reject,
	"13": Threaten, "14": Protest, "15": Mobilize, "16": Sanction, "17": Coerce,
	"18": Assault, "19": Assault, "20": Assault,
}

func setOf(xs ...string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}
