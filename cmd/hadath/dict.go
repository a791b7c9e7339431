package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"hadath/arabic"
	"hadath/lexicon"
)

func init() {
	register("dict", "check the dictionaries or explain what they match in a text", runDict)
}

// dictFlag collects repeated --dict DIR overlays.
type dictFlag []string

func (d *dictFlag) String() string     { return strings.Join(*d, ",") }
func (d *dictFlag) Set(v string) error { *d = append(*d, v); return nil }

func loadLexicon(dirs []string) (*lexicon.Lexicon, error) {
	if len(dirs) == 0 {
		return lexicon.Default()
	}
	return lexicon.Load(dirs...)
}

func runDict(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: hadath dict check [--dict DIR] | hadath dict explain [--dict DIR] [--date YYYY-MM-DD] [TEXT|-]")
		return 2
	}
	sub := args[0]
	fs := flag.NewFlagSet("dict "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var dicts dictFlag
	fs.Var(&dicts, "dict", "overlay dictionary directory (repeatable)")
	date := fs.String("date", "", "document date YYYY-MM-DD, for people's terms of office (explain)")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	switch sub {
	case "check":
		return dictCheck(dicts, stdout, stderr)
	case "explain":
		var d time.Time
		if *date != "" {
			var err error
			if d, err = time.Parse("2006-01-02", *date); err != nil {
				fmt.Fprintf(stderr, "hadath dict explain: --date: %v\n", err)
				return 2
			}
		}
		var text string
		if fs.NArg() == 0 || fs.NArg() == 1 && fs.Arg(0) == "-" {
			b, err := io.ReadAll(stdin)
			if err != nil {
				fmt.Fprintf(stderr, "hadath dict explain: reading stdin: %v\n", err)
				return 1
			}
			text = string(b)
		} else {
			text = strings.Join(fs.Args(), " ")
		}
		return dictExplain(dicts, text, d, stdout, stderr)
	}
	fmt.Fprintf(stderr, "hadath dict: unknown subcommand %q (check, explain)\n", sub)
	return 2
}

func dictCheck(dicts []string, stdout, stderr io.Writer) int {
	start := time.Now()
	lex, err := lexicon.Load(dicts...)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, w := range lex.Warnings {
		fmt.Fprintf(stderr, "warning: %v\n", w)
	}
	counts := map[string]int{}
	for _, e := range lex.Entries {
		switch e.Layer {
		case lexicon.Actors:
			counts["actor/"+string(e.Kind)]++
		case lexicon.Triggers:
			counts["trigger/"+string(e.Type)]++
		default:
			counts["cue/"+e.Cue]++
		}
	}
	fmt.Fprintf(stdout, "dictionaries OK: %d entries, version %s, loaded in %s\n", len(lex.Entries), lex.Version, time.Since(start).Round(time.Millisecond))
	for _, k := range sortedKeys(counts) {
		fmt.Fprintf(stdout, "  %-24s %6d\n", k, counts[k])
	}
	return 0
}

func dictExplain(dicts []string, text string, d time.Time, stdout, stderr io.Writer) int {
	lex, err := loadLexicon(dicts)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	m := lex.Matcher()
	var scratch lexicon.Scratch
	for _, s := range arabic.Sentences(text) {
		fmt.Fprintf(stdout, "sentence %d [%d:%d] %s\n", s.Index, s.Start, s.End, text[s.Start:s.End])
		var toks []string
		for _, t := range s.Tokens {
			toks = append(toks, t.Text)
		}
		fmt.Fprintf(stdout, "  tokens (%d): %s\n", len(toks), strings.Join(toks, " | "))
		matches := m.Find(text, s.Tokens, &scratch)
		for _, me := range lexicon.Mentions(matches, d) {
			var srcs []string
			for _, e := range me.Entries {
				srcs = append(srcs, e.Source())
			}
			flags := ""
			if me.Glued {
				flags += " glued"
			}
			if me.Former {
				flags += " former"
			}
			fmt.Fprintf(stdout, "  actor   [%d:%d] %q code=%s sector=%s kind=%s id=%q%s  <- %s\n",
				me.Start, me.End, text[me.Start:me.End], orDash(me.Code), orDash(me.Sector), me.Kind, me.Identifier, flags, strings.Join(srcs, " + "))
		}
		for _, mt := range matches {
			if mt.Layer == lexicon.Actors {
				continue
			}
			for i, e := range mt.Entries {
				desc := ""
				if mt.Layer == lexicon.Triggers {
					desc = fmt.Sprintf("type=%s mode=%s pos=%s prep=%s", e.Type, orDash(e.Mode), e.POS, orDash(e.Prep))
				} else {
					desc = "cue=" + e.Cue
				}
				reading := ""
				if mt.Reading != "" {
					reading = " reading=" + mt.Reading
				}
				fmt.Fprintf(stdout, "  %-7s [%d:%d] %q %s form=%q%s  <- %s\n", mt.Layer, mt.Start, mt.End, text[mt.Start:mt.End], desc, mt.Forms[i], reading, e.Source())
			}
		}
	}
	return 0
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
