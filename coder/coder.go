// Package coder turns Arabic news documents into PLOVER event records.
//
// Per sentence it finds event triggers, actor mentions and cues with the
// lexicon's matcher, then assigns actor and recipient from Arabic word order
// (verb-subject-object and subject-verb-object), prepositions, clause bounds
// and reported speech. Per document it carries the current speaker to
// sentences such as "وأضاف"، resolves anaphors (بلاده، البلدين، الجانبين)
// to actors already named, merges repeated events and resolves relative dates.
package coder

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"hadath/arabic"
	"hadath/lexicon"
	"hadath/ner"
	"hadath/plover"
	"hadath/when"
)

// Name and Version identify the coder in every record it writes.
const (
	Name    = "hadath"
	Version = "0.1.0"
)

// Document is one news article to code.
type Document struct {
	ID     string
	Date   time.Time // zero when unknown
	Title  string
	Text   string
	Source string
	URL    string
}

// Quote is a quotation in «…» or "…" attributed to the speaker of its
// sentence.
type Quote struct {
	Speaker *plover.Entity `json:"speaker"`
	Text    string         `json:"text"`
	Span    plover.Span    `json:"span"`
}

// Result is what the coder finds in one document.
type Result struct {
	DocID    string          `json:"id"`
	Date     string          `json:"date"`
	Events   []plover.Event  `json:"events"`
	Entities []plover.Entity `json:"entities"`
	Quotes   []Quote         `json:"quotes"`
}

// Coder codes documents with one lexicon. It is safe for concurrent use.
type Coder struct {
	lex       *lexicon.Lexicon
	names     NameTagger
	incidents *IncidentModel
	version   string // Version(), made when the coder is
}

// NameTagger finds names the dictionaries do not know (package ner's
// Tagger is one).
type NameTagger interface {
	Tag(toks []arabic.Token) []ner.Span
}

// New returns a coder over the given lexicon, with the embedded incident
// model (see WithIncidents).
func New(lex *lexicon.Lexicon) *Coder {
	m, err := DefaultIncidents()
	if err != nil {
		m = nil // a broken embedded model is caught by the package tests
	}
	c := &Coder{lex: lex, incidents: m}
	c.version = c.makeVersion()
	return c
}

// WithNames returns a copy of the coder that adds the persons and
// organisations a name tagger finds to the dictionary actors: a name the
// dictionaries do not know takes the country and sector of the title or
// organisation in apposition before it (وزير الخارجية العراقي سامر الجبوري ->
// IRQ GOV), else it stays an actor with no code, so that its events are not
// lost.
func (c *Coder) WithNames(t NameTagger) *Coder {
	d := *c
	d.names = t
	d.version = d.makeVersion()
	return &d
}

// Version names what codes: the coder's release, the incident model and
// whether the name tagger is on. Stores keep it with every event, so that a
// recode knows which documents another model coded.
func (c *Coder) Version() string { return c.version }

func (c *Coder) makeVersion() string {
	v := Version
	if m := c.incidents; m != nil && len(m.Weights) > 0 {
		id := m.Version
		if id == "" {
			id = "custom"
		}
		v += "+incident." + id
	}
	if c.names != nil {
		v += "+names"
	}
	return v
}

// Lexicon returns the coder's lexicon.
func (c *Coder) Lexicon() *lexicon.Lexicon { return c.lex }

// Code codes one document.
func (c *Coder) Code(doc Document) Result {
	st := c.read(doc, nil)
	res := Result{DocID: doc.ID, Date: dateString(doc.Date)}
	res.Events = st.merge()
	res.Entities = st.entities
	res.Quotes = st.quotes
	if res.Events == nil {
		res.Events = []plover.Event{}
	}
	if res.Entities == nil {
		res.Entities = []plover.Entity{}
	}
	if res.Quotes == nil {
		res.Quotes = []Quote{}
	}
	return res
}

func dateString(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2006-01-02")
}

// actor is an entity found in a sentence, with its token range (First = -1
// for an entity carried from elsewhere: a previous speaker, an anaphor's
// antecedent).
type actor struct {
	ent         plover.Entity
	first, last int
	kind        lexicon.Kind
	oblique     string // preposition governing the mention, "" for none
	anaphor     bool
	// adjective marks a singular demonym after a noun (الأراضي الصينية):
	// it qualifies that noun and does not act by itself.
	adjective bool
	// uncoded marks a name from the tagger with no code: it fills a role
	// only when no coded actor can.
	uncoded bool
}

// draft is an event before document-level merging.
type draft struct {
	typ       plover.EventType
	mode      string
	context   string
	actors    []actor
	recips    []actor
	trigger   lexicon.Match
	entry     *lexicon.Entry
	sentence  int
	sentText  string
	date      time.Time
	loc       *plover.Location
	rules     []string
	eventText string
}

type docState struct {
	c       *Coder
	doc     Document
	text    string
	scratch lexicon.Scratch
	// evidence counts the countries the document names, once a name that
	// needs it (عمان) is met; nil until then.
	evidence lexicon.Evidence
	speaker  *actor  // the last speaker named in the document
	seen     []actor // countries and actors in order of first appearance
	drafts   []draft
	entities []plover.Entity
	quotes   []Quote
	// candidates, when set, collects the incident model's candidates
	// instead of applying it.
	candidates *[]IncidentCandidate
}

// sent holds what one sentence offers to the rules.
type sent struct {
	idx       int
	s         arabic.Sentence
	toks      []arabic.Token
	actors    []actor
	triggers  []lexicon.Match
	cues      []lexicon.Match
	cueAt     []uint32 // cue kinds per token, one bit per kind (cueBit)
	boundary  []bool   // token is a hard clause boundary
	speaker   *actor
	contentAt int // first token of reported content, -1 when none
	question  bool
	unreal    []int // last tokens of triggers dropped as negated, hypothetical or background
	loc       *plover.Location
	locCode   string
	// ctxCode is the country the sentence is about: the event location's,
	// else the first country named; ctxActor is the mention it comes from.
	ctxCode  string
	ctxActor *actor
	dates    []when.Expr
}

// hardBoundaries are words that open a new clause: complementisers after
// speech verbs, relative pronouns and clause connectives. An actor is not
// looked for across them.
var hardBoundaries = map[string]bool{
	"ان": true, "انه": true, "انها": true, "الذي": true, "التي": true, "الذين": true,
	"اللذين": true, "اللتين": true, "اللذان": true, "اللتان": true, "حيث": true, "بينما": true,
	"فيما": true, "وفيما": true, "لكن": true, "ولكن": true, "اذ": true, "مما": true, "كما": true,
	"وكما": true, "عندما": true, "حين": true, "حينما": true, "بعدما": true, "وبعدما": true,
	"؛": true, ";": true, ":": true, "(": true, ")": true, "-": true, "–": true, "—": true,
	"ـ": true, "بسبب": true, "لان": true, "وذلك": true, "ذلك": true,
}

// prepositions are free-standing words that make the next mention an
// oblique (not a subject or direct object).
var prepositions = map[string]bool{
	"في": true, "من": true, "الي": true, "علي": true, "عن": true, "مع": true, "ضد": true,
	"لدي": true, "عند": true, "بين": true, "حول": true, "نحو": true, "تجاه": true, "قرب": true,
	"خلال": true, "بعد": true, "قبل": true, "منذ": true, "حتي": true, "بحق": true, "لصالح": true,
	"داخل": true, "خارج": true, "امام": true, "وراء": true, "عبر": true, "بشان": true, "وسط": true,
	"شمال": true, "جنوب": true, "شرق": true, "غرب": true, "باسم": true, "برفقه": true,
	"ومع": true, "وفي": true, "ومن": true, "والي": true, "وعلي": true, "وضد": true, "وبين": true,
}

// reciprocal event types put both parties in actor when no host is clear.
func reciprocal(t plover.EventType, mode string) bool {
	return t == plover.Consult && mode != "visit" && mode != "phone"
}

// futureToAgree are the types PLOVER turns into AGREE when promised,
// intended or planned.
var futureToAgree = map[plover.EventType]bool{
	plover.Consult: true, plover.Support: true, plover.Cooperate: true, plover.Aid: true,
}

// read runs the sentence rules over doc; candidates, when not nil, collects
// the incident model's candidates instead of applying it.
func (c *Coder) read(doc Document, candidates *[]IncidentCandidate) *docState {
	st := &docState{c: c, doc: doc, text: doc.Text, candidates: candidates}
	for _, s := range arabic.Sentences(doc.Text) {
		st.sentence(s)
	}
	return st
}

func (st *docState) sentence(s arabic.Sentence) {
	m := st.c.lex.Matcher()
	matches := m.Find(st.text, s.Tokens, &st.scratch)
	se := &sent{idx: s.Index, s: s, toks: s.Tokens, contentAt: -1}
	se.cueAt = make([]uint32, len(s.Tokens))
	se.boundary = make([]bool, len(s.Tokens))
	for i, t := range s.Tokens {
		if hardBoundaries[t.Norm] || t.Kind == arabic.Quote && (t.Text == "«" || t.Text == "“") {
			se.boundary[i] = true
		}
		if t.Text == "؟" || t.Text == "?" || questionWords[t.Norm] {
			se.question = true
		}
	}
	for _, mt := range matches {
		switch mt.Layer {
		case lexicon.Triggers:
			se.triggers = append(se.triggers, mt)
		case lexicon.Cues:
			se.cues = append(se.cues, mt)
			for j := mt.First; j <= mt.Last; j++ {
				for _, e := range mt.Entries {
					se.cueAt[j] |= cueBit(e.Cue)
				}
			}
		}
	}
	for _, mt := range matches {
		if mt.Layer == lexicon.Actors && st.evidence == nil && lexicon.Ambiguous(mt) {
			st.evidence = st.countEvidence()
		}
	}
	for _, me := range lexicon.MentionsIn(matches, st.doc.Date, st.evidence) {
		a := st.mentionActor(se, me)
		se.actors = append(se.actors, a)
	}
	if st.c.names != nil {
		st.taggedNames(se)
	}
	sort.SliceStable(se.actors, func(i, j int) bool { return se.actors[i].first < se.actors[j].first })
	st.anaphors(se, false)
	st.findSpeech(se)
	st.anaphors(se, true)
	st.findLocation(se)
	se.dates = when.Find(se.toks, st.doc.Date)
	st.quotesOf(se)
	for _, a := range se.actors {
		if !a.anaphor {
			st.entities = append(st.entities, a.ent)
		}
		st.remember(a)
	}
	for _, tr := range se.triggers {
		st.code(se, tr)
	}
}

// countEvidence counts the countries the whole document names, for the
// names that belong to places of two countries (lexicon.Evidence). It reads
// the document a second time, which only such rare names cost.
func (st *docState) countEvidence() lexicon.Evidence {
	ev := lexicon.Evidence{}
	m := st.c.lex.Matcher()
	var scratch lexicon.Scratch
	for _, s := range arabic.Sentences(st.text) {
		for _, mt := range m.Find(st.text, s.Tokens, &scratch) {
			ev.Add(mt, st.doc.Date)
		}
	}
	return ev
}

func (st *docState) remember(a actor) {
	if a.ent.Code == "" || a.kind == lexicon.Place {
		return
	}
	for _, s := range st.seen {
		if s.ent.Code == a.ent.Code {
			return
		}
	}
	st.seen = append(st.seen, a)
}

// entityKind maps a dictionary kind to the entity kinds of the output.
func entityKind(k lexicon.Kind) string {
	switch k {
	case lexicon.Person:
		return "person"
	case lexicon.Country, lexicon.Demonym:
		return "country"
	case lexicon.Capital, lexicon.Place:
		return "place"
	case lexicon.Org:
		return "org"
	}
	return "group"
}

func (st *docState) mentionActor(se *sent, me lexicon.Mention) actor {
	ent := plover.Entity{
		Code: me.Code, Sector: me.Sector,
		EntityText:     st.text[me.Start:me.End],
		IdentifierText: me.Identifier,
		Kind:           entityKind(me.Kind),
		Span:           plover.Span{me.Start, me.End},
		Source:         "dictionary",
	}
	for _, e := range me.Entries {
		ent.Entries = append(ent.Entries, e.Source())
	}
	a := actor{ent: ent, first: me.First, last: me.Last, kind: me.Kind, oblique: st.obliqueOf(se.toks, me.First, me.Start)}
	if me.Kind == lexicon.Demonym && me.First > 0 && me.First == me.Last {
		n := se.toks[me.First].Norm
		prev := se.toks[me.First-1]
		singular := strings.HasSuffix(n, "ي") || strings.HasSuffix(n, "يه")
		a.adjective = singular && prev.Kind == arabic.Word && !prepositions[prev.Norm]
	}
	return a
}

// obliqueOf returns the preposition governing a mention that starts at token
// i and byte start: a proclitic ب ل ك stripped from the word, or a
// free-standing preposition before it.
func (st *docState) obliqueOf(toks []arabic.Token, i, start int) string {
	t := toks[i]
	if start > t.Start {
		pre := arabic.Normalize(st.text[t.Start:start])
		pre = strings.TrimSuffix(pre, "ال")
		for _, p := range []string{"ب", "ل", "ك"} {
			if strings.Contains(pre, p) {
				return p
			}
		}
	}
	for j := i - 1; j >= 0 && j >= i-2; j-- {
		n := toks[j].Norm
		if toks[j].Kind == arabic.Quote {
			continue
		}
		if prepositions[n] {
			return strings.TrimPrefix(n, "و")
		}
		break
	}
	return ""
}

// anaphors turns cue words such as بلاده and البلدين into actors resolved
// against what the document has named so far. Pair anaphors (البلدين،
// الزعيمان) are resolved before the speaker is known, since they may be the
// speaker; بلاده after, since it means the speaker's country.
func (st *docState) anaphors(se *sent, own bool) {
	for _, cm := range se.cues {
		if !hasCue(cm, lexicon.CueAnaphor) {
			continue
		}
		w := arabic.Normalize(st.text[cm.Start:cm.End])
		isOwn := strings.HasPrefix(w, "بلاد") || strings.HasPrefix(w, "حكوم")
		if isOwn != own {
			continue
		}
		var ants []actor
		if own {
			// بلاده: the speaker's country, else the last named actor's.
			if sp := st.currentSpeaker(se); sp != nil && sp.ent.Code != "" {
				ants = []actor{*sp}
			} else if prev := st.before(se, cm.First); len(prev) > 0 {
				ants = prev[len(prev)-1:]
			}
		} else {
			ants = st.pair(se, cm.First)
		}
		for _, an := range ants {
			ent := an.ent
			ent.EntityText = st.text[cm.Start:cm.End]
			ent.Span = plover.Span{cm.Start, cm.End}
			ent.Source = "anaphor"
			ent.Kind = "country"
			if ent.Sector == "" {
				ent.Sector = "GOV"
			}
			se.actors = append(se.actors, actor{ent: ent, first: cm.First, last: cm.Last, kind: lexicon.Country,
				oblique: st.obliqueOf(se.toks, cm.First, cm.Start), anaphor: true})
		}
	}
	sort.SliceStable(se.actors, func(i, j int) bool { return se.actors[i].first < se.actors[j].first })
}

// before returns the coded actors named in the document up to token pos of
// the current sentence, in order of first appearance.
func (st *docState) before(se *sent, pos int) []actor {
	out := append([]actor{}, st.seen...)
	for _, a := range se.actors {
		if a.first >= pos || a.anaphor || a.ent.Code == "" || a.kind == lexicon.Place {
			continue
		}
		dup := false
		for _, o := range out {
			if o.ent.Code == a.ent.Code {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, a)
		}
	}
	return out
}

// pair returns the two countries most prominent so far: the first two
// distinct country codes named in the document before token pos.
func (st *docState) pair(se *sent, pos int) []actor {
	var out []actor
	for _, a := range st.before(se, pos) {
		if len(a.ent.Code) == 3 && plover.NonStateCodes[a.ent.Code] == "" && statelike(a) {
			out = append(out, a)
			if len(out) == 2 {
				break
			}
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

func hasCue(m lexicon.Match, cue string) bool {
	for _, e := range m.Entries {
		if e.Cue == cue {
			return true
		}
	}
	return false
}

func (se *sent) hasCueAt(i int, cue string) bool {
	if i < 0 || i >= len(se.cueAt) {
		return false
	}
	return se.cueAt[i]&cueBit(cue) != 0
}

// cueBits numbers the cue kinds so that a token's cues fit in one word.
var cueBits = map[string]uint32{}

func init() {
	for i, c := range []string{lexicon.CueNegation, lexicon.CueDenial, lexicon.CueFuture, lexicon.CueIntention,
		lexicon.CueCondition, lexicon.CueSpeech, lexicon.CueContinuation, lexicon.CueAnaphor, lexicon.CueHost,
		lexicon.CueLocation, lexicon.CueOccurrence, lexicon.CueCasualty, lexicon.CueReference,
		lexicon.CueHypothetical, lexicon.CueSport, lexicon.CueAccident} {
		cueBits[c] = 1 << i
	}
}

func cueBit(cue string) uint32 { return cueBits[cue] }

func (st *docState) currentSpeaker(se *sent) *actor {
	if se != nil && se.speaker != nil {
		return se.speaker
	}
	return st.speaker
}

// findSpeech finds a speech verb, its speaker and where the reported
// content begins. A speech verb with no subject at the start of a sentence
// (وأضاف، وتابع) carries the previous speaker.
func (st *docState) findSpeech(se *sent) {
	for _, cm := range se.cues {
		if !hasCue(cm, lexicon.CueSpeech) && !hasCue(cm, lexicon.CueContinuation) {
			continue
		}
		p := cm.Last
		var sp *actor
		// VSO: the subject follows the verb, before the content marker.
		for k := range se.actors {
			a := &se.actors[k]
			if a.first <= p || a.first > p+6 || a.oblique != "" || se.nonNominative(a) {
				continue
			}
			if se.crossesUnquoted(p+1, a.first) {
				break
			}
			sp = a
			break
		}
		// SVO: the subject right before the verb.
		if sp == nil {
			for k := len(se.actors) - 1; k >= 0; k-- {
				a := &se.actors[k]
				if a.last < p && a.last >= cm.First-3 && a.oblique == "" && !se.crosses(a.last+1, cm.First) {
					sp = a
					break
				}
			}
		}
		if sp == nil && cm.First <= 1 && st.speaker != nil {
			carried := *st.speaker
			carried.first, carried.last = -1, -1
			carried.ent.Source = "speaker"
			sp = &carried
		}
		if sp == nil {
			continue
		}
		se.speaker = sp
		if sp.first >= 0 && (sp.kind == lexicon.Person || sp.kind == lexicon.Sector || sp.kind == lexicon.Org || sp.kind == lexicon.Group || sp.kind == lexicon.Country || sp.kind == lexicon.Capital) {
			s := *sp
			st.speaker = &s
		}
		from := p + 1
		if sp.last > p {
			from = sp.last + 1
		}
		for j := from; j < len(se.toks); j++ {
			n := se.toks[j].Norm
			if n == "ان" || n == "انه" || n == "انها" || n == ":" || n == "«" || n == "\"" || n == "“" {
				se.contentAt = j
				break
			}
		}
		if se.contentAt < 0 {
			se.contentAt = from
		}
		return
	}
}

// crossesUnquoted is crosses, except that quotation marks do not count:
// the press quotes names (قال «علييف»).
func (se *sent) crossesUnquoted(from, to int) bool {
	for j := max(from, 0); j < to && j < len(se.boundary); j++ {
		if se.boundary[j] && se.toks[j].Kind != arabic.Quote {
			return true
		}
	}
	return false
}

// crosses reports whether a hard clause boundary lies in tokens [from, to).
func (se *sent) crosses(from, to int) bool {
	if from < 0 {
		from = 0
	}
	for j := from; j < to && j < len(se.boundary); j++ {
		if se.boundary[j] {
			return true
		}
	}
	return false
}

// findLocation takes the event location from a place named after a location
// cue (في بغداد، قرب الموصل), else from the first place or capital named.
func (st *docState) findLocation(se *sent) {
	var best *actor
	for k := range se.actors {
		a := &se.actors[k]
		if a.kind != lexicon.Place && a.kind != lexicon.Capital && a.kind != lexicon.Country {
			continue
		}
		cued := a.oblique == "ب" || a.oblique == "في" || a.first > 0 && se.hasCueAt(a.first-1, lexicon.CueLocation)
		if cued && a.kind != lexicon.Country {
			best = a
			break
		}
		if best == nil && (a.kind != lexicon.Country || a.oblique == "في") {
			// A city anywhere, or a country after في (في إسرائيل).
			best = a
		}
	}
	if best == nil {
		// No place: the first country named in the sentence still tells
		// where a sector-only or unnamed actor most likely belongs
		// (قذائف هاون قرب مقر رئيس وزراء الصومال), without being an
		// event location.
		for k := range se.actors {
			a := &se.actors[k]
			named := a.kind == lexicon.Country || a.kind == lexicon.Sector || a.kind == lexicon.Demonym
			if named && !a.anaphor && len(a.ent.Code) == 3 && plover.NonStateCodes[a.ent.Code] == "" {
				se.ctxCode, se.ctxActor = a.ent.Code, a
				break
			}
		}
		return
	}
	se.loc = &plover.Location{Name: best.ent.EntityText, Code: best.ent.Code, Identifier: best.ent.IdentifierText, Span: best.ent.Span}
	se.locCode = best.ent.Code
	se.ctxCode, se.ctxActor = best.ent.Code, best
}

// quotesOf records the «…» quotations of a sentence with its speaker.
func (st *docState) quotesOf(se *sent) {
	open := -1
	for i, t := range se.toks {
		switch t.Text {
		case "«", "“":
			open = i
		case "»", "”":
			if open >= 0 && i-open > 4 {
				q := Quote{Text: st.text[se.toks[open+1].Start:se.toks[i-1].End],
					Span: plover.Span{se.toks[open+1].Start, se.toks[i-1].End}}
				if sp := st.currentSpeaker(se); sp != nil {
					e := sp.ent
					q.Speaker = &e
				}
				st.quotes = append(st.quotes, q)
			}
			open = -1
		}
	}
}

func (st *docState) merge() []plover.Event {
	type key struct{ t, a, r string }
	var out []plover.Event
	index := map[key]int{}
	for _, d := range st.drafts {
		k := key{string(d.typ), entKey(d.actors), entKey(d.recips)}
		ev := plover.Evidence{Sentence: d.sentence, Trigger: plover.Span{d.trigger.Start, d.trigger.End},
			Actor: spansOf(d.actors), Recipient: spansOf(d.recips), Entry: d.entry.Source(), Rules: d.rules}
		if i, ok := index[k]; ok {
			out[i].Evidence = append(out[i].Evidence, ev)
			if out[i].Mode == "" && d.mode != "" {
				// The more specific mention names the mode.
				out[i].Mode = d.mode
				out[i].EventScale = plover.Score(d.typ, d.mode)
			}
			continue
		}
		index[k] = len(out)
		e := plover.Event{
			DocID:             st.doc.ID,
			Date:              dateString(d.date),
			Event:             []plover.EventType{d.typ},
			Mode:              d.mode,
			Context:           []string{},
			Actor:             entsOf(d.actors),
			Recipient:         entsOf(d.recips),
			EventText:         d.eventText,
			EventLoc:          d.loc,
			QuadCode:          int(d.typ.Quad()),
			EventScale:        plover.Score(d.typ, d.mode),
			Sentence:          d.sentence,
			Text:              d.sentText,
			Evidence:          []plover.Evidence{ev},
			Coder:             plover.CoderInfo{Name: Name, Version: st.c.version},
			DictionaryVersion: st.c.lex.Version,
		}
		if d.context != "" {
			e.Context = []string{d.context}
		}
		out = append(out, e)
	}
	for i := range out {
		out[i].ID = fmt.Sprintf("%s-%03d", st.doc.ID, i+1)
	}
	return out
}

func entKey(as []actor) string {
	var ks []string
	for _, a := range as {
		ks = append(ks, a.ent.Code+"/"+a.ent.Sector)
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}

func entsOf(as []actor) []plover.Entity {
	out := make([]plover.Entity, 0, len(as))
	for _, a := range as {
		out = append(out, a.ent)
	}
	return out
}

func spansOf(as []actor) []plover.Span {
	out := make([]plover.Span, 0, len(as))
	for _, a := range as {
		if a.first >= 0 {
			out = append(out, a.ent.Span)
		}
	}
	return out
}

// questionWords make a sentence a question, whose events are asked about
// rather than reported.
var questionWords = map[string]bool{"هل": true, "وهل": true, "فهل": true, "لماذا": true, "ولماذا": true, "فلماذا": true}

// statelike reports an actor that can stand for its country when the text
// says "the two countries": a state, its capital, its leaders or organs, not
// its newspapers or companies.
func statelike(a actor) bool {
	switch a.kind {
	case lexicon.Country, lexicon.Capital, lexicon.Demonym:
		return true
	case lexicon.Person, lexicon.Sector, lexicon.Org:
		return a.ent.Sector == "GOV" || a.ent.Sector == "MIL" || a.ent.Sector == "LEG" || a.ent.Sector == "ELI"
	}
	return false
}

// taggedNames adds the persons and organisations the name tagger finds
// where no dictionary actor stands, with the code and sector of an
// apposition right before them.
func (st *docState) taggedNames(se *sent) {
	var added []actor
	for _, sp := range st.c.names.Tag(se.toks) {
		if sp.Type != ner.PERS && sp.Type != ner.ORG {
			continue
		}
		overlaps := false
		for _, a := range se.actors {
			if a.first <= sp.Last && a.last >= sp.First {
				overlaps = true
				break
			}
		}
		if overlaps {
			continue
		}
		kind, lk := "person", lexicon.Person
		if sp.Type == ner.ORG {
			kind, lk = "org", lexicon.Org
		}
		a := actor{first: sp.First, last: sp.Last, kind: lk, ent: plover.Entity{
			EntityText: st.text[sp.Start:sp.End], Kind: kind, Span: plover.Span{sp.Start, sp.End}, Source: "model",
		}, oblique: st.obliqueOf(se.toks, sp.First, sp.Start)}
		if ap := se.apposition(sp.First); ap != nil {
			a.ent.Code, a.ent.Sector = ap.ent.Code, ap.ent.Sector
			a.ent.Entries = ap.ent.Entries
		}
		a.uncoded = a.ent.Code == ""
		added = append(added, a)
	}
	se.actors = append(se.actors, added...)
	sort.SliceStable(se.actors, func(i, j int) bool { return se.actors[i].first < se.actors[j].first })
}

// apposition returns the titled actor that ends right before token i (or
// before a comma there): وزير الخارجية العراقي [سامر الجبوري]، المتحدث
// باسم حركة حماس [خالد النجار].
func (se *sent) apposition(i int) *actor {
	for k := range se.actors {
		a := &se.actors[k]
		end := a.last + 1
		if end < i && end < len(se.toks) && (se.toks[end].Norm == "،" || se.toks[end].Norm == ",") {
			end++
		}
		if end != i {
			continue
		}
		switch a.kind {
		case lexicon.Sector, lexicon.Org, lexicon.Group:
			if a.ent.Sector != "" || a.ent.Code != "" {
				return a
			}
		}
	}
	return nil
}
