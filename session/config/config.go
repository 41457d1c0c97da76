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
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session/history"
	"github.com/pyplay/pyplay/session/units"
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
	for _, k := range []string{"theme", "limits.fuel", "limits.memory", "limits.timeout", "limits.max_output", "history.retain"} {
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
	} `toml:"limits"`
	History struct {
		Retain *int `toml:"retain"`
	} `toml:"history"`
	Keys map[string]any `toml:"keys"`
}

// Load reads path (a missing file is no error) and then the environment
// ($PYPLAY_THEME, $PYPLAY_HISTORY_RETAIN). On error it returns the defaults
// with the environment applied, and one line saying what is wrong and where.
func Load(path string, getenv func(string) string) (Config, error) {
	c := Defaults()
	c.Path = path
	content, err := os.ReadFile(path)
	var fileErr error
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		fileErr = fmt.Errorf("config: %s: %w", path, err)
	default:
		if fileErr = c.apply(path, string(content)); fileErr != nil {
			c = Defaults()
			c.Path = path
		}
	}
	envErr := c.applyEnv(getenv)
	return c, errors.Join(fileErr, envErr)
}

func (c *Config) apply(path, content string) error {
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
			return fmt.Errorf("config: %s, line %d: %s: fix or remove it; using the defaults", path, line, perr.Message)
		}
		return fmt.Errorf("config: %s: %v: fix or remove it; using the defaults", path, err)
	}
	if extra := md.Undecoded(); len(extra) > 0 {
		key := extra[0].String()
		return fmt.Errorf("config: %s, line %d: unknown setting %q; using the defaults", path, lineOf(content, key), key)
	}
	bad := func(key string, err error) error {
		return fmt.Errorf("config: %s, line %d: %s: %v; using the defaults", path, lineOf(content, key), key, err)
	}
	if f.Theme != nil {
		if _, err := themes.ByName(*f.Theme, true); err != nil {
			return bad("theme", err)
		}
		c.Theme, c.Origins["theme"] = *f.Theme, FromFile
	}
	if v := f.Limits.Fuel; v != nil {
		var n units.Count
		if err := n.Set(fmt.Sprint(v)); err != nil {
			return bad("limits.fuel", err)
		}
		c.Limits.Fuel, c.Origins["limits.fuel"] = uint64(n), FromFile
	}
	for _, s := range []struct {
		key string
		v   any
		dst *int64
	}{{"limits.memory", f.Limits.Memory, &c.Limits.Memory}, {"limits.max_output", f.Limits.MaxOutput, &c.Limits.MaxOutput}} {
		if s.v == nil {
			continue
		}
		n, err := units.ParseSize(fmt.Sprint(s.v))
		if err != nil {
			return bad(s.key, err)
		}
		*s.dst, c.Origins[s.key] = n, FromFile
	}
	if v := f.Limits.Timeout; v != nil {
		d, err := units.ParseDuration(fmt.Sprint(v))
		if err != nil {
			return bad("limits.timeout", err)
		}
		c.Limits.Timeout, c.Origins["limits.timeout"] = d, FromFile
	}
	if r := f.History.Retain; r != nil {
		if *r <= 0 {
			return bad("history.retain", errors.New("want a positive number of runs"))
		}
		c.Retain, c.Origins["history.retain"] = *r, FromFile
	}
	for action, v := range f.Keys {
		keys, err := keyList(v)
		if err != nil {
			return bad("keys."+action, err)
		}
		c.Keys[action], c.Origins["keys."+action] = keys, FromFile
	}
	return nil
}

func (c *Config) applyEnv(getenv func(string) string) error {
	if v := getenv("PYPLAY_THEME"); v != "" {
		if _, err := themes.ByName(v, true); err != nil {
			return fmt.Errorf("config: PYPLAY_THEME: %v", err)
		}
		c.Theme, c.Origins["theme"] = v, "PYPLAY_THEME"
	}
	if v := getenv("PYPLAY_HISTORY_RETAIN"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return fmt.Errorf("config: PYPLAY_HISTORY_RETAIN=%q: want a positive number of runs", v)
		}
		c.Retain, c.Origins["history.retain"] = n, "PYPLAY_HISTORY_RETAIN"
	}
	return nil
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

// lineOf finds the line that sets key ("limits.fuel" looks for "fuel =");
// 0 when it cannot tell.
func lineOf(content, key string) int {
	name := key[strings.LastIndex(key, ".")+1:]
	re := regexp.MustCompile(`^\s*"?` + regexp.QuoteMeta(name) + `"?\s*=`)
	for i, line := range strings.Split(content, "\n") {
		if re.MatchString(line) {
			return i + 1
		}
	}
	return 0
}

// Settings lists the effective values, one row each: setting, value, origin.
func (c Config) Settings() [][3]string {
	rows := [][3]string{
		{"theme", c.Theme, c.Origins["theme"]},
		{"limits.fuel", units.FormatCount(c.Limits.Fuel), c.Origins["limits.fuel"]},
		{"limits.memory", units.FormatSize(c.Limits.Memory), c.Origins["limits.memory"]},
		{"limits.timeout", c.Limits.Timeout.String(), c.Origins["limits.timeout"]},
		{"limits.max_output", units.FormatSize(c.Limits.MaxOutput), c.Origins["limits.max_output"]},
		{"history.retain", strconv.Itoa(c.Retain), c.Origins["history.retain"]},
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
		return fmt.Errorf("config: %s is malformed; not changing it", path)
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
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	return os.Rename(tmp, path)
}
