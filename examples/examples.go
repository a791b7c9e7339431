// Package examples holds hadath's sample articles: the canonical
// china-azerbaijan.jsonl and demo.jsonl, short Arabic news articles written
// by the hadath team that exercise most PLOVER event types between various
// countries. They are embedded so that "hadath serve --demo" has something
// to show and tests have real Arabic to ingest.
package examples

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"

	"hadath/ingest"
)

//go:embed *.jsonl
var files embed.FS

// Files lists the embedded sample files, in lexical order.
func Files() []string {
	names, _ := fs.Glob(files, "*.jsonl") // the pattern is valid
	sort.Strings(names)
	return names
}

// Read returns the documents of one embedded file (a name from Files).
func Read(name string) ([]ingest.Doc, error) {
	f, err := files.Open(name)
	if err != nil {
		return nil, fmt.Errorf("examples: %w", err)
	}
	defer f.Close()
	var docs []ingest.Doc
	var problems []error
	err = ingest.JSONL(path.Join("examples", name), f, func(d ingest.Doc) error {
		docs = append(docs, d)
		return nil
	}, func(p *ingest.Problem) { problems = append(problems, p) })
	if err == nil {
		err = errors.Join(problems...)
	}
	if err != nil {
		return nil, fmt.Errorf("examples: %w", err)
	}
	return docs, nil
}

// Documents returns the documents of every embedded file, file by file in
// lexical order.
func Documents() ([]ingest.Doc, error) {
	var all []ingest.Doc
	for _, name := range Files() {
		docs, err := Read(name)
		if err != nil {
			return nil, err
		}
		all = append(all, docs...)
	}
	return all, nil
}
