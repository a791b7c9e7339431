package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"hadath/coder"
	"hadath/examples"
	"hadath/server"
	"hadath/store"
	"hadath/store/sqlite"
)

func init() {
	register("serve", "serve the web interface and JSON API over a store (--demo: the example articles)", runServe)
}

func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return serve(context.Background(), args, stdout, stderr)
}

// serve runs the server until ctx ends or SIGINT/SIGTERM arrives.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", defaultData, "data folder of the store (created if missing)")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (host:port; :0 picks a free port)")
	token := fs.String("token", "", "bearer token that POST /api/documents must present (default $HADATH_TOKEN; prefer the\n"+
		"environment variable, a flag is visible to other users in ps). Without a token the server is read-only:\n"+
		"writes answer 403")
	insecure := fs.Bool("insecure-local", false, "accept writes without a token; only on a loopback --addr (127.0.0.1, ::1, localhost)")
	demo := fs.Bool("demo", false, "serve a temporary store holding the example articles, removed on exit (instead of --data)")
	maxBody := fs.Int64("max-body", server.DefaultMaxBody, "largest request body in bytes (413 above)")
	var dicts dictFlag
	fs.Var(&dicts, "dict", "overlay dictionary directory for coding posted documents (repeatable)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: hadath serve [--data DIR | --demo] [--addr HOST:PORT] [--token TOKEN | --insecure-local] [--dict DIR]\n\n"+
			"Serves the web interface at / and the JSON API under /api/ (described at /api/openapi.json).\n"+
			"Reads are open; POST /api/documents (code and store documents) needs the bearer token.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "hadath serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	dataSet := false
	fs.Visit(func(f *flag.Flag) { dataSet = dataSet || f.Name == "data" })
	if *demo && dataSet {
		fmt.Fprintln(stderr, "hadath serve: --demo serves a temporary store: leave out --data")
		return 2
	}
	tok := strings.TrimSpace(*token)
	if tok == "" {
		tok = strings.TrimSpace(os.Getenv("HADATH_TOKEN"))
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "hadath serve: --addr %q: %v\n", *addr, err)
		return 2
	}
	local := isLoopback(host)
	open := false
	switch {
	case *insecure && tok != "":
		fmt.Fprintln(stderr, "hadath serve: a token is set: writes need it, --insecure-local has no effect")
	case *insecure && !local:
		fmt.Fprintf(stderr, "hadath serve: --insecure-local opens writes to anyone who can connect: it needs a loopback --addr, not %q; set a token with HADATH_TOKEN instead\n", *addr)
		return 2
	case *insecure:
		open = true
	}
	if tok != "" && len(tok) < 16 {
		fmt.Fprintln(stderr, "hadath serve: warning: the token is short (under 16 characters); a long random one is safer")
	}

	lex, err := loadLexicon(dicts)
	if err != nil {
		fmt.Fprintf(stderr, "hadath serve: dictionaries: %v\n", err)
		return 1
	}
	c := coder.New(lex)
	dir := *data
	if *demo {
		if dir, err = os.MkdirTemp("", "hadath-demo-"); err != nil {
			fmt.Fprintf(stderr, "hadath serve: %v\n", err)
			return 1
		}
		defer os.RemoveAll(dir)
	}
	st, err := sqlite.Open(dir)
	if err != nil {
		fmt.Fprintf(stderr, "hadath serve: %v\n", err)
		return 1
	}
	defer st.Close()
	if *demo {
		if err := loadDemo(ctx, st, c); err != nil {
			fmt.Fprintf(stderr, "hadath serve: demo: %v\n", err)
			return 1
		}
	}
	logger := log.New(stderr, "hadath serve: ", log.LstdFlags)
	srv, err := server.New(server.Config{Store: st, Coder: c, Token: tok, Insecure: open, MaxBody: *maxBody, Logger: logger})
	if err != nil {
		fmt.Fprintf(stderr, "hadath serve: %v\n", err)
		return 1
	}
	handler := srv.Handler()
	if local {
		handler = loopbackHosts(handler)
	}
	hs := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		// Time for bodies of up to --max-body and their answers; the
		// stream, exports and ingest extend their write deadlines as they
		// go.
		ReadTimeout:  2 * time.Minute,
		WriteTimeout: 2 * time.Minute,
		IdleTimeout:  2 * time.Minute,
		ErrorLog:     logger,
	}
	hs.RegisterOnShutdown(srv.CloseStreams)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "hadath serve: %v\n", err)
		return 1
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		ln.Close()
		fmt.Fprintf(stderr, "hadath serve: %v\n", err)
		return 1
	}
	where := dir
	if *demo {
		where = "demo, temporary"
	}
	fmt.Fprintf(stdout, "hadath serve: %s (%d documents, %d events; %s)\n", serverURL(ln.Addr()), stats.Documents, stats.Events, where)
	switch {
	case tok != "":
		fmt.Fprintln(stderr, "hadath serve: writes need the bearer token")
	case open:
		fmt.Fprintln(stderr, "hadath serve: --insecure-local: anyone on this machine can post documents")
	default:
		fmt.Fprintln(stderr, "hadath serve: read-only: POST /api/documents answers 403; set HADATH_TOKEN (or --token) to accept documents")
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		fmt.Fprintf(stderr, "hadath serve: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	fmt.Fprintln(stderr, "hadath serve: shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		hs.Close()
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "hadath serve: %v\n", err)
		return 1
	}
	return 0
}

// loadDemo codes and stores the example articles.
func loadDemo(ctx context.Context, st store.Store, c *coder.Coder) error {
	docs, err := examples.Documents()
	if err != nil {
		return err
	}
	batch := make([]store.Coded, len(docs))
	for i, d := range docs {
		batch[i] = store.Code(c, d.Document)
	}
	_, err = st.Ingest(ctx, batch)
	return err
}

// isLoopback reports whether a listen host is a loopback address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// loopbackHosts refuses requests whose Host is not a loopback name. A
// server on 127.0.0.1 is otherwise open to DNS rebinding: a web page whose
// name is made to resolve to 127.0.0.1 could read it from the visitor's
// browser.
func loopbackHosts(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if hh, _, err := net.SplitHostPort(host); err == nil {
			host = hh
		}
		host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
		if !isLoopback(host) && !strings.HasSuffix(strings.ToLower(host), ".localhost") {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusMisdirectedRequest)
			fmt.Fprintf(w, "{\"error\":%q}\n", "this server listens on a loopback address and answers only to localhost names")
			return
		}
		h.ServeHTTP(w, r)
	})
}

// serverURL is the URL to open for a listening address.
func serverURL(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return "http://" + a.String() + "/"
	}
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, fmt.Sprint(tcp.Port)) + "/"
}
