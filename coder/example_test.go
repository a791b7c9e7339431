package coder_test

import (
	"fmt"
	"time"

	"hadath/coder"
	"hadath/lexicon"
)

func Example() {
	lex, err := lexicon.Default()
	if err != nil {
		panic(err)
	}
	c := coder.New(lex)
	res := c.Code(coder.Document{
		ID:   "doc-1",
		Date: time.Date(2025, 4, 23, 0, 0, 0, 0, time.UTC),
		Text: "تظاهر آلاف الطلاب أمس في القاهرة احتجاجا على ارتفاع الأسعار.",
	})
	for _, ev := range res.Events {
		fmt.Println(ev.Event[0], ev.Date, ev.Actor[0].Code, ev.Actor[0].Sector, ev.EventLoc.Name)
	}
	// Output:
	// PROTEST 2025-04-22 EGY EDU القاهرة
}
