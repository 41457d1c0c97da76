// Package config reads pyplay's config file, $XDG_CONFIG_HOME/pyplay/config.toml
// (else ~/.config/pyplay/config.toml), and says where every effective value
// came from: the defaults, the file, or the environment.
//
//	theme = "dracula"
//
//	[limits]
//	fuel = "400M"          # or 400000000; 0 = unlimited
//	memory = "128MiB"
//	timeout = "10s"
//	max_output = "1MiB"
//	scratch = "16MiB"      # the program's writable in-memory files
//
//	[history]
//	retain = 10000
//
//	[keys]                 # any action of the playground's key map
//	run = ["f5", "ctrl+r"]
//	examples = "ctrl+o"
//
// # Notes
//
//   - A malformed file is an error naming the line, and Load still returns
//     the defaults, so the app starts.
//   - Flags override all of it; they are the caller's business.
package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/pyplay/pyplay/internal/units"
	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session/history"
	"github.com/pyplay/pyplay/themes"
)

// Where a value came from.
const (
	FromDefault = "default"
	FromFile    = "config file"
)

// Config is the effective configuration.
type Config struct {
	Theme  string
	Limits sandbox.Limits
	Retain int
	// PythonPath are host directories of pure-Python packages every run
	// may import from ([python] path).
	PythonPath []string
	// Keys overrides key bindings: action name → keys.
	Keys map[string][]string

	// Path is the file that was read (it may not exist).
	Path string
	// Origins maps each setting ("limits.fuel", "theme", "keys.run", …) to
	// where its value came from.
	Origins map[string]string
}

// Defaults is the configuration without a file or environment.
func Defaults() Config {
	c := Config{Theme: themes.DefaultName, Limits: sandbox.DefaultLimits(), Retain: history.DefaultRetain, Keys: map[string][]string{}, Origins: map[string]string{}}
	for _, k := range []string{"theme", "limits.fuel", "limits.memory", "limits.timeout", "limits.max_output", "limits.scratch", "history.retain"} {
		c.Origins[k] = FromDefault
	}
	return c
}

// DefaultPath is $XDG_CONFIG_HOME/pyplay/config.toml, else
// ~/.config/pyplay/config.toml.
func DefaultPath() (string, error) {
	if dir := os.Getenv("XDG_CONFIG_HOME"); filepath.IsAbs(dir) {
		return filepath.Join(dir, "pyplay", "config.toml"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", errors.New("config: no config directory: set XDG_CONFIG_HOME or HOME")
	}
	return filepath.Join(home, ".config", "pyplay", "config.toml"), nil
}

// file is the TOML as written; values are checked after decoding so that
// "400M" and 400000000 both work and errors name the setting.
type file struct {
	Theme  *string `toml:"theme"`
	Limits struct {
		Fuel      any `toml:"fuel"`
		Memory    any `toml:"memory"`
		Timeout   any `toml:"timeout"`
		MaxOutput any `toml:"max_output"`
		Scratch   any `toml:"scratch"`
	} `toml:"limits"`
	History struct {
		Retain *int `toml:"retain"`
	} `toml:"history"`
	Python struct {
		Path []string `toml:"path"`
	} `toml:"python"`
	Keys map[string]any `toml:"keys"`
}

// Load reads path (a missing file is no error) and then the environment
// ($PYPLAY_THEME, $PYPLAY_HISTORY_RETAIN). A file with any mistake is
// ignored as a whole, but every valid environment setting still applies; the
// error then lists every problem on one line.
func Load(path string, getenv func(string) string) (Config, error) {
	c := Defaults()
	c.Path = path
	var errs problems
	content, err := readBounded(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case errors.Is(err, errNotConfigFile):
		errs = append(errs, err)
	case err != nil:
		errs = append(errs, fmt.Errorf("%w: make it readable or remove it, until then pyplay uses the defaults", err))
	default:
		if err := c.apply(path, string(content)); err != nil {
			// Half a file could be worse than none: a typo in one limit
			// must not leave the others silently in force.
			c = Defaults()
			c.Path = path
			errs = append(errs, err)
		}
	}
	errs = append(errs, c.applyEnv(getenv)...)
	if len(errs) == 0 {
		return c, nil
	}
	return c, errs
}

// KeyActions are the playground's actions a [keys] entry can bind; the ui
// package's key map has exactly these (a test there checks).
var KeyActions = []string{
	"bottom", "cancel", "choose", "copy", "copy_traceback", "dedent", "delete_word", "down", "examples",
	"external_editor", "find", "find_next", "find_prev", "first_line", "follow", "goto_line", "help", "history",
	"indent", "interrupt", "jump", "kill_to_end", "kill_to_start", "last_line", "limits", "line_end", "line_feed",
	"line_start", "next_focus", "page_down", "page_up", "prev_focus", "quit", "redo", "run", "save", "scroll_down",
	"scroll_up", "theme", "top", "undo", "up", "word_left", "word_right",
}

// maxFileSize bounds the config file: a real one is a few hundred bytes, and
// a huge one (thousands of keys, deep nesting) made every command slow or
// crash.
const maxFileSize = 64 << 10

var errNotConfigFile = errors.New("not a config file")

// readBounded reads the config file, refusing what is not a regular file
// (a FIFO would block every command) or is larger than maxFileSize.
func readBounded(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	switch {
	case !info.Mode().IsRegular():
		return nil, fmt.Errorf("%w: %s is not a regular file: replace it with one, until then pyplay uses the defaults", errNotConfigFile, path)
	case info.Size() > maxFileSize:
		return nil, fmt.Errorf("%w: %s is %d bytes, more than the %d KiB a config file may hold: shorten it, until then pyplay uses the defaults", errNotConfigFile, path, info.Size(), maxFileSize>>10)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxFileSize+1))
}

// maxUnknownReported bounds how many unknown settings are listed, each with
// its line: finding a key's line scans the file.
const maxUnknownReported = 5

// problems is every mistake Load found. It reads as one line because main
// prints it after "pyplay: " and the playground shows it in a one-line note;
// errors.Join would put each mistake on a line of its own.
type problems []error

func (p problems) Error() string {
	msgs := make([]string, len(p))
	for i, err := range p {
		msgs[i] = err.Error()
	}
	return "config: " + strings.Join(msgs, "; ")
}

func (p problems) Unwrap() []error { return p }

// mistake is one problem in the file, at a line (0 when unknown).
type mistake struct {
	line int
	msg  string
}

// maxNesting bounds how deep arrays and inline tables nest: the TOML
// decoder's time grows faster than the nesting (60 KB of nested inline
// tables took over a minute), and no setting nests more than twice.
const maxNesting = 32

// nesting is how deep brackets and braces nest in content, strings and
// comments left out.
func nesting(content string) (deepest, line int) {
	depth, quote, comment := 0, byte(0), false
	line = 1
	for i := 0; i < len(content); i++ {
		c := content[i]
		switch {
		case c == '\n':
			line++
			comment = false
		case comment:
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#':
			comment = true
		case c == '[' || c == '{':
			if depth++; depth > deepest {
				deepest = depth
				if deepest > maxNesting {
					return deepest, line
				}
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return deepest, 0
}

func (c *Config) apply(path, content string) error {
	if deepest, line := nesting(content); deepest > maxNesting {
		return fileError(path, []mistake{{line, fmt.Sprintf("arrays or tables nest deeper than %d levels", maxNesting)}})
	}
	var f file
	md, err := toml.Decode(content, &f)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			// Position.Line counts a newline as the next line's; the offset
			// names the line the mistake is on.
			line := perr.Position.Line
			if start := perr.Position.Start; start > 0 && start <= len(content) {
				line = strings.Count(content[:start], "\n") + 1
			}
			return fileError(path, []mistake{{line, perr.Message}})
		}
		return fileError(path, []mistake{{0, err.Error()}})
	}
	// Report every mistake at once, so fixing the file takes one round.
	var found []mistake
	var unknown []toml.Key
	for _, key := range md.Undecoded() {
		// Keys inside an unknown table are part of the same mistake.
		if len(unknown) > 0 && hasPrefix(key, unknown[len(unknown)-1]) {
			continue
		}
		unknown = append(unknown, key)
		if len(unknown) <= maxUnknownReported {
			found = append(found, mistake{keyLine(content, key), fmt.Sprintf("unknown setting %q", key.String())})
		}
	}
	if n := len(unknown) - maxUnknownReported; n > 0 {
		found = append(found, mistake{0, fmt.Sprintf("and %d more unknown settings", n)})
	}
	bad := func(key toml.Key, err error) {
		found = append(found, mistake{keyLine(content, key), fmt.Sprintf("%s: %v", key, err)})
	}
	if f.Theme != nil {
		if _, err := themes.ByName(*f.Theme, true); err != nil {
			bad(toml.Key{"theme"}, err)
		} else {
			c.Theme, c.Origins["theme"] = *f.Theme, FromFile
		}
	}
	if v := f.Limits.Fuel; v != nil {
		var n units.Count
		if err := n.Set(fmt.Sprint(v)); err != nil {
			bad(toml.Key{"limits", "fuel"}, err)
		} else {
			c.Limits.Fuel, c.Origins["limits.fuel"] = uint64(n), FromFile
		}
	}
	for _, s := range []struct {
		key string
		v   any
		dst *int64
	}{{"memory", f.Limits.Memory, &c.Limits.Memory}, {"max_output", f.Limits.MaxOutput, &c.Limits.MaxOutput}, {"scratch", f.Limits.Scratch, &c.Limits.Scratch}} {
		if s.v == nil {
			continue
		}
		if n, err := units.ParseSize(fmt.Sprint(s.v)); err != nil {
			bad(toml.Key{"limits", s.key}, err)
		} else {
			*s.dst, c.Origins["limits."+s.key] = n, FromFile
		}
	}
	if v := f.Limits.Timeout; v != nil {
		if d, err := units.ParseDuration(fmt.Sprint(v)); err != nil {
			bad(toml.Key{"limits", "timeout"}, err)
		} else {
			c.Limits.Timeout, c.Origins["limits.timeout"] = d, FromFile
		}
	}
	if r := f.History.Retain; r != nil {
		if *r <= 0 {
			bad(toml.Key{"history", "retain"}, errors.New("want a positive number of runs"))
		} else {
			c.Retain, c.Origins["history.retain"] = *r, FromFile
		}
	}
	for _, dir := range f.Python.Path {
		if !filepath.IsAbs(dir) {
			bad(toml.Key{"python", "path"}, fmt.Errorf("%q is not an absolute path", dir))
		}
	}
	if f.Python.Path != nil {
		c.PythonPath, c.Origins["python.path"] = f.Python.Path, FromFile
	}
	actions := make([]string, 0, len(f.Keys))
	for action := range f.Keys {
		actions = append(actions, action)
	}
	sort.Strings(actions) // mistakes in a stable order
	for _, action := range actions {
		switch keys, err := keyList(f.Keys[action]); {
		case !slices.Contains(KeyActions, action):
			bad(toml.Key{"keys", action}, fmt.Errorf("unknown action: choose from %s", strings.Join(KeyActions, ", ")))
		case err != nil:
			bad(toml.Key{"keys", action}, err)
		default:
			c.Keys[action], c.Origins["keys."+action] = keys, FromFile
		}
	}
	if len(found) == 0 {
		return nil
	}
	return fileError(path, found)
}

// fileError puts the file's mistakes in the order they appear in it.
func fileError(path string, found []mistake) error {
	// Mistakes without a line ("and 3 more …") come after the others.
	sort.SliceStable(found, func(i, j int) bool {
		return found[i].line != 0 && (found[j].line == 0 || found[i].line < found[j].line)
	})
	msgs := make([]string, len(found))
	for i, m := range found {
		msgs[i] = m.msg
		if m.line > 0 {
			msgs[i] = fmt.Sprintf("line %d: %s", m.line, m.msg)
		}
	}
	return fmt.Errorf("%s: %s; fix the file, until then pyplay uses the defaults", path, strings.Join(msgs, "; "))
}

func (c *Config) applyEnv(getenv func(string) string) []error {
	var errs []error
	if v := getenv("PYPLAY_THEME"); v != "" {
		if _, err := themes.ByName(v, true); err != nil {
			errs = append(errs, fmt.Errorf("PYPLAY_THEME: %w", err))
		} else {
			c.Theme, c.Origins["theme"] = v, "PYPLAY_THEME"
		}
	}
	if v := getenv("PYPLAY_HISTORY_RETAIN"); v != "" {
		if n, err := strconv.Atoi(v); err != nil || n <= 0 {
			errs = append(errs, fmt.Errorf("PYPLAY_HISTORY_RETAIN=%q: want a positive number of runs", v))
		} else {
			c.Retain, c.Origins["history.retain"] = n, "PYPLAY_HISTORY_RETAIN"
		}
	}
	return errs
}

func keyList(v any) ([]string, error) {
	switch v := v.(type) {
	case string:
		return []string{v}, nil
	case []any:
		var keys []string
		for _, k := range v {
			s, ok := k.(string)
			if !ok || s == "" {
				return nil, errors.New(`want a key or a list of keys, such as "f5" or ["f5", "ctrl+r"]`)
			}
			keys = append(keys, s)
		}
		if len(keys) > 0 {
			return keys, nil
		}
	}
	return nil, errors.New(`want a key or a list of keys, such as "f5" or ["f5", "ctrl+r"]`)
}

func hasPrefix(key, prefix toml.Key) bool {
	if len(key) < len(prefix) {
		return false
	}
	for i := range prefix {
		if key[i] != prefix[i] {
			return false
		}
	}
	return true
}

// keyLine is the line that sets key, or that opens it as a [table]; 0 when
// it cannot tell. The TOML decoder knows every key's position but keeps it
// private, except in the error a toml.Unmarshaler returns, so this
// decodes the file again with a struct whose only field is key and whose
// value always fails. Asking the real parser gets dotted keys, quoted keys,
// inline tables and multi-line strings right, which matching lines would not.
func keyLine(content string, key toml.Key) int {
	for n := len(key); n > 0; n-- {
		t := reflect.TypeOf(locator{})
		for i := n - 1; i >= 0; i-- {
			// A comma in a struct tag starts its options, so such a key
			// cannot be asked for; its table's line is the next best.
			if strings.Contains(key[i], ",") {
				t = nil
				break
			}
			tag := reflect.StructTag("toml:" + strconv.Quote(key[i]))
			t = reflect.StructOf([]reflect.StructField{{Name: "K", Type: t, Tag: tag}})
		}
		if t == nil {
			continue
		}
		_, err := toml.Decode(content, reflect.New(t).Interface())
		var perr toml.ParseError
		if errors.As(err, &perr) && perr.Message == errLocated.Error() {
			return perr.Position.Line
		}
	}
	return 0
}

// locator fails to decode any value, so that the decoder reports where the
// value's key is.
type locator struct{}

var errLocated = errors.New("pyplay: located")

func (locator) UnmarshalTOML(any) error { return errLocated }

// Settings lists the effective values, one row each: setting, value, origin.
func (c Config) Settings() [][3]string {
	rows := [][3]string{
		{"theme", c.Theme, c.Origins["theme"]},
		{"limits.fuel", orZero(c.Limits.Fuel == 0, units.FormatCount(c.Limits.Fuel), unlimited), c.Origins["limits.fuel"]},
		{"limits.memory", orZero(c.Limits.Memory == 0, units.FormatSize(c.Limits.Memory), "0 (wasm32's 4 GiB)"), c.Origins["limits.memory"]},
		{"limits.timeout", orZero(c.Limits.Timeout == 0, c.Limits.Timeout.String(), unlimited), c.Origins["limits.timeout"]},
		{"limits.max_output", orZero(c.Limits.MaxOutput == 0, units.FormatSize(c.Limits.MaxOutput), unlimited), c.Origins["limits.max_output"]},
		{"limits.scratch", orZero(c.Limits.Scratch == 0, units.FormatSize(c.Limits.Scratch), "0 (4 GiB)"), c.Origins["limits.scratch"]},
		{"history.retain", strconv.Itoa(c.Retain), c.Origins["history.retain"]},
		{"python.path", orZero(len(c.PythonPath) == 0, strings.Join(c.PythonPath, ":"), "(none)"), orZero(c.Origins["python.path"] == "", c.Origins["python.path"], FromDefault)},
	}
	actions := make([]string, 0, len(c.Keys))
	for a := range c.Keys {
		actions = append(actions, a)
	}
	sort.Strings(actions)
	for _, a := range actions {
		rows = append(rows, [3]string{"keys." + a, strings.Join(c.Keys[a], ", "), c.Origins["keys."+a]})
	}
	return rows
}

// A zero limit lifts the limit (see sandbox.Limits); "0 B" or "0s" would
// read as the tightest limit of all.
const unlimited = "0 (unlimited)"

func orZero(zero bool, value, ifZero string) string {
	if zero {
		return ifZero
	}
	return value
}

// themeLine is a top-level theme setting, before any [table].
var themeLine = regexp.MustCompile(`(?m)^\s*theme\s*=.*$`)

// SaveTheme keeps name as the theme in the file at path, editing the theme
// line in place so the rest of the file, comments included, stays as it was.
func SaveTheme(path, name string) error {
	content, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("config: %w", err)
	}
	text := string(content)
	if _, err := toml.Decode(text, &file{}); err != nil {
		return fmt.Errorf("config: %s is malformed: fix it to keep the theme", path)
	}
	line := fmt.Sprintf("theme = %q", name)
	header := strings.Index(text, "\n[")
	if strings.HasPrefix(text, "[") {
		header = 0
	}
	if loc := themeLine.FindStringIndex(text); loc != nil && (header < 0 || loc[0] < header) {
		text = text[:loc[0]] + line + text[loc[1]:]
	} else {
		text = line + "\n" + text
	}
	return writeThrough(path, []byte(text))
}

// writeThrough replaces the file at path with data atomically. A symlinked
// config.toml (dotfiles) stays a link and its target gets the new text, and
// the file keeps its permission bits, since someone chose them; a new file
// gets 0644.
func writeThrough(path string, data []byte) error {
	target, err := resolve(path)
	if err != nil {
		return err
	}
	perm := os.FileMode(0o644)
	if fi, err := os.Stat(target); err == nil {
		perm = fi.Mode().Perm()
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("config: %w", err)
	}
	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("config: %w: create the directory to keep the theme", err)
	}
	// The temporary file sits beside the target so the rename stays within
	// one file system and is atomic.
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return fmt.Errorf("config: %w: make %s writable to keep the theme", err, dir)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(perm)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), target)
	}
	if err != nil {
		return fmt.Errorf("config: save %s: %w", target, err)
	}
	return nil
}

// resolve follows path's symlinks to the file to write. It does not use
// filepath.EvalSymlinks, which fails on a link whose target does not exist
// yet; such a link should get its target created, not be replaced.
func resolve(path string) (string, error) {
	for range 40 { // as many links as Linux follows
		fi, err := os.Lstat(path)
		if errors.Is(err, os.ErrNotExist) || err == nil && fi.Mode()&os.ModeSymlink == 0 {
			return path, nil
		}
		if err != nil {
			return "", fmt.Errorf("config: %w", err)
		}
		link, err := os.Readlink(path)
		if err != nil {
			return "", fmt.Errorf("config: %w", err)
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(path), link)
		}
		path = link
	}
	return "", fmt.Errorf("config: %s: too many levels of symbolic links: fix the link to keep the theme", path)
}
