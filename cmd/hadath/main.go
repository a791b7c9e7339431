// Command hadath codes Arabic news into PLOVER political event records.
//
// Usage:
//
//	hadath code [flags] [FILE|DIR...]   code documents, PLOVER JSONL out
//	hadath ingest [--data DIR] [FILE|DIR...] [--feed URL]
//	                                    code documents and feeds into the store
//	hadath recode [--data DIR] [--all]  recode the store with the current dictionaries
//	hadath serve [--data DIR | --demo]  web interface and JSON API over the store
//	hadath eval --gold FILE.jsonl       score the coder on a gold set
//	hadath dict check [--dict DIR]      validate the dictionaries
//	hadath dict explain [TEXT|-]        show what the dictionaries match
//	hadath ner train|eval|tag           the named-entity tagger
//
// Run "hadath help" for the full list.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// command is one subcommand of the CLI.
type command struct {
	summary string
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

var commands = map[string]command{}

func register(name, summary string, run func([]string, io.Reader, io.Writer, io.Writer) int) {
	commands[name] = command{summary: summary, run: run}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "hadath: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	return c.run(args[1:], stdin, stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "hadath (حدث) codes Arabic news into PLOVER political event records.")
	fmt.Fprintln(w, "\nUsage: hadath COMMAND [flags] [args]\n\nCommands:")
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun \"hadath COMMAND -h\" for the flags of a command.")
}
