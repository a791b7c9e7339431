// Package server is hadath's HTTP interface: a JSON API under /api/ over a
// store.Store (events with filters, cursors and CSV/JSON Lines export,
// documents, actors, networks, timelines, ingest of new documents, a
// server-sent event stream of newly coded events, and the OpenAPI document
// describing all of it) and the web UI of package hadath/server/ui at every
// other path.
//
// Reads are open. Writes (POST /api/documents) need the bearer token of
// Config.Token; without a token they are refused unless Config.Insecure is
// set, which is meant for a server on the loopback interface only.
package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"hadath/coder"
	"hadath/lexicon"
	"hadath/server/ui"
	"hadath/store"
)

// DefaultMaxBody is the default limit of a request body.
const DefaultMaxBody = 32 << 20

// Config configures a Server.
type Config struct {
	Store store.Store  // required
	Coder *coder.Coder // required for POST /api/documents (codes the posted text)
	// Token is the bearer token of write requests.
	Token string
	// Insecure allows writes without a token when Token is empty
	// (hadath serve --insecure-local).
	Insecure bool
	MaxBody  int64       // request body limit; default DefaultMaxBody
	Logger   *log.Logger // nil discards
}

// Server serves the API and the UI. Create it with New.
type Server struct {
	cfg     Config
	log     *log.Logger
	names   map[string]string // actor code -> English name
	hub     *hub
	routes  []route
	handler http.Handler
	// pingEvery is the interval of keep-alive comments on /api/stream.
	pingEvery time.Duration
	// exportPage is the number of events an export reads at a time.
	exportPage int
	// tokenSum is the SHA-256 of the token, compared in constant time with
	// that of the presented one (hashing first hides the token's length).
	tokenSum [sha256.Size]byte
}

// New returns a server for cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("server: no store")
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	s := &Server{cfg: cfg, log: cfg.Logger, hub: newHub(), pingEvery: 15 * time.Second,
		exportPage: store.MaxLimit}
	if s.log == nil {
		s.log = log.New(io.Discard, "", 0)
	}
	s.tokenSum = sha256.Sum256([]byte(cfg.Token))
	var lex *lexicon.Lexicon
	if cfg.Coder != nil {
		lex = cfg.Coder.Lexicon()
	} else {
		var err error
		if lex, err = lexicon.Default(); err != nil {
			return nil, fmt.Errorf("server: dictionaries: %w", err)
		}
	}
	s.names = codeNames(lex)
	s.routes = s.table()
	s.handler = s.mux()
	return s, nil
}

// Handler returns the handler of the API and the UI.
func (s *Server) Handler() http.Handler { return s.handler }

// WritesEnabled reports whether POST /api/documents can succeed: a token is
// set, or writes are open without one.
func (s *Server) WritesEnabled() bool { return s.cfg.Token != "" || s.cfg.Insecure }

// route is one endpoint: the handler and what the OpenAPI document says
// about it.
type route struct {
	method  string
	pattern string // ServeMux path pattern, e.g. /api/events/{id...}
	handle  http.HandlerFunc
	op      operation
}

// mux registers every route. For each path a method-less pattern answers
// the other methods with a JSON 405 (ServeMux's own is plain text), and
// whatever else is under /api/ is a JSON 404; the rest is the UI.
func (s *Server) mux() http.Handler {
	m := http.NewServeMux()
	allowed := map[string][]string{}
	var paths []string
	for _, rt := range s.routes {
		m.HandleFunc(rt.method+" "+rt.pattern, rt.handle)
		if allowed[rt.pattern] == nil {
			paths = append(paths, rt.pattern)
		}
		allowed[rt.pattern] = append(allowed[rt.pattern], rt.method)
		if rt.method == http.MethodGet {
			allowed[rt.pattern] = append(allowed[rt.pattern], http.MethodHead)
		}
	}
	for _, p := range paths {
		allow := strings.Join(allowed[p], ", ")
		m.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			writeError(w, http.StatusMethodNotAllowed, "method %s not allowed on %s (allowed: %s)", r.Method, r.URL.Path, allow)
		})
	}
	notFound := func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no API endpoint %s (see /api/openapi.json)", r.URL.Path)
	}
	m.HandleFunc("/api/", notFound)
	m.HandleFunc("/api", notFound)
	m.Handle("/", ui.Handler())
	return m
}

// table lists the endpoints.
func (s *Server) table() []route {
	return []route{
		{"GET", "/api/stats", s.getStats, opStats},
		{"GET", "/api/events", s.getEvents, opEvents},
		{"GET", "/api/events/{id...}", s.getEvent, opEvent},
		{"GET", "/api/documents", s.getDocuments, opDocuments},
		{"POST", "/api/documents", s.postDocuments, opPostDocuments},
		{"GET", "/api/documents/{id...}", s.getDocument, opDocument},
		{"GET", "/api/actors", s.getActors, opActors},
		{"GET", "/api/actors/{code}", s.getActor, opActor},
		{"GET", "/api/network", s.getNetwork, opNetwork},
		{"GET", "/api/timeline", s.getTimeline, opTimeline},
		{"GET", "/api/stream", s.getStream, opStream},
		{"GET", "/api/openapi.json", s.getOpenAPI, opOpenAPI},
	}
}

// apiError is an error with the HTTP status it answers.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &apiError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// fail answers err: its own status for an apiError, 400 for a bad cursor or
// query, 404 for store.ErrNotFound, else 500 (logged; the client gets no
// internals).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	switch {
	case errors.As(err, &ae):
		writeError(w, ae.status, "%s", ae.msg)
	case errors.Is(err, store.ErrBadCursor):
		writeError(w, http.StatusBadRequest, "invalid cursor: pass the \"next\" value of the previous page with the same sort")
	case errors.Is(err, store.ErrBadQuery):
		writeError(w, http.StatusBadRequest, "%v", err)
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, "not found")
	case r.Context().Err() != nil:
		// The client went away; nobody reads an answer.
	default:
		s.log.Printf("%s %s: %v", r.Method, r.URL.RequestURI(), err)
		writeError(w, http.StatusInternalServerError, "internal error (see the server log)")
	}
}

// writeJSON writes v as JSON; Arabic and <>& stay as they are.
func writeJSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v) // a write error means the client is gone
}

// errorBody is the JSON of every error.
type errorBody struct {
	Error    string    `json:"error"`
	Problems []problem `json:"problems,omitempty"`
}

func writeError(w http.ResponseWriter, status int, format string, args ...any) {
	writeJSON(w, status, errorBody{Error: fmt.Sprintf(format, args...)})
}

// authorize checks a write request and answers it when it may not proceed:
// 403 when writes are disabled or the request comes from another web site,
// 401 without the right bearer token, 415 unless the body is JSON.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) bool {
	if !s.WritesEnabled() {
		writeError(w, http.StatusForbidden, "writes are disabled: start hadath serve with --token or HADATH_TOKEN (or --insecure-local on a loopback address)")
		return false
	}
	// Browsers send Origin on cross-site POSTs: refuse them, so that a web
	// page cannot write into a local server through the visitor's browser.
	if o := r.Header.Get("Origin"); o != "" && !sameOrigin(o, r.Host) {
		writeError(w, http.StatusForbidden, "cross-origin write from %s refused", o)
		return false
	}
	if s.cfg.Token != "" {
		auth := r.Header.Get("Authorization")
		tok, ok := strings.CutPrefix(auth, "Bearer ")
		sum := sha256.Sum256([]byte(strings.TrimSpace(tok)))
		if !ok || subtle.ConstantTimeCompare(sum[:], s.tokenSum[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="hadath"`)
			msg := "missing bearer token: send Authorization: Bearer TOKEN"
			if auth != "" {
				msg = "wrong bearer token"
			}
			writeError(w, http.StatusUnauthorized, "%s", msg)
			return false
		}
	}
	// Only JSON content types: the ones a web page may send without a CORS
	// preflight (text/plain, forms) are refused.
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if !jsonType(mt) && !ndjsonType(mt) {
		writeError(w, http.StatusUnsupportedMediaType,
			"Content-Type %q: send application/json (one document) or application/x-ndjson (one document per line)", mt)
		return false
	}
	return true
}

func jsonType(mt string) bool { return mt == "application/json" }

func ndjsonType(mt string) bool {
	switch mt {
	case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines",
		"application/jsonlines":
		return true
	}
	return false
}

// sameOrigin reports whether the Origin header names the host the request
// was sent to.
func sameOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	return err == nil && u.Host != "" && strings.EqualFold(u.Host, host)
}

// getStats answers GET /api/stats.
func (s *Server) getStats(w http.ResponseWriter, r *http.Request) {
	if err := checkParams(r.URL.Query()); err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.cfg.Store.Stats(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
