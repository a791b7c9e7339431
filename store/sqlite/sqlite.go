// Package sqlite is hadath's embedded store: one SQLite database file,
// hadath.db, in a data folder, through the pure-Go driver modernc.org/sqlite
// (no cgo). It implements store.Store.
//
// The database runs in WAL mode: one writer at a time (ingest and recode
// batches, each one transaction) and any number of readers that never wait
// for it. Every write of the store is a single transaction, so a process
// killed at any moment leaves the database as it was after the last
// committed batch. The schema carries its version and is migrated forward
// on Open (see migrations).
//
// Full-text search: SQLite's FTS5 tokenizers do not normalise Arabic, so the
// store indexes its own terms (store.Terms: the normalised words and their
// clitic-free stems) in a contentless FTS5 table with the plain ascii
// tokenizer, and parses queries with store.ParseQuery.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"hadath/store"
)

// FileName is the database file in the data folder.
const FileName = "hadath.db"

// Store is the SQLite store. Use Open to get one.
type Store struct {
	path string
	w    *sql.DB // the single writer connection
	r    *sql.DB // readers
	// hook, when set (tests only), is called inside write transactions
	// after each document: point is "ingest" or "recode", i the document's
	// index in its batch. An error aborts the transaction.
	hook func(point string, i int) error
	// written counts the documents written since the planner statistics
	// were last refreshed (see optimize).
	written atomic.Int64
}

var _ store.Store = (*Store)(nil)

// Open opens the store in the data folder dir, creating the folder and the
// database as needed and applying pending migrations.
func Open(dir string) (*Store, error) {
	return openWith(dir, migrations)
}

func openWith(dir string, steps []migration) (*Store, error) {
	if strings.ContainsAny(dir, "?#") {
		return nil, fmt.Errorf("store: data folder %q: ? and # are not allowed in the path", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	path := filepath.Join(dir, FileName)
	common := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=cache_size(-32000)"
	w, err := sql.Open("sqlite", path+"?"+common+
		"&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// One writer: SQLite serialises writers anyway, and one connection
	// with immediate transactions never meets SQLITE_BUSY on upgrade.
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	w.SetConnMaxLifetime(0)
	s := &Store{path: path, w: w}
	if err := s.migrate(context.Background(), steps); err != nil {
		w.Close()
		return nil, err
	}
	s.optimize()
	r, err := sql.Open("sqlite", path+"?"+common+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	n := runtime.GOMAXPROCS(0)
	if n < 2 {
		n = 2
	}
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	s.r = r
	return s, nil
}

// Path returns the database file.
func (s *Store) Path() string { return s.path }

// Close closes the store, checkpointing the write-ahead log.
func (s *Store) Close() error {
	var errs []error
	if s.r != nil {
		errs = append(errs, s.r.Close())
	}
	s.optimize()
	if _, err := s.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, s.w.Close())
	return errors.Join(errs...)
}

// SchemaVersion returns the version of the database schema.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.w.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_version").Scan(&v)
	return v, err
}

// optimizeEvery is the number of documents written between two refreshes of
// the planner statistics.
const optimizeEvery = 2000

// optimize refreshes the query planner's statistics (sqlite_stat1) where
// tables changed much since they were gathered. Without them SQLite plans
// some filters badly once the store is large (it drove a sector + source
// filter through the wrong index, 20 times slower). SQLite limits the work
// (analysis_limit), so this costs milliseconds.
func (s *Store) optimize() {
	s.written.Store(0)
	s.w.Exec("PRAGMA optimize=0x10002") // an error here costs only speed
}

// wrote records n documents written and refreshes the statistics every
// optimizeEvery documents.
func (s *Store) wrote(n int) {
	if s.written.Add(int64(n)) >= optimizeEvery {
		s.optimize()
	}
}

// now is the time stamp written in rows.
func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// day formats a date as stored: YYYY-MM-DD, "" for the zero time.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func parseDay(s string) time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return t
}
