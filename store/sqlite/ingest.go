package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"hadath/coder"
	"hadath/plover"
	"hadath/store"
)

// Ingest implements store.Store.
func (s *Store) Ingest(ctx context.Context, batch []store.Coded) ([]store.IngestResult, error) {
	if len(batch) == 0 {
		return nil, nil
	}
	for i := range batch {
		d := &batch[i]
		if d.Doc.ID == "" {
			return nil, fmt.Errorf("store: ingest: document %d of the batch has no id", i)
		}
		if d.Result.DocID != "" && d.Result.DocID != d.Doc.ID {
			return nil, fmt.Errorf("store: ingest %s: result is for document %q", d.Doc.ID, d.Result.DocID)
		}
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: ingest: %w", err)
	}
	defer tx.Rollback()
	wr, err := newWriter(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("store: ingest: %w", err)
	}
	defer wr.close()
	out := make([]store.IngestResult, 0, len(batch))
	for i := range batch {
		r, err := wr.ingest(&batch[i])
		if err != nil {
			return nil, fmt.Errorf("store: ingest %s: %w", batch[i].Doc.ID, err)
		}
		out = append(out, r)
		if s.hook != nil {
			if err := s.hook("ingest", i); err != nil {
				return nil, err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store: ingest: commit: %w", err)
	}
	s.wrote(len(batch))
	return out, nil
}

// writer holds the statements of one write transaction.
type writer struct {
	ctx                      context.Context
	tx                       *sql.Tx
	event, actor, ev, entity *sql.Stmt
	pair                     *sql.Stmt
	delEvents, delEntities   *sql.Stmt
	stamp                    string
}

func newWriter(ctx context.Context, tx *sql.Tx) (*writer, error) {
	w := &writer{ctx: ctx, tx: tx, stamp: now()}
	var err error
	prep := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var st *sql.Stmt
		st, err = tx.PrepareContext(ctx, q)
		return st
	}
	w.event = prep(`INSERT INTO events(doc, id, date, type, types, mode, context, event_text, loc, quad, scale,
		sentence, sentence_text, coder_name, coder_version, dict_version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	w.actor = prep(`INSERT INTO event_entities(event, role, ord, code, sector, entity_text, identifier_text,
		kind, span_start, span_end, source, entries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	w.ev = prep(`INSERT INTO evidence(event, ord, sentence, trigger_start, trigger_end, actor_spans,
		recipient_spans, entry, rules) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	w.entity = prep(`INSERT INTO entities(doc, ord, code, sector, entity_text, identifier_text, kind,
		span_start, span_end, source, entries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	w.pair = prep(`INSERT INTO event_pairs(actor, recipient, event, scale) VALUES (?, ?, ?, ?)`)
	w.delEvents = prep("DELETE FROM events WHERE doc = ?")
	w.delEntities = prep("DELETE FROM entities WHERE doc = ?")
	if err != nil {
		w.close()
		return nil, err
	}
	return w, nil
}

func (w *writer) close() {
	for _, st := range []*sql.Stmt{w.event, w.actor, w.ev, w.entity, w.pair, w.delEvents, w.delEntities} {
		if st != nil {
			st.Close()
		}
	}
}

// versions returns the coder and dictionary versions of a coded document.
func versions(d *store.Coded) (coderName, coderVersion, dict string) {
	coderName, coderVersion, dict = d.Coder.Name, d.Coder.Version, d.Dictionary
	if len(d.Result.Events) > 0 {
		e := d.Result.Events[0]
		if coderName == "" {
			coderName = e.Coder.Name
		}
		if coderVersion == "" {
			coderVersion = e.Coder.Version
		}
		if dict == "" {
			dict = e.DictionaryVersion
		}
	}
	return coderName, coderVersion, dict
}

type storedDoc struct {
	pk                                int64
	text, hash, date, title, src, url string
	coderVersion, dictVersion         string
}

func (w *writer) ingest(d *store.Coded) (store.IngestResult, error) {
	res := store.IngestResult{ID: d.Doc.ID, StoreID: d.Doc.ID, Events: len(d.Result.Events)}
	hash := store.Hash(d.Doc.Text)
	_, cv, dv := versions(d)
	var old storedDoc
	err := w.tx.QueryRowContext(w.ctx, `SELECT pk, text, hash, date, title, source, url, coder_version, dict_version
		FROM documents WHERE id = ?`, d.Doc.ID).Scan(&old.pk, &old.text, &old.hash, &old.date, &old.title,
		&old.src, &old.url, &old.coderVersion, &old.dictVersion)
	switch {
	case err == nil:
		textChanged := old.text != d.Doc.Text || old.title != d.Doc.Title
		if !textChanged && old.date == day(d.Doc.Date) && old.src == d.Doc.Source && old.url == d.Doc.URL &&
			old.coderVersion == cv && old.dictVersion == dv {
			res.Outcome = store.Unchanged
			err := w.tx.QueryRowContext(w.ctx, "SELECT events FROM documents WHERE pk = ?", old.pk).Scan(&res.Events)
			return res, err
		}
		if _, err := w.tx.ExecContext(w.ctx, `UPDATE documents SET hash = ?, date = ?, title = ?, text = ?,
			source = ?, url = ?, updated_at = ? WHERE pk = ?`, hash, day(d.Doc.Date), d.Doc.Title, d.Doc.Text,
			d.Doc.Source, d.Doc.URL, w.stamp, old.pk); err != nil {
			return res, err
		}
		if old.hash != hash {
			// The aliases were copies of the old text.
			if _, err := w.tx.ExecContext(w.ctx, "DELETE FROM doc_aliases WHERE doc = ?", old.pk); err != nil {
				return res, err
			}
		}
		if textChanged {
			if _, err := w.tx.ExecContext(w.ctx, "DELETE FROM doc_fts WHERE rowid = ?", old.pk); err != nil {
				return res, err
			}
			if err := indexText(w.ctx, w.tx, old.pk, d.Doc.Title, d.Doc.Text); err != nil {
				return res, err
			}
		}
		if err := w.replaceCoding(old.pk, d); err != nil {
			return res, err
		}
		res.Outcome = store.Replaced
		return res, nil
	case !errors.Is(err, sql.ErrNoRows):
		return res, err
	}

	// A new id. Is it an alias already, or a copy of a stored text?
	var aliasOf int64
	var aliasID, aliasHash string
	err = w.tx.QueryRowContext(w.ctx, `SELECT d.pk, d.id, d.hash FROM doc_aliases a JOIN documents d ON d.pk = a.doc
		WHERE a.alias = ?`, d.Doc.ID).Scan(&aliasOf, &aliasID, &aliasHash)
	switch {
	case err == nil && hash != "" && aliasHash == hash:
		res.StoreID, res.Outcome = aliasID, store.Duplicate
		return res, w.countEvents(aliasOf, &res)
	case err == nil:
		// The alias's text changed: it becomes a document of its own.
		if _, err := w.tx.ExecContext(w.ctx, "DELETE FROM doc_aliases WHERE alias = ?", d.Doc.ID); err != nil {
			return res, err
		}
	case !errors.Is(err, sql.ErrNoRows):
		return res, err
	}
	if hash != "" {
		var pk int64
		var id string
		err := w.tx.QueryRowContext(w.ctx, "SELECT pk, id FROM documents WHERE hash = ? ORDER BY pk LIMIT 1",
			hash).Scan(&pk, &id)
		switch {
		case err == nil:
			if _, err := w.tx.ExecContext(w.ctx, `INSERT INTO doc_aliases(alias, doc, date, source, url)
				VALUES (?, ?, ?, ?, ?)`, d.Doc.ID, pk, day(d.Doc.Date), d.Doc.Source, d.Doc.URL); err != nil {
				return res, err
			}
			res.StoreID, res.Outcome = id, store.Duplicate
			return res, w.countEvents(pk, &res)
		case !errors.Is(err, sql.ErrNoRows):
			return res, err
		}
	}
	r, err := w.tx.ExecContext(w.ctx, `INSERT INTO documents(id, hash, date, title, text, source, url,
		ingested_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, d.Doc.ID, hash, day(d.Doc.Date),
		d.Doc.Title, d.Doc.Text, d.Doc.Source, d.Doc.URL, w.stamp, w.stamp)
	if err != nil {
		return res, err
	}
	pk, err := r.LastInsertId()
	if err != nil {
		return res, err
	}
	if err := indexText(w.ctx, w.tx, pk, d.Doc.Title, d.Doc.Text); err != nil {
		return res, err
	}
	if err := w.insertCoding(pk, d); err != nil {
		return res, err
	}
	res.Outcome = store.Inserted
	return res, nil
}

func (w *writer) countEvents(pk int64, res *store.IngestResult) error {
	return w.tx.QueryRowContext(w.ctx, "SELECT events FROM documents WHERE pk = ?", pk).Scan(&res.Events)
}

// replaceCoding deletes the events and entities of a document and writes
// those of d.
func (w *writer) replaceCoding(pk int64, d *store.Coded) error {
	if _, err := w.delEvents.ExecContext(w.ctx, pk); err != nil {
		return err
	}
	if _, err := w.delEntities.ExecContext(w.ctx, pk); err != nil {
		return err
	}
	return w.insertCoding(pk, d)
}

// insertCoding writes the events, entities and quotes of d for the
// document pk and records the versions that coded it.
func (w *writer) insertCoding(pk int64, d *store.Coded) error {
	name, cv, dv := versions(d)
	for i := range d.Result.Events {
		if err := w.insertEvent(pk, &d.Result.Events[i], name, cv, dv); err != nil {
			return err
		}
	}
	for i, e := range d.Result.Entities {
		if _, err := w.entity.ExecContext(w.ctx, pk, i, e.Code, e.Sector, e.EntityText, e.IdentifierText, e.Kind,
			e.Span[0], e.Span[1], e.Source, jsonText(e.Entries, "[]")); err != nil {
			return err
		}
	}
	quotes := d.Result.Quotes
	if quotes == nil {
		quotes = []coder.Quote{}
	}
	_, err := w.tx.ExecContext(w.ctx, `UPDATE documents SET quotes = ?, coder_name = ?, coder_version = ?,
		dict_version = ?, events = ?, rev = rev + 1, updated_at = ? WHERE pk = ?`,
		jsonText(quotes, "[]"), name, cv, dv, len(d.Result.Events), w.stamp, pk)
	return err
}

func (w *writer) insertEvent(doc int64, e *plover.Event, name, cv, dv string) error {
	typ := ""
	if len(e.Event) > 0 {
		typ = string(e.Event[0])
	}
	// The record's own versions win; the batch's fill the gaps.
	if e.Coder.Name != "" {
		name = e.Coder.Name
	}
	if e.Coder.Version != "" {
		cv = e.Coder.Version
	}
	if e.DictionaryVersion != "" {
		dv = e.DictionaryVersion
	}
	var loc any
	if e.EventLoc != nil {
		loc = jsonText(e.EventLoc, "null")
	}
	r, err := w.event.ExecContext(w.ctx, doc, e.ID, e.Date, typ, jsonText(e.Event, "[]"), e.Mode,
		jsonText(e.Context, "[]"), e.EventText, loc, e.QuadCode, e.EventScale, e.Sentence, e.Text, name, cv, dv)
	if err != nil {
		return err
	}
	pk, err := r.LastInsertId()
	if err != nil {
		return err
	}
	for role, ents := range [2][]plover.Entity{e.Actor, e.Recipient} {
		for i, a := range ents {
			if _, err := w.actor.ExecContext(w.ctx, pk, role, i, a.Code, a.Sector, a.EntityText, a.IdentifierText,
				a.Kind, a.Span[0], a.Span[1], a.Source, jsonText(a.Entries, "[]")); err != nil {
				return err
			}
		}
	}
	if err := w.insertPairs(pk, e); err != nil {
		return err
	}
	for i, v := range e.Evidence {
		if _, err := w.ev.ExecContext(w.ctx, pk, i, v.Sentence, v.Trigger[0], v.Trigger[1],
			jsonText(v.Actor, "[]"), jsonText(v.Recipient, "[]"), v.Entry, jsonText(v.Rules, "[]")); err != nil {
			return err
		}
	}
	return nil
}

// insertPairs writes the distinct (actor code, recipient code) pairs of
// the event pk (see schemaV4).
func (w *writer) insertPairs(pk int64, e *plover.Event) error {
	type pair struct{ a, r string }
	var done []pair
	for _, a := range e.Actor {
		for _, r := range e.Recipient {
			p := pair{a.Code, r.Code}
			if p.a == "" || p.r == "" || slices.Contains(done, p) {
				continue
			}
			done = append(done, p)
			if _, err := w.pair.ExecContext(w.ctx, p.a, p.r, pk, e.EventScale); err != nil {
				return err
			}
		}
	}
	return nil
}

// jsonText marshals v, writing empty for a nil slice or map.
func jsonText(v any, empty string) string {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return empty
	}
	return string(b)
}
