// Command skillpulse runs the Health IT skills pipeline: ingest, extract,
// aggregate and serve, together (`run`) or as separate processes, plus the
// analyst and operator tools (`import`, `tag`, `top`, `migrate`, `broker`,
// `taxonomy`).
//
// This package holds configuration and wiring only; the work happens in the
// packages it imports.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/skillpulse/skillpulse/config"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := NewMain()
	err := m.Run(ctx, os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "skillpulse:", err)
		var ue usageError
		if errors.As(err, &ue) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// Main is the program with its environment made explicit, so end-to-end
// tests drive the real commands in-process with their own streams,
// environment and ports.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Getenv reads configuration from the environment; tests replace it.
	Getenv func(string) string
	// LogLevel is the minimum level logged to Stderr. Default Info.
	LogLevel slog.Level
	// Ready, if set, is called by `run` once every stage is up, with the
	// addresses it recorded in the data directory.
	Ready func(RunInfo)
}

// NewMain returns a Main wired to the process's streams and environment.
func NewMain() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

// command is one subcommand.
type command struct {
	summary string
	run     func(m *Main, ctx context.Context, args []string) error
}

func commands() map[string]command {
	return map[string]command{
		"run":       {"run the whole pipeline in one process (embedded broker and managed ClickHouse by default)", (*Main).runRun},
		"ingest":    {"poll the inbox directory and publish raw postings", (*Main).runIngest},
		"extract":   {"tag raw postings and publish tagged postings", (*Main).runExtract},
		"aggregate": {"write tagged postings to ClickHouse", (*Main).runAggregate},
		"serve":     {"serve the API, /metrics, /healthz and /readyz", (*Main).runServe},
		"import":    {"publish bulk files (JSON lines, CSV, .gz) to postings.raw", (*Main).runImport},
		"tag":       {"tag JSON lines from stdin, one JSON line of mentions per input", (*Main).runTag},
		"top":       {"print the most requested skills", (*Main).runTop},
		"retag":     {"re-tag stored postings with the current taxonomy, without double counting", (*Main).runRetag},
		"migrate":   {"create or upgrade the ClickHouse schema", (*Main).runMigrate},
		"broker":    {"run the embedded Kafka-protocol broker on its own", (*Main).runBroker},
		"taxonomy":  {"validate, summarise or list the skills taxonomy", (*Main).runTaxonomy},
		"report":    {"write a market report (HTML, PDF, Markdown, CSV) for a period", (*Main).runReport},
		"eval":      {"score the tagger against span-labelled job ads (precision, recall, F1)", (*Main).runEval},
		"bench":     {"measure the tagger's MB/s per core, allocations and memory, against ripgrep", (*Main).runBench},
	}
}

// usageError marks errors in how the command was called (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// Run runs the subcommand named by args[0].
func (m *Main) Run(ctx context.Context, args []string) error {
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		m.usage(cmds)
		if len(args) == 0 {
			return usageError{"no command given"}
		}
		return nil
	}
	c, ok := cmds[args[0]]
	if !ok {
		m.usage(cmds)
		return usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
	return c.run(m, ctx, args[1:])
}

func (m *Main) usage(cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("skillpulse: which skills Health IT employers ask for, from job postings to ClickHouse.\n\nUsage: skillpulse COMMAND [flags]\n\nCommands:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  %-10s %s\n", n, cmds[n].summary)
	}
	b.WriteString("\nRun 'skillpulse COMMAND --help' for a command's flags.\n")
	io.WriteString(m.Stderr, b.String())
}

// flagSet returns a FlagSet that reports errors instead of exiting, with a
// usage line naming the command.
func (m *Main) flagSet(name, args, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "Usage: skillpulse %s %s\n\n%s\n\nFlags:\n", name, args, about)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags, turning a parse failure into a usageError.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

// parseConfig parses a command's flags and resolves its configuration
// (flags, then environment, then the YAML file): every command's first step.
func (m *Main) parseConfig(fs *flag.FlagSet, cf *config.Flags, args []string) (config.Config, error) {
	if err := parse(fs, args); err != nil {
		return config.Config{}, err
	}
	return cf.Load(m.Getenv)
}

func (m *Main) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: m.LogLevel}))
}
