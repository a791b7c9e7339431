package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a buffer written by the server goroutine and read by the
// test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var urlLine = regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)

// startServe runs hadath serve with args until the test ends and returns
// its URL, its stderr and a function that stops it and returns the exit
// status.
func startServe(t *testing.T, args ...string) (string, *lockedBuffer, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr lockedBuffer
	done := make(chan int, 1)
	go func() { done <- serve(ctx, append([]string{"--addr", "127.0.0.1:0"}, args...), &stdout, &stderr) }()
	stop := func() int {
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(20 * time.Second):
			t.Fatal("serve did not stop")
			return -1
		}
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if u := urlLine.FindString(stdout.String()); u != "" {
			t.Cleanup(func() { cancel() })
			return u, &stderr, stop
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d: %s", code, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve printed no URL: %q %q", stdout.String(), stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func postDoc(t *testing.T, url, token string) int {
	t.Helper()
	body := `{"id":"serve-1","date":"2025-05-01","text":"التقى وزير الخارجية التركي نظيره الإيراني في طهران."}`
	req, _ := http.NewRequest("POST", url+"api/documents", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func documents(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url + "api/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st struct{ Documents int }
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	return st.Documents
}

func TestServeRefuses(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		mention string
	}{
		{"insecure writes on every interface", []string{"serve", "--insecure-local", "--addr", "0.0.0.0:0"}, "loopback"},
		{"demo and a data folder", []string{"serve", "--demo", "--data", "x"}, "--data"},
		{"an argument", []string{"serve", "somewhere"}, "unexpected argument"},
		{"a bad address", []string{"serve", "--addr", "8080"}, "--addr"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := runCLI(t, "", tc.args...)
			if code != 2 || !strings.Contains(errs, tc.mention) {
				t.Errorf("exit %d, stderr %q; want 2 mentioning %q", code, errs, tc.mention)
			}
		})
	}
}

func TestServeReadOnlyThenToken(t *testing.T) {
	t.Setenv("HADATH_TOKEN", "")
	data := filepath.Join(t.TempDir(), "store")
	url, stderr, stop := startServe(t, "--data", data)
	if status := postDoc(t, url, ""); status != http.StatusForbidden {
		t.Errorf("POST to a server without a token: %d, want 403", status)
	}
	if !strings.Contains(stderr.String(), "read-only") {
		t.Errorf("stderr does not say read-only: %q", stderr.String())
	}
	if code := stop(); code != 0 {
		t.Errorf("exit %d after the context ended: %s", code, stderr.String())
	}

	const token = "a-long-test-token-1234"
	t.Setenv("HADATH_TOKEN", token)
	url, stderr, stop = startServe(t, "--data", data)
	if status := postDoc(t, url, "wrong"); status != http.StatusUnauthorized {
		t.Errorf("wrong token: %d, want 401", status)
	}
	if status := postDoc(t, url, token); status != http.StatusOK {
		t.Errorf("token from HADATH_TOKEN: %d, want 200; %s", status, stderr.String())
	}
	if n := documents(t, url); n != 1 {
		t.Errorf("%d documents stored, want 1", n)
	}
	stop()

	// The store outlives the server; --insecure-local opens writes on a
	// loopback address.
	t.Setenv("HADATH_TOKEN", "")
	url, _, stop = startServe(t, "--data", data, "--insecure-local")
	if n := documents(t, url); n != 1 {
		t.Errorf("after a restart %d documents, want 1", n)
	}
	if status := postDoc(t, url, ""); status != http.StatusOK {
		t.Errorf("--insecure-local: %d, want 200", status)
	}
	// A Host that is not a loopback name is refused (DNS rebinding).
	req, _ := http.NewRequest("GET", url+"api/stats", nil)
	req.Host = "attacker.example"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("foreign Host: %d, want 421", resp.StatusCode)
	}
	stop()
}

func TestServeDemo(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	url, _, stop := startServe(t, "--demo")
	if n := documents(t, url); n < 13 {
		t.Errorf("demo store holds %d documents, want the examples", n)
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("GET /: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if code := stop(); code != 0 {
		t.Errorf("exit %d", code)
	}
	left, _ := os.ReadDir(tmp)
	if len(left) != 0 {
		t.Errorf("the demo store was not removed: %v", left)
	}
}
