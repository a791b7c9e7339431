// Package ui holds hadath's web interface: one HTML page with its script and
// style sheet, embedded in the binary. The page is a single-page application
// with hash routes (#/, #/doc/ID, #/actor/CODE, #/network, #/timeline) that
// reads everything from the JSON API under /api/; there is no build step, no
// CDN and no external font, so the interface works offline and behind any
// firewall.
package ui

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed index.html assets
var files embed.FS

// asset is one embedded file ready to serve.
type asset struct {
	body        []byte
	contentType string
	etag        string
}

// contentTypes maps the extensions of the embedded files to their media
// types. They are fixed here rather than taken from the system's MIME table,
// which differs between machines (some map .js to text/plain).
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".svg":  "image/svg+xml",
}

// csp allows the page to load only its own script, style sheet and API:
// data from the API is inserted with DOM text APIs, and this policy is the
// second line of defence should that ever slip.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// Handler serves the interface: the embedded files under /assets/ (404 for
// any other /assets/ path), and index.html for "/" and every other path, so
// that a reloaded or shared URL opens the application. Files carry an ETag
// (a hash of their content) and are revalidated on each use, so a new binary
// is picked up at once while unchanged files cost a 304.
func Handler() http.Handler {
	assets, index := load()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		a := index
		if strings.HasPrefix(r.URL.Path, "/assets/") {
			var ok bool
			if a, ok = assets[r.URL.Path]; !ok {
				http.NotFound(w, r)
				return
			}
		}
		h := w.Header()
		h.Set("Content-Type", a.contentType)
		h.Set("ETag", a.etag)
		h.Set("Cache-Control", "no-cache")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if a == index {
			h.Set("Content-Security-Policy", csp)
		}
		// ServeContent answers If-None-Match with 304 and handles HEAD and
		// ranges; the zero time leaves Last-Modified out.
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
	})
}

// load reads the embedded files once. A missing file is a build defect
// caught by the package's tests, so it yields an empty asset, not a panic.
func load() (map[string]*asset, *asset) {
	assets := make(map[string]*asset)
	index := &asset{contentType: contentTypes[".html"]}
	_ = fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		body, err := files.ReadFile(name)
		if err != nil {
			return nil
		}
		sum := sha256.Sum256(body)
		a := &asset{
			body:        body,
			contentType: contentTypes[path.Ext(name)],
			etag:        `"` + hex.EncodeToString(sum[:8]) + `"`,
		}
		if a.contentType == "" {
			a.contentType = "application/octet-stream"
		}
		if name == "index.html" {
			index = a
		} else {
			assets["/"+name] = a
		}
		return nil
	})
	return assets, index
}
