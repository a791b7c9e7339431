package ui

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHandler(t *testing.T) {
	tests := []struct {
		name        string
		method      string
		path        string
		status      int
		contentType string
		contains    string // a piece of the body that proves which file came back
	}{
		{"root serves the page", "GET", "/", 200, "text/html; charset=utf-8", `<html lang="ar" dir="rtl">`},
		{"hash-routed deep link serves the page", "GET", "/doc/china-azerbaijan", 200, "text/html; charset=utf-8", `src="/assets/app.js"`},
		{"unknown non-asset path serves the page", "GET", "/network/anything?x=1", 200, "text/html; charset=utf-8", `<main id="view"`},
		{"script", "GET", "/assets/app.js", 200, "text/javascript; charset=utf-8", "new TextEncoder()"},
		{"style sheet", "GET", "/assets/app.css", 200, "text/css; charset=utf-8", ".hl-trigger"},
		{"icon", "GET", "/assets/favicon.svg", 200, "image/svg+xml", "<svg"},
		{"missing asset is 404", "GET", "/assets/missing.js", 404, "text/plain; charset=utf-8", "not found"},
		{"asset directory is 404", "GET", "/assets/", 404, "text/plain; charset=utf-8", "not found"},
		{"path escaping the asset directory is 404", "GET", "/assets/../ui.go", 404, "text/plain; charset=utf-8", "not found"},
		{"HEAD has headers and no body", "HEAD", "/assets/app.css", 200, "text/css; charset=utf-8", ""},
		{"POST is refused", "POST", "/", 405, "text/plain; charset=utf-8", "method not allowed"},
	}
	h := Handler()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, "http://hadath.test/", nil)
			// Set the path directly: NewRequest would clean "/assets/../ui.go".
			req.URL.Path = tc.path
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			body := rec.Body.String()
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d (body %.200q)", rec.Code, tc.status, body)
			}
			if got := rec.Header().Get("Content-Type"); got != tc.contentType {
				t.Errorf("Content-Type %q, want %q", got, tc.contentType)
			}
			if !strings.Contains(body, tc.contains) {
				t.Errorf("body does not contain %q: %.300q", tc.contains, body)
			}
			if tc.method == "HEAD" && body != "" {
				t.Errorf("HEAD returned a body of %d bytes", len(body))
			}
			if tc.status == 200 {
				if rec.Header().Get("ETag") == "" {
					t.Error("no ETag")
				}
				if got := rec.Header().Get("Cache-Control"); got != "no-cache" {
					t.Errorf("Cache-Control %q, want no-cache", got)
				}
				if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
					t.Errorf("X-Content-Type-Options %q, want nosniff", got)
				}
			}
			if tc.status == 405 && rec.Header().Get("Allow") != "GET, HEAD" {
				t.Errorf("Allow %q", rec.Header().Get("Allow"))
			}
		})
	}
}

func TestHandlerRevalidation(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	for _, path := range []string{"/", "/assets/app.js", "/assets/app.css"} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		etag := res.Header.Get("ETag")
		if !strings.HasPrefix(etag, `"`) || len(etag) < 10 {
			t.Fatalf("%s: ETag %q is not a quoted hash", path, etag)
		}

		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("If-None-Match", etag)
		res, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotModified {
			t.Errorf("%s with If-None-Match %s: status %d, want 304", path, etag, res.StatusCode)
		}

		req.Header.Set("If-None-Match", `"stale"`)
		res, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s with a stale ETag: status %d, want 200", path, res.StatusCode)
		}
	}
}

func TestETagsDiffer(t *testing.T) {
	assets, index := load()
	seen := map[string]string{index.etag: "index.html"}
	for name, a := range assets {
		if other, dup := seen[a.etag]; dup {
			t.Errorf("%s and %s share the ETag %s", name, other, a.etag)
		}
		seen[a.etag] = name
	}
	if len(index.body) == 0 {
		t.Error("index.html is not embedded")
	}
	for _, name := range []string{"/assets/app.js", "/assets/app.css"} {
		if a := assets[name]; a == nil || len(a.body) == 0 {
			t.Errorf("%s is not embedded", name)
		}
	}
}

// TestPageUsesNoExternalResources guards the offline promise: the page and
// the style sheet load nothing from another host.
func TestPageUsesNoExternalResources(t *testing.T) {
	assets, index := load()
	for name, body := range map[string][]byte{
		"index.html": index.body,
		"app.css":    assets["/assets/app.css"].body,
		"app.js":     assets["/assets/app.js"].body,
	} {
		// The SVG namespace is a name, not a resource.
		text := strings.ReplaceAll(string(body), "http://www.w3.org/2000/svg", "")
		for _, bad := range []string{"http://", "https://", "url(//", "@import"} {
			if strings.Contains(text, bad) {
				t.Errorf("%s contains %q", name, bad)
			}
		}
	}
}

// TestScriptInsertsNoMarkup guards XSS safety: the script never parses
// strings as HTML.
func TestScriptInsertsNoMarkup(t *testing.T) {
	assets, _ := load()
	js := string(assets["/assets/app.js"].body)
	for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"} {
		if strings.Contains(js, bad) {
			t.Errorf("app.js uses %s", bad)
		}
	}
}
