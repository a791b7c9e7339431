package sqlite_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"hadath/coder"
	"hadath/lexicon"
	"hadath/store"
	"hadath/store/sqlite"
)

// Open a data folder, ingest a coded document twice (the second time is a
// no-op), and search it with a normalised, clitic-free word.
func Example() {
	dir, err := os.MkdirTemp("", "hadath-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	s, err := sqlite.Open(dir) // creates dir/hadath.db
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	lex, err := lexicon.Default()
	if err != nil {
		log.Fatal(err)
	}
	c := coder.New(lex)
	doc := coder.Document{ID: "doc-1", Source: "example",
		Text: "وصل وزير الخارجية المصري لواشنطن في زيارة رسمية يلتقي خلالها نظيره الأمريكي."}
	ctx := context.Background()
	for range 2 {
		res, err := s.Ingest(ctx, []store.Coded{store.Code(c, doc)})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(res[0].Outcome)
	}
	page, err := s.Documents(ctx, store.DocFilter{Q: "واشنطن"}, store.Page{})
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range page.Documents {
		fmt.Println(d.ID, d.Source)
	}
	// Output:
	// inserted
	// unchanged
	// doc-1 example
}
