package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"runtime"
	"sync"
	"time"
	"unicode/utf8"

	"hadath/coder"
	"hadath/ingest"
	"hadath/store"
)

var documentParams = []string{"q", "source", "from", "to", "limit", "cursor", "sort"}

// documentPage is the JSON of GET /api/documents; Next is "" on the last
// page.
type documentPage struct {
	Documents []store.Document `json:"documents"`
	Next      string           `json:"next"`
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

// getDocuments answers GET /api/documents.
func (s *Server) getDocuments(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := checkParams(q, documentParams); err != nil {
		s.fail(w, r, err)
		return
	}
	var f store.DocFilter
	var err error
	f.Sources = list(q, "source")
	f.Q = query(q)
	if f.From, f.To, err = dateRange(q); err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := parsePage(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := s.cfg.Store.Documents(r.Context(), f, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if page.Documents == nil {
		page.Documents = []store.Document{}
	}
	writeJSON(w, http.StatusOK, documentPage{Documents: page.Documents, Next: page.Next})
}

// getDocument answers GET /api/documents/{id}.
func (s *Server) getDocument(w http.ResponseWriter, r *http.Request) {
	if err := checkParams(r.URL.Query()); err != nil {
		s.fail(w, r, err)
		return
	}
	id := r.PathValue("id")
	v, err := s.cfg.Store.Document(r.Context(), id)
	if err != nil {
		if isNotFound(err) {
			writeError(w, http.StatusNotFound, "no document %q", id)
			return
		}
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// problem is a posted line that could not be used, or was used with a
// loss (a bad date).
type problem struct {
	Line  int    `json:"line"`
	Error string `json:"error"`
}

// ingestResult is what happened to one posted document.
type ingestResult struct {
	ID      string `json:"id"`
	StoreID string `json:"store_id"`
	Outcome string `json:"outcome"`
	Events  int    `json:"events"`
}

// ingestResponse is the JSON answer of POST /api/documents.
type ingestResponse struct {
	Results  []ingestResult `json:"results"`
	Problems []problem      `json:"problems"`
}

// maxIDLen bounds a document id.
const maxIDLen = 512

// ingestBatch is the number of documents coded and stored per transaction.
const ingestBatch = 100

// postDocuments answers POST /api/documents: it reads one JSON document
// (application/json) or one per line (application/x-ndjson), codes them,
// stores them in batches and publishes their new events to the stream.
func (s *Server) postDocuments(w http.ResponseWriter, r *http.Request) {
	if err := checkParams(r.URL.Query()); err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.authorize(w, r) {
		return
	}
	if s.cfg.Coder == nil {
		writeError(w, http.StatusServiceUnavailable, "this server has no coder: it cannot ingest")
		return
	}
	// The whole body is read before anything is stored, so that a body
	// over the limit is a 413 with nothing written.
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, "body larger than %d bytes: post fewer documents per request", tooBig.Limit)
			return
		}
		writeError(w, http.StatusBadRequest, "reading the body: %v", err)
		return
	}
	// Coding and storing a large body may outlast the server's
	// WriteTimeout, after which the answer could not be written: each
	// batch gets a write deadline of its own instead.
	rc := http.NewResponseController(w)
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	docs, problems := parseBody(body, ndjsonType(mt))
	if len(docs) == 0 {
		msg := "no valid document in the body"
		if len(bytes.TrimSpace(body)) == 0 {
			msg = "empty body: post one JSON document or JSON Lines"
		}
		writeJSON(w, http.StatusBadRequest, errorBody{Error: msg, Problems: problems})
		return
	}
	resp := ingestResponse{Results: make([]ingestResult, 0, len(docs)), Problems: problems}
	// The next batch is coded while this one is stored.
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	type codedBatch struct {
		start int
		coded []store.Coded
	}
	batches := make(chan codedBatch, 1)
	go func() {
		defer close(batches)
		for start := 0; start < len(docs) && ctx.Err() == nil; start += ingestBatch {
			coded := codeAll(ctx, s.cfg.Coder, docs[start:min(start+ingestBatch, len(docs))])
			select {
			case batches <- codedBatch{start, coded}:
			case <-ctx.Done():
			}
		}
	}()
	for b := range batches {
		if ctx.Err() != nil {
			return // the client went away; the batches before are stored
		}
		rc.SetWriteDeadline(time.Now().Add(time.Minute))
		res, err := s.cfg.Store.Ingest(ctx, b.coded)
		if err != nil {
			cancel()
			for range batches {
			}
			if r.Context().Err() != nil {
				return
			}
			s.log.Printf("POST /api/documents: %v", err)
			writeJSON(w, http.StatusInternalServerError, struct {
				Error    string         `json:"error"`
				Results  []ingestResult `json:"results"`
				Problems []problem      `json:"problems,omitempty"`
			}{fmt.Sprintf("storing documents %d to %d failed; the %d before were stored",
				b.start+1, b.start+len(b.coded), b.start), resp.Results, resp.Problems})
			return
		}
		var fresh []published
		for i, x := range res {
			resp.Results = append(resp.Results, ingestResult{ID: x.ID, StoreID: x.StoreID,
				Outcome: x.Outcome.String(), Events: x.Events})
			if x.Outcome == store.Inserted || x.Outcome == store.Replaced {
				fresh = append(fresh, publishedOf(&b.coded[i])...)
			}
		}
		s.hub.publish(fresh)
	}
	if ctx.Err() != nil {
		return
	}
	if resp.Problems == nil {
		resp.Problems = []problem{}
	}
	writeJSON(w, http.StatusOK, resp)
}

// parseBody reads the documents of a posted body: one per line when
// ndjson, else one JSON document (possibly over several lines) or, when the
// body is not a single JSON value, one per line all the same.
func parseBody(body []byte, ndjson bool) ([]coder.Document, []problem) {
	trimmed := bytes.TrimSpace(body)
	if !ndjson && json.Valid(trimmed) {
		if len(trimmed) > 0 && trimmed[0] == '[' {
			return nil, []problem{{Line: 1, Error: "a JSON array: post one document as a JSON object, or many as JSON Lines (application/x-ndjson)"}}
		}
		d, p := parseDoc(trimmed, 1)
		if p != nil {
			return nil, []problem{*p}
		}
		return []coder.Document{d}, nil
	}
	var docs []coder.Document
	var problems []problem
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, len(body)+1)
	line := 0
	for sc.Scan() {
		line++
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		d, p := parseDoc(raw, line)
		if p != nil {
			problems = append(problems, *p)
			if d.ID == "" {
				continue
			}
		}
		docs = append(docs, d)
	}
	return docs, problems
}

// parseDoc reads one posted document. A problem with an empty document
// means the line is skipped; a bad date is reported and the document kept
// without a date, as hadath code does.
func parseDoc(raw []byte, line int) (coder.Document, *problem) {
	if !utf8.Valid(raw) {
		return coder.Document{}, &problem{line, "not UTF-8"}
	}
	d, dateErr, err := ingest.DecodeDocument(raw)
	switch {
	case err != nil:
		return coder.Document{}, &problem{line, err.Error()}
	case d.ID == "":
		return coder.Document{}, &problem{line, `no "id": every document needs one (a string), so that posting it again is recognised`}
	case len(d.ID) > maxIDLen:
		return coder.Document{}, &problem{line, fmt.Sprintf(`"id" longer than %d bytes`, maxIDLen)}
	case dateErr != nil:
		return d, &problem{line, dateErr.Error() + "; stored without a date"}
	}
	return d, nil
}

// codeAll codes docs on all cores, in order.
func codeAll(ctx context.Context, c *coder.Coder, docs []coder.Document) []store.Coded {
	out := make([]store.Coded, len(docs))
	workers := min(runtime.GOMAXPROCS(0), len(docs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = store.Code(c, docs[i])
			}
		}()
	}
	for i := range docs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}
