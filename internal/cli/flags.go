package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/pyplay/pyplay/internal/units"
)

// parseInterspersed lets flags come after FILE too (`pyplay run x.py --json`),
// which Go's flag package alone stops at.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if i := len(args) - len(rest) - 1; i >= 0 && args[i] == "--" {
			return append(positional, rest...), nil // everything after -- is a file
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// dirList is a repeatable flag of directories, made absolute.
type dirList []string

func (d *dirList) String() string { return strings.Join(*d, ":") }
func (d *dirList) Set(dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	*d = append(*d, abs)
	return nil
}

// defaultMaxInput bounds what pyplay reads as code or as the program's
// stdin: `pyplay run /dev/zero` read until Go ran out of memory.
const defaultMaxInput = 64 << 20

// maxMaxInput is the most --max-input may be: SQLite holds less than 2 GiB
// in a value, and a larger stdin was recorded cut at its first NUL while
// the run reported success.
const maxMaxInput = 1 << 30

// errNoSuchFile is readInput's error for a file that is not there.
var errNoSuchFile = errors.New("no such file")

// readInput reads the file name ("-" is stdin), at most limit bytes; hint
// says how to read more.
func readInput(name string, stdin io.Reader, limit int64, hint string) ([]byte, error) {
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", name, errNoSuchFile)
		}
		var pathErr *fs.PathError
		if errors.As(err, &pathErr) { // "x.py: permission denied", not "open x.py: …"
			return nil, fmt.Errorf("%s: %v", name, pathErr.Err)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) { // "x: is a directory", not "x: read x: is a directory"
		err = pathErr.Err
	}
	switch {
	case err != nil:
		return nil, fmt.Errorf("%s: %v", name, err)
	case int64(len(b)) > limit:
		return nil, fmt.Errorf("%s is over %s: %s", name, units.FormatSize(limit), hint)
	}
	return b, nil
}
