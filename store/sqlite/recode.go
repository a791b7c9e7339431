package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"hadath/coder"
	"hadath/store"
)

// DefaultRecodeBatch is the number of documents recoded per transaction.
const DefaultRecodeBatch = 200

// Recode implements store.Store. Documents are visited in storage order
// (documents.pk); the job's row in recode_jobs records the last one recoded
// in the same transaction as its events, which is what lets a later call
// resume. A job row whose versions differ from the coder's, or that is
// finished, starts a new run from the first document.
func (s *Store) Recode(ctx context.Context, c *coder.Coder, opt store.RecodeOptions) (store.RecodeProgress, error) {
	if opt.Job == "" {
		opt.Job = "recode"
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = DefaultRecodeBatch
	}
	p := store.RecodeProgress{Job: opt.Job, CoderVersion: c.Version(), DictVersion: c.Lexicon().Version}
	all := 0
	if opt.All {
		all = 1
	}

	var cv, dv, finished string
	var jobAll int
	var last int64
	var done int
	err := s.w.QueryRowContext(ctx, `SELECT coder_version, dict_version, all_docs, last_pk, done, finished_at
		FROM recode_jobs WHERE job = ?`, opt.Job).Scan(&cv, &dv, &jobAll, &last, &done, &finished)
	switch {
	case err == nil && cv == p.CoderVersion && dv == p.DictVersion && jobAll == all && finished == "":
		p.Resumed, p.LastKey, p.Done = true, last, done
	case err == nil || errors.Is(err, sql.ErrNoRows):
		// A new run.
	default:
		return p, fmt.Errorf("store: recode: %w", err)
	}

	// Which documents: after the last one recoded, and unless All only
	// those coded by other versions.
	stale := ""
	args := []any{}
	if !opt.All {
		stale = " AND (coder_version <> ? OR dict_version <> ?)"
		args = append(args, p.CoderVersion, p.DictVersion)
	}
	var left int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM documents WHERE pk > ?"+stale,
		append([]any{p.LastKey}, args...)...).Scan(&left); err != nil {
		return p, fmt.Errorf("store: recode: %w", err)
	}
	p.Total = p.Done + left
	stamp := now()
	if p.Resumed {
		_, err = s.w.ExecContext(ctx, "UPDATE recode_jobs SET total = ?, updated_at = ? WHERE job = ?",
			p.Total, stamp, opt.Job)
	} else {
		_, err = s.w.ExecContext(ctx, `INSERT INTO recode_jobs(job, coder_version, dict_version, all_docs, last_pk,
			done, total, started_at, updated_at, finished_at) VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?, '')
			ON CONFLICT(job) DO UPDATE SET coder_version = excluded.coder_version,
			dict_version = excluded.dict_version, all_docs = excluded.all_docs, last_pk = 0, done = 0,
			total = excluded.total, started_at = excluded.started_at, updated_at = excluded.updated_at,
			finished_at = ''`, opt.Job, p.CoderVersion, p.DictVersion, all, p.Total, stamp, stamp)
	}
	if err != nil {
		return p, fmt.Errorf("store: recode: %w", err)
	}

	batchQuery := "SELECT pk, rev, id, date, title, text, source, url FROM documents WHERE pk > ?" + stale +
		" ORDER BY pk LIMIT ?"
	for {
		if err := ctx.Err(); err != nil {
			return p, err
		}
		docs, err := s.recodeBatch(ctx, batchQuery, append(append([]any{p.LastKey}, args...), opt.BatchSize)...)
		if err != nil {
			return p, err
		}
		if len(docs) == 0 {
			break
		}
		codeAll(c, docs)
		if err := s.commitRecode(ctx, opt.Job, docs, &p); err != nil {
			return p, err
		}
		p.Batches++
		if opt.OnBatch != nil {
			if err := opt.OnBatch(p); err != nil {
				return p, err
			}
		}
	}
	if _, err := s.w.ExecContext(ctx, "UPDATE recode_jobs SET finished_at = ?, updated_at = ? WHERE job = ?",
		now(), now(), opt.Job); err != nil {
		return p, fmt.Errorf("store: recode: %w", err)
	}
	p.Finished = true
	return p, nil
}

// RecodeStatus returns the progress recorded for a recode job, or
// store.ErrNotFound.
func (s *Store) RecodeStatus(ctx context.Context, job string) (store.RecodeProgress, error) {
	p := store.RecodeProgress{Job: job}
	var finished string
	err := s.r.QueryRowContext(ctx, `SELECT coder_version, dict_version, last_pk, done, total, finished_at
		FROM recode_jobs WHERE job = ?`, job).Scan(&p.CoderVersion, &p.DictVersion, &p.LastKey, &p.Done, &p.Total,
		&finished)
	if errors.Is(err, sql.ErrNoRows) {
		return p, store.ErrNotFound
	}
	p.Finished = finished != ""
	return p, err
}

type recodeDoc struct {
	pk, rev int64
	coded   store.Coded
}

func (s *Store) recodeBatch(ctx context.Context, q string, args ...any) ([]recodeDoc, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: recode: %w", err)
	}
	defer rows.Close()
	var docs []recodeDoc
	for rows.Next() {
		var d recodeDoc
		var date string
		doc := &d.coded.Doc
		if err := rows.Scan(&d.pk, &d.rev, &doc.ID, &date, &doc.Title, &doc.Text, &doc.Source, &doc.URL); err != nil {
			return nil, fmt.Errorf("store: recode: %w", err)
		}
		doc.Date = parseDay(date)
		docs = append(docs, d)
	}
	return docs, rows.Err()
}

// codeAll codes the documents on all cores; the coder is safe for
// concurrent use.
func codeAll(c *coder.Coder, docs []recodeDoc) {
	n := runtime.GOMAXPROCS(0)
	if n > len(docs) {
		n = len(docs)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				d := &docs[i].coded
				*d = store.Code(c, d.Doc)
			}
		}()
	}
	for i := range docs {
		next <- i
	}
	close(next)
	wg.Wait()
}

// commitRecode replaces the events of a batch and advances the job in one
// transaction. A document changed since it was read (its rev moved: a
// concurrent ingest) is left to the ingest, which coded it already.
func (s *Store) commitRecode(ctx context.Context, job string, docs []recodeDoc, p *store.RecodeProgress) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: recode: %w", err)
	}
	defer tx.Rollback()
	wr, err := newWriter(ctx, tx)
	if err != nil {
		return fmt.Errorf("store: recode: %w", err)
	}
	defer wr.close()
	for i := range docs {
		d := &docs[i]
		var rev int64
		if err := tx.QueryRowContext(ctx, "SELECT rev FROM documents WHERE pk = ?", d.pk).Scan(&rev); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				continue // deleted meanwhile
			}
			return fmt.Errorf("store: recode %s: %w", d.coded.Doc.ID, err)
		}
		if rev == d.rev {
			if err := wr.replaceCoding(d.pk, &d.coded); err != nil {
				return fmt.Errorf("store: recode %s: %w", d.coded.Doc.ID, err)
			}
		}
		if s.hook != nil {
			if err := s.hook("recode", i); err != nil {
				return err
			}
		}
	}
	last := docs[len(docs)-1].pk
	if _, err := tx.ExecContext(ctx, "UPDATE recode_jobs SET last_pk = ?, done = done + ?, updated_at = ? WHERE job = ?",
		last, len(docs), now(), job); err != nil {
		return fmt.Errorf("store: recode: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: recode: commit: %w", err)
	}
	p.LastKey = last
	p.Done += len(docs)
	s.wrote(len(docs))
	return nil
}
