package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

type openAPIDoc struct {
	OpenAPI string `json:"openapi"`
	Paths   map[string]map[string]struct {
		OperationID string `json:"operationId"`
		Parameters  []struct {
			Name   string         `json:"name"`
			In     string         `json:"in"`
			Schema map[string]any `json:"schema"`
		} `json:"parameters"`
		Responses map[string]any `json:"responses"`
		Security  []any          `json:"security"`
	} `json:"paths"`
	Components struct {
		Schemas map[string]any `json:"schemas"`
	} `json:"components"`
}

func TestOpenAPI(t *testing.T) {
	f := newAPIFixture(t, nil)
	f.ingestSamples()
	var doc openAPIDoc
	f.getJSON("/api/openapi.json", &doc)
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	// Every endpoint of the contract, written out here independently of
	// the route table.
	want := []string{
		"GET /api/stats", "GET /api/events", "GET /api/events/{id}", "GET /api/documents",
		"POST /api/documents", "GET /api/documents/{id}", "GET /api/actors", "GET /api/actors/{code}",
		"GET /api/network", "GET /api/timeline", "GET /api/stream", "GET /api/openapi.json",
	}
	var got []string
	for path, ops := range doc.Paths {
		for method := range ops {
			got = append(got, strings.ToUpper(method)+" "+path)
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("documented %v\nwant %v", got, want)
	}
	var registered []string
	for _, rt := range f.srv.routes {
		registered = append(registered, rt.method+" "+strings.ReplaceAll(rt.pattern, "...}", "}"))
	}
	sort.Strings(registered)
	if !slices.Equal(registered, want) {
		t.Errorf("registered %v\nwant %v", registered, want)
	}

	// Schemas referred to exist.
	var refs []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if r, ok := x["$ref"].(string); ok {
				refs = append(refs, strings.TrimPrefix(r, "#/components/schemas/"))
			}
			for _, y := range x {
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	var raw map[string]any
	_, body := f.do("GET", "/api/openapi.json", "", nil)
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatal(err)
	}
	walk(raw)
	for _, r := range refs {
		if doc.Components.Schemas[r] == nil {
			t.Errorf("$ref to missing schema %s", r)
		}
	}

	// Each documented parameter is accepted (never "unknown parameter"),
	// and the filter endpoints document every filter.
	example := map[string]string{"id": "china-azerbaijan-001", "code": "CHN"}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			if method != "get" {
				if len(op.Security) == 0 {
					t.Errorf("%s %s: a write without security", method, path)
				}
				continue
			}
			var names []string
			for _, p := range op.Parameters {
				if p.In == "query" {
					names = append(names, p.Name)
				}
			}
			if strings.Contains(path, "/api/events") && path != "/api/events/{id}" || path == "/api/network" ||
				path == "/api/timeline" || path == "/api/stream" || path == "/api/actors" {
				for _, fp := range filterParams {
					if !slices.Contains(names, fp) {
						t.Errorf("GET %s does not document %s", path, fp)
					}
				}
			}
			concrete := path
			for k, v := range example {
				if path == "/api/documents/{id}" && k == "id" {
					v = "demo-01"
				}
				concrete = strings.ReplaceAll(concrete, "{"+k+"}", v)
			}
			for _, p := range op.Parameters {
				if p.In != "query" {
					continue
				}
				v := exampleValue(p.Schema)
				status, msg := probe(t, f.ts.URL+concrete+"?"+p.Name+"="+q(v))
				if strings.Contains(msg, "unknown parameter") {
					t.Errorf("GET %s?%s=%s: %d %s", concrete, p.Name, v, status, msg)
				}
			}
			status, msg := probe(t, f.ts.URL+concrete+"?undocumented=1")
			if status != http.StatusBadRequest || !strings.Contains(msg, "unknown parameter") {
				t.Errorf("GET %s?undocumented=1: %d %s, want 400 unknown parameter", concrete, status, msg)
			}
		}
	}
}

// exampleValue returns a valid value of a parameter schema.
func exampleValue(schema map[string]any) string {
	if items, ok := schema["items"].(map[string]any); ok {
		schema = items
	}
	if enum, ok := schema["enum"].([]any); ok {
		return fmt.Sprint(enum[0])
	}
	switch {
	case schema["format"] == "date":
		return "2025-04-01"
	case schema["pattern"] != nil:
		return "USA"
	case schema["type"] == "integer":
		return "1"
	}
	return "x"
}

// probe GETs url and returns the status and the error message, if any. A
// stream is closed as soon as it answers.
func probe(t *testing.T, url string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		return resp.StatusCode, ""
	}
	var e errorBody
	json.NewDecoder(resp.Body).Decode(&e)
	return resp.StatusCode, e.Error
}
