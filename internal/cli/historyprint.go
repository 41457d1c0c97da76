package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pyplay/pyplay/internal/termsafe"
	"github.com/pyplay/pyplay/internal/units"
	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/session/history"
)

// streamHistory writes the runs that match f as printHistory's JSON array
// does, reading and writing one run at a time; to a terminal, with what it
// would act on escaped (termsafe.JSON). It returns the first error writing
// w, and apart the history's error.
func streamHistory(w io.Writer, terminal bool, store *history.Store, f history.Filter) (writeErr, err error) {
	n := 0
	write := func(s string) {
		if writeErr == nil {
			_, writeErr = io.WriteString(w, s)
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("  ", "  ") // as an element of printHistory's array
	err = store.Each(context.Background(), f, func(r history.Record) error {
		buf.Reset()
		if err := enc.Encode(session.NewHistoryEntry(r)); err != nil {
			return err
		}
		if n == 0 {
			write("[\n  ")
		} else {
			write(",\n  ")
		}
		n++
		entry := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
		if terminal {
			entry = termsafe.JSON(entry)
		}
		write(string(entry))
		return writeErr
	})
	if n == 0 {
		write("[]\n")
	} else {
		write("\n]\n")
	}
	if errors.Is(err, writeErr) && writeErr != nil {
		err = nil // the writer's failure, returned apart
	}
	return writeErr, err
}

// printHistory writes runs newest first: a table, or a JSON array.
func printHistory(w io.Writer, recs []history.Record, asJSON bool) error {
	if asJSON {
		entries := make([]session.HistoryEntry, 0, len(recs))
		for _, r := range recs {
			entries = append(entries, session.NewHistoryEntry(r))
		}
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(entries)
	}
	if len(recs) == 0 {
		_, err := fmt.Fprintln(w, "no runs recorded yet")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTIME\tSOURCE\tOUTCOME\tFUEL\tWALL\tCODE")
	for _, r := range recs {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.StartedAt.Format("2006-01-02 15:04:05"), sourceColumn(r),
			session.OutcomeMark(r.Result.Outcome)+" "+string(r.Result.Outcome),
			fuelColumn(r.Result), units.FormatElapsed(r.Result.Wall), termsafe.String(truncate(r.FirstLine(), 50)))
	}
	return tw.Flush()
}

// printRecord writes one run in full: figures, code, stdin and outputs.
// Text bound for a terminal is sanitized by the caller's writer.
func printRecord(w io.Writer, r history.Record) error {
	res := r.Result
	fmt.Fprintf(w, "run %d · %s · %s", r.ID, r.StartedAt.Format(time.DateTime), session.OutcomeText(res, r.Limits))
	if r.Source != "" {
		fmt.Fprintf(w, " · from %s", sourceColumn(r))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "fuel %s of %s (start-up %s, shutdown %s) · memory peak %s of %s · %s\n",
		units.FormatCount(res.FuelUsed), limitText(r.Limits.Fuel), units.FormatCount(res.FuelStartup), units.FormatCount(res.FuelShutdown),
		units.FormatSize(res.MemoryPeak), units.FormatSize(res.MemoryLimit), session.FormatWall(res.Wall))
	if r.Deterministic {
		fmt.Fprintln(w, "deterministic")
	}
	section := func(name, body string) {
		fmt.Fprintf(w, "── %s ──\n", name)
		if body != "" {
			fmt.Fprint(w, body)
			if !strings.HasSuffix(body, "\n") {
				fmt.Fprintln(w)
			}
		}
	}
	section("code", r.Code)
	if len(r.Stdin) > 0 {
		section("stdin", string(r.Stdin))
	}
	section("stdout", string(res.Stdout))
	section("stderr", string(res.Stderr))
	return nil
}

// sourceColumn is who asked for r: "cli", "mcp claude-code"; "-" for a
// run recorded before pyplay kept it. The client names itself, so it is
// guest-like text: made safe and kept short.
func sourceColumn(r history.Record) string {
	switch {
	case r.Source == "":
		return "-"
	case r.Client != "":
		return string(r.Source) + " " + termsafe.String(truncate(r.Client, 20))
	}
	return string(r.Source)
}

func fuelColumn(res sandbox.Result) string {
	if !session.Metered(res) {
		return "unmetered"
	}
	return units.FormatCount(res.FuelUsed)
}

func limitText(n uint64) string {
	if n == 0 {
		return "unlimited"
	}
	return units.FormatCount(n)
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
