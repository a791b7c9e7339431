package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"hadath/store"
)

// migration is one numbered step of the schema. Steps are applied in order,
// each in its own transaction together with its row in schema_version, so a
// database is always at a whole version. Never edit a released step: add one.
type migration struct {
	version int
	name    string
	apply   func(ctx context.Context, tx *sql.Tx) error
}

// migrations is the schema's history.
var migrations = []migration{
	{1, "documents, events, evidence, entities", execAll(schemaV1...)},
	{2, "full-text index of normalised Arabic", migrateFTS},
	{3, "recode progress", execAll(schemaV3...)},
	{4, "actor-recipient pairs, narrow index of events", execAll(schemaV4...)},
}

// LatestSchemaVersion is the schema version this package writes.
func LatestSchemaVersion() int { return migrations[len(migrations)-1].version }

func execAll(stmts ...string) func(context.Context, *sql.Tx) error {
	return func(ctx context.Context, tx *sql.Tx) error {
		for _, q := range stmts {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				f := strings.Fields(q)
				return fmt.Errorf("%s %s %s: %w", f[0], f[1], f[2], err)
			}
		}
		return nil
	}
}

// schemaV1 holds documents and what was coded from them. Dates are
// YYYY-MM-DD text ("" when unknown, which sorts before every date), time
// stamps RFC 3339 UTC text, lists and small records JSON text. Byte offsets
// (span_*, trigger_*) point into documents.text.
var schemaV1 = []string{
	`CREATE TABLE documents (
		pk            INTEGER PRIMARY KEY,
		id            TEXT NOT NULL UNIQUE,
		hash          TEXT NOT NULL,           -- store.Hash of the text, '' for a blank text
		date          TEXT NOT NULL DEFAULT '',
		title         TEXT NOT NULL DEFAULT '',
		text          TEXT NOT NULL,
		source        TEXT NOT NULL DEFAULT '',
		url           TEXT NOT NULL DEFAULT '',
		quotes        TEXT NOT NULL DEFAULT '[]', -- JSON []coder.Quote
		coder_name    TEXT NOT NULL DEFAULT '',
		coder_version TEXT NOT NULL DEFAULT '',
		dict_version  TEXT NOT NULL DEFAULT '',
		events        INTEGER NOT NULL DEFAULT 0,
		rev           INTEGER NOT NULL DEFAULT 0, -- bumped on every change
		ingested_at   TEXT NOT NULL,
		updated_at    TEXT NOT NULL
	)`,
	`CREATE INDEX documents_hash ON documents(hash)`,
	`CREATE INDEX documents_date ON documents(date)`,
	`CREATE INDEX documents_source ON documents(source, date)`,
	`CREATE INDEX documents_versions ON documents(coder_version, dict_version)`,
	// Other ids under which the same text was ingested.
	`CREATE TABLE doc_aliases (
		alias  TEXT PRIMARY KEY,
		doc    INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
		date   TEXT NOT NULL DEFAULT '',
		source TEXT NOT NULL DEFAULT '',
		url    TEXT NOT NULL DEFAULT ''
	) WITHOUT ROWID`,
	`CREATE INDEX doc_aliases_doc ON doc_aliases(doc)`,
	`CREATE TABLE events (
		pk            INTEGER PRIMARY KEY,
		doc           INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
		id            TEXT NOT NULL,            -- plover.Event.ID
		date          TEXT NOT NULL DEFAULT '',
		type          TEXT NOT NULL,            -- first event type
		types         TEXT NOT NULL,            -- JSON, all event types
		mode          TEXT NOT NULL DEFAULT '',
		context       TEXT NOT NULL DEFAULT '[]',
		event_text    TEXT NOT NULL DEFAULT '',
		loc           TEXT,                     -- JSON plover.Location or NULL
		quad          INTEGER NOT NULL,
		scale         REAL NOT NULL,
		sentence      INTEGER NOT NULL,
		sentence_text TEXT NOT NULL,
		coder_name    TEXT NOT NULL,
		coder_version TEXT NOT NULL,
		dict_version  TEXT NOT NULL
	)`,
	`CREATE INDEX events_doc ON events(doc)`,
	`CREATE INDEX events_id ON events(id)`,
	`CREATE INDEX events_date ON events(date)`,               // pages in date order
	`CREATE INDEX events_series ON events(date, quad, type)`, // timelines without sorting,
	`CREATE INDEX events_type_date ON events(type, date)`,
	// Actors (role 0) and recipients (role 1) of events.
	`CREATE TABLE event_entities (
		event           INTEGER NOT NULL REFERENCES events(pk) ON DELETE CASCADE,
		role            INTEGER NOT NULL,
		ord             INTEGER NOT NULL,
		code            TEXT NOT NULL DEFAULT '',
		sector          TEXT NOT NULL DEFAULT '',
		entity_text     TEXT NOT NULL DEFAULT '',
		identifier_text TEXT NOT NULL DEFAULT '',
		kind            TEXT NOT NULL DEFAULT '',
		span_start      INTEGER NOT NULL,
		span_end        INTEGER NOT NULL,
		source          TEXT NOT NULL DEFAULT '',
		entries         TEXT NOT NULL DEFAULT '[]',
		PRIMARY KEY (event, role, ord)
	) WITHOUT ROWID`,
	`CREATE INDEX event_entities_code ON event_entities(code, role)`,
	`CREATE INDEX event_entities_sector ON event_entities(sector)`,
	`CREATE TABLE evidence (
		event           INTEGER NOT NULL REFERENCES events(pk) ON DELETE CASCADE,
		ord             INTEGER NOT NULL,
		sentence        INTEGER NOT NULL,
		trigger_start   INTEGER NOT NULL,
		trigger_end     INTEGER NOT NULL,
		actor_spans     TEXT NOT NULL DEFAULT '[]', -- JSON [[start,end],...]
		recipient_spans TEXT NOT NULL DEFAULT '[]',
		entry           TEXT NOT NULL DEFAULT '',   -- dictionary file:line
		rules           TEXT NOT NULL DEFAULT '[]',
		PRIMARY KEY (event, ord)
	) WITHOUT ROWID`,
	// Entity mentions of documents.
	`CREATE TABLE entities (
		doc             INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
		ord             INTEGER NOT NULL,
		code            TEXT NOT NULL DEFAULT '',
		sector          TEXT NOT NULL DEFAULT '',
		entity_text     TEXT NOT NULL DEFAULT '',
		identifier_text TEXT NOT NULL DEFAULT '',
		kind            TEXT NOT NULL DEFAULT '',
		span_start      INTEGER NOT NULL,
		span_end        INTEGER NOT NULL,
		source          TEXT NOT NULL DEFAULT '',
		entries         TEXT NOT NULL DEFAULT '[]',
		PRIMARY KEY (doc, ord)
	) WITHOUT ROWID`,
	`CREATE INDEX entities_code ON entities(code, kind)`,
	`CREATE INDEX entities_kind ON entities(kind)`,
}

// migrateFTS creates the full-text index (rowid = documents.pk; words: the
// normalised words in order, for phrases; stems: their clitic-free forms)
// and indexes the documents already stored.
func migrateFTS(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `CREATE VIRTUAL TABLE doc_fts USING fts5(
		words, stems, content='', contentless_delete=1, tokenize='ascii')`); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, "SELECT pk, title, text FROM documents ORDER BY pk")
	if err != nil {
		return err
	}
	type doc struct {
		pk          int64
		title, text string
	}
	var docs []doc
	for rows.Next() {
		var d doc
		if err := rows.Scan(&d.pk, &d.title, &d.text); err != nil {
			rows.Close()
			return err
		}
		docs = append(docs, d)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, d := range docs {
		if err := indexText(ctx, tx, d.pk, d.title, d.text); err != nil {
			return err
		}
	}
	return nil
}

var schemaV3 = []string{
	`CREATE TABLE recode_jobs (
		job           TEXT PRIMARY KEY,
		coder_version TEXT NOT NULL,
		dict_version  TEXT NOT NULL,
		all_docs      INTEGER NOT NULL,  -- 1: every document, 0: stale ones only
		last_pk       INTEGER NOT NULL,  -- documents.pk of the last document recoded
		done          INTEGER NOT NULL,
		total         INTEGER NOT NULL,
		started_at    TEXT NOT NULL,
		updated_at    TEXT NOT NULL,
		finished_at   TEXT NOT NULL DEFAULT ''
	) WITHOUT ROWID`,
}

// schemaV4 speeds up the aggregates of hadath serve. event_pairs keeps, for
// each event, its distinct (actor code, recipient code) pairs with the
// event's score: networks are then a GROUP BY over a narrow index instead
// of a join of the events with their entities twice, which cost 100 ms on
// 45,000 events. The rows are written with the events (see
// writer.insertEvent) and go with them (ON DELETE CASCADE, through
// event_pairs_event).
var schemaV4 = []string{
	`CREATE TABLE event_pairs (
		actor     TEXT NOT NULL,
		recipient TEXT NOT NULL,
		event     INTEGER NOT NULL REFERENCES events(pk) ON DELETE CASCADE,
		scale     REAL NOT NULL,
		PRIMARY KEY (actor, recipient, event)
	) WITHOUT ROWID`,
	`CREATE INDEX event_pairs_event ON event_pairs(event)`,
	// The columns that filters and counts read, by key: looking up the
	// events of an actor or a text query reads this index instead of the
	// wide rows (sentence text, JSON), three times faster.
	`CREATE INDEX events_narrow ON events(pk, date, quad, type, mode, doc, scale)`,
	`INSERT INTO event_pairs(actor, recipient, event, scale)
		SELECT DISTINCT a.code, r.code, a.event, e.scale FROM event_entities a
		JOIN event_entities r ON r.event = a.event AND r.role = 1
		JOIN events e ON e.pk = a.event
		WHERE a.role = 0 AND a.code <> '' AND r.code <> ''`,
}

// migrate applies the steps the database lacks. Each step runs in an
// immediate transaction that first re-reads the version, so two processes
// opening the same fresh folder do not both apply it.
func (s *Store) migrate(ctx context.Context, steps []migration) error {
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return fmt.Errorf("store: schema_version: %w", err)
	}
	latest := 0
	if len(steps) > 0 {
		latest = steps[len(steps)-1].version
	}
	cur, err := s.SchemaVersion(ctx)
	if err != nil {
		return fmt.Errorf("store: schema version: %w", err)
	}
	if cur > latest {
		return fmt.Errorf("store: %s has schema version %d, newer than this hadath knows (%d): upgrade hadath",
			s.path, cur, latest)
	}
	for _, m := range steps {
		if m.version <= cur {
			continue
		}
		if err := s.applyStep(ctx, m); err != nil {
			return fmt.Errorf("store: migration %d (%s): %w", m.version, m.name, err)
		}
	}
	return nil
}

func (s *Store) applyStep(ctx context.Context, m migration) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var cur int
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_version").Scan(&cur); err != nil {
		return err
	}
	if cur >= m.version {
		return nil // applied meanwhile by another process
	}
	if cur != m.version-1 {
		return fmt.Errorf("database at version %d, step expects %d", cur, m.version-1)
	}
	if err := m.apply(ctx, tx); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_version(version, name, applied_at) VALUES (?, ?, ?)",
		m.version, m.name, now()); err != nil {
		return err
	}
	return tx.Commit()
}

// indexText writes the full-text row of a document.
func indexText(ctx context.Context, tx *sql.Tx, pk int64, title, text string) error {
	w1, s1 := store.Terms(title)
	w2, s2 := store.Terms(text)
	words := strings.Join(append(w1, w2...), " ")
	stems := strings.Join(append(s1, s2...), " ")
	_, err := tx.ExecContext(ctx, "INSERT INTO doc_fts(rowid, words, stems) VALUES (?, ?, ?)", pk, words, stems)
	return err
}
