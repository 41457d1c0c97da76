package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pyplay/pyplay/sandbox"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func write(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoad(t *testing.T) {
	path := write(t, `# mine
theme = "dracula"

[limits]
fuel = "2G"
memory = "256MiB"
timeout = "30s"
max_output = 65536
scratch = "8MiB"

[history]
retain = 50

[keys]
run = ["f5", "ctrl+r"]
examples = "ctrl+o"
`)
	c, err := Load(path, env(map[string]string{"PYPLAY_HISTORY_RETAIN": "7"}))
	if err != nil {
		t.Fatal(err)
	}
	want := sandbox.Limits{Fuel: 2_000_000_000, Memory: 256 << 20, Timeout: 30 * time.Second, MaxOutput: 65536, Scratch: 8 << 20}
	if c.Theme != "dracula" || c.Limits != want || c.Retain != 7 || strings.Join(c.Keys["run"], ",") != "f5,ctrl+r" || c.Keys["examples"][0] != "ctrl+o" {
		t.Errorf("config %+v", c)
	}
	if c.Origins["theme"] != FromFile || c.Origins["history.retain"] != "PYPLAY_HISTORY_RETAIN" || c.Origins["limits.fuel"] != FromFile {
		t.Errorf("origins %v", c.Origins)
	}
}

func TestLoadMissingFileGivesDefaults(t *testing.T) {
	c, err := Load(filepath.Join(t.TempDir(), "none.toml"), env(map[string]string{"PYPLAY_THEME": "paper"}))
	if err != nil || c.Limits != sandbox.DefaultLimits() || c.Theme != "paper" || c.Origins["theme"] != "PYPLAY_THEME" || c.Origins["limits.fuel"] != FromDefault {
		t.Errorf("%+v, %v", c, err)
	}
}

func TestMalformedFiles(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{"syntax", "theme = \"dracula\"\n[limits\nfuel = 1\n", "line 2"},
		{"bad fuel", "[limits]\n\nfuel = \"lots\"\n", "line 3: limits.fuel"},
		{"bad memory", "[limits]\nmemory = \"12XB\"\n", "line 2: limits.memory"},
		{"unknown theme", "theme = \"neon\"\n", "line 1: theme: unknown theme \"neon\""},
		{"unknown setting", "[limits]\nfuell = 3\n", `unknown setting "limits.fuell"`},
		{"bad keys", "[keys]\nrun = 5\n", "line 2: keys.run"},
		{"bad retain", "[history]\nretain = -1\n", "line 2: history.retain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := write(t, tt.content)
			c, err := Load(path, env(nil))
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("err %v: want one line containing %q", err, tt.want)
			}
			if c.Limits != sandbox.DefaultLimits() || c.Theme != "default" {
				t.Errorf("a malformed file must leave the defaults: %+v", c)
			}
		})
	}
}

func TestSaveThemeKeepsTheRest(t *testing.T) {
	path := write(t, "# my settings\ntheme = \"paper\" # light\n\n[limits]\nfuel = \"1G\"\n")
	if err := SaveTheme(path, "midnight"); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if string(b) != "# my settings\ntheme = \"midnight\"\n\n[limits]\nfuel = \"1G\"\n" {
		t.Errorf("file after SaveTheme:\n%s", b)
	}
	fresh := filepath.Join(t.TempDir(), "sub", "config.toml")
	if err := SaveTheme(fresh, "dracula"); err != nil {
		t.Fatal(err)
	}
	if c, err := Load(fresh, env(nil)); err != nil || c.Theme != "dracula" {
		t.Errorf("new file: %+v %v", c, err)
	}
	noTheme := write(t, "[limits]\nfuel = 5\n")
	if err := SaveTheme(noTheme, "paper"); err != nil {
		t.Fatal(err)
	}
	if c, err := Load(noTheme, env(nil)); err != nil || c.Theme != "paper" || c.Limits.Fuel != 5 {
		t.Errorf("file without a theme line: %+v %v", c, err)
	}
	broken := write(t, "[limits\n")
	if err := SaveTheme(broken, "paper"); err == nil {
		t.Error("a malformed file was rewritten")
	}
}

func TestUnknownSettingsNameTheirLine(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{"table", "theme = \"paper\"\n\n[bogus]\n", `line 3: unknown setting "bogus"`},
		{"key in unknown table", "[limits]\nfuel = 1\n\n[bogus]\nx = 1\n", `line 4: unknown setting "bogus";`},
		{"nested table", "[limits]\nfuel = 1\n[limits.sub]\nq = 2\n", `line 3: unknown setting "limits.sub";`},
		{"key in a known table", "[limits]\nfuel = 1\n\nfuell = 3\n", `line 4: unknown setting "limits.fuell"`},
		{"deeply nested table", "[limits]\nfuel = 1\n\n[limits.extra.deep]\nx = 1\n", `line 4: unknown setting "limits.extra`},
		{"dotted key", "theme = \"paper\"\nlimits.fuell = 3\n", `line 2: unknown setting "limits.fuell"`},
		{"inline table", "theme = \"paper\"\nbogus = {x = 1, y = 2}\n", `line 2: unknown setting "bogus";`},
		{"array of tables", "[[bogus]]\nx = 1\n", `line 1: unknown setting "bogus";`},
		{"behind a multi-line string", "theme = \"\"\"\nbogus = 1\n\"\"\"\n\nbogus = 2\n", `line 5: unknown setting "bogus"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(write(t, tt.content), env(nil))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err %v: want it to contain %q", err, tt.want)
			}
			// Keys inside an unknown table are the same mistake, not more.
			if n := strings.Count(err.Error(), "unknown setting"); n != 1 {
				t.Errorf("err %v: %d unknown settings, want 1", err, n)
			}
		})
	}
}

func TestLoadReportsEveryProblemOnOneLine(t *testing.T) {
	tests := []struct {
		name, content string
		env           map[string]string
		want          []string
		theme         string
		retain        int
	}{
		{
			name:   "bad theme does not stop retain",
			env:    map[string]string{"PYPLAY_THEME": "bogus", "PYPLAY_HISTORY_RETAIN": "7"},
			want:   []string{`PYPLAY_THEME: unknown theme "bogus"`},
			theme:  "default",
			retain: 7,
		},
		{
			name:   "bad retain does not stop theme",
			env:    map[string]string{"PYPLAY_THEME": "paper", "PYPLAY_HISTORY_RETAIN": "many"},
			want:   []string{`PYPLAY_HISTORY_RETAIN="many"`},
			theme:  "paper",
			retain: 10000,
		},
		{
			name:    "bad file and bad environment",
			content: "[limits]\nfuel = \"lots\"\n",
			env:     map[string]string{"PYPLAY_THEME": "bogus", "PYPLAY_HISTORY_RETAIN": "7"},
			want:    []string{"line 2: limits.fuel", `PYPLAY_THEME: unknown theme "bogus"`},
			theme:   "default",
			retain:  7,
		},
		{
			name:    "every mistake in the file, in file order",
			content: "theme = \"neon\"\n[limits]\nmemory = \"12XB\"\n[bogus]\n[history]\nretain = 0\n",
			env:     map[string]string{"PYPLAY_THEME": "paper"},
			want:    []string{"line 1: theme", "line 3: limits.memory", `line 4: unknown setting "bogus"`, "line 6: history.retain"},
			theme:   "paper",
			retain:  10000,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "config.toml")
			if tt.content != "" {
				path = write(t, tt.content)
			}
			c, err := Load(path, env(tt.env))
			if err == nil || strings.Contains(err.Error(), "\n") || !strings.HasPrefix(err.Error(), "config: ") {
				t.Fatalf("err %q: want one line starting with config:", err)
			}
			last := -1
			for _, w := range tt.want {
				i := strings.Index(err.Error(), w)
				if i <= last {
					t.Errorf("err %q: want %q after the problems before it", err, w)
				}
				last = i
			}
			if c.Theme != tt.theme || c.Retain != tt.retain || c.Limits != sandbox.DefaultLimits() {
				t.Errorf("theme %q, retain %d, limits %+v: want %q, %d and the default limits", c.Theme, c.Retain, c.Limits, tt.theme, tt.retain)
			}
		})
	}
}

func TestSettingsShowZeroLimitsAsUnlimited(t *testing.T) {
	path := write(t, "[limits]\nfuel = 0\nmemory = 0\ntimeout = \"0\"\nmax_output = 0\n")
	c, err := Load(path, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"limits.fuel":       "0 (unlimited)",
		"limits.memory":     "0 (wasm32's 4 GiB)",
		"limits.timeout":    "0 (unlimited)",
		"limits.max_output": "0 (unlimited)",
	}
	for _, row := range c.Settings() {
		if w, ok := want[row[0]]; ok && (row[1] != w || row[2] != FromFile) {
			t.Errorf("%s = %q (%s), want %q (config file)", row[0], row[1], row[2], w)
		}
	}
	// Non-zero limits keep their units.
	for _, row := range Defaults().Settings() {
		if strings.Contains(row[1], "unlimited") || strings.Contains(row[1], "wasm32") {
			t.Errorf("default %s shows %q", row[0], row[1])
		}
	}
}

func TestSaveThemeWritesThroughSymlinks(t *testing.T) {
	tests := []struct {
		name string
		// link is the symlink's text, relative to the config directory;
		// empty for a regular file.
		link     string
		existing bool
		perm     os.FileMode
		wantPerm os.FileMode
	}{
		{name: "relative link", link: "dotfiles/pyplay.toml", existing: true, perm: 0o600, wantPerm: 0o600},
		{name: "absolute link", link: "ABS", existing: true, perm: 0o640, wantPerm: 0o640},
		{name: "link to a file not made yet", link: "dotfiles/pyplay.toml", wantPerm: 0o644},
		{name: "regular file keeps its mode", existing: true, perm: 0o600, wantPerm: 0o600},
		{name: "new file", wantPerm: 0o644},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "config.toml")
			target := path
			if tt.link != "" {
				target = filepath.Join(dir, "dotfiles", "pyplay.toml")
				if err := os.Mkdir(filepath.Dir(target), 0o755); err != nil {
					t.Fatal(err)
				}
				link := tt.link
				if link == "ABS" {
					link = target
				}
				if err := os.Symlink(link, path); err != nil {
					t.Fatal(err)
				}
			}
			if tt.existing {
				if err := os.WriteFile(target, []byte("theme = \"paper\"\n[history]\nretain = 5\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				// Chmod, as WriteFile's mode is filtered by the umask.
				if err := os.Chmod(target, tt.perm); err != nil {
					t.Fatal(err)
				}
			}
			if err := SaveTheme(path, "dracula"); err != nil {
				t.Fatal(err)
			}
			fi, err := os.Lstat(path)
			if err != nil {
				t.Fatal(err)
			}
			if isLink := fi.Mode()&os.ModeSymlink != 0; isLink != (tt.link != "") {
				t.Errorf("config.toml is %v: want a link: %t", fi.Mode(), tt.link != "")
			}
			if fi, err = os.Stat(target); err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != tt.wantPerm {
				t.Errorf("%s has mode %v, want %v", target, fi.Mode().Perm(), tt.wantPerm)
			}
			c, err := Load(path, env(nil))
			if err != nil || c.Theme != "dracula" || tt.existing && c.Retain != 5 {
				t.Errorf("after SaveTheme: theme %q, retain %d, %v", c.Theme, c.Retain, err)
			}
			for _, d := range []string{dir, filepath.Dir(target)} {
				entries, _ := os.ReadDir(d)
				for _, e := range entries {
					if strings.HasSuffix(e.Name(), ".tmp") {
						t.Errorf("left behind %s", filepath.Join(d, e.Name()))
					}
				}
			}
		})
	}
}

// Files that made every command slow, crash or hang are refused on one line.
func TestHostileFiles(t *testing.T) {
	deep := "a = " + strings.Repeat("{a = ", 40) + "1" + strings.Repeat("}", 40) + "\n"
	var many strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&many, "k%d = 1\n", i)
	}
	tests := []struct{ name, content, want string }{
		{"deep nesting", deep, "line 1: arrays or tables nest deeper than 32 levels; fix the file"},
		{"many unknown keys", many.String(), `line 5: unknown setting "k4"; and 2995 more unknown settings; fix the file`},
		{"huge", "# " + strings.Repeat("x", 70<<10) + "\n", "bytes, more than the 64 KiB a config file may hold"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(write(t, tt.content), env(nil))
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("err %v, want one line containing %q", err, tt.want)
			}
			if c.Limits != sandbox.DefaultLimits() {
				t.Errorf("limits %+v: want the defaults", c.Limits)
			}
		})
	}
	t.Run("fifo", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "config.toml")
		if err := syscall.Mkfifo(path, 0o600); err != nil {
			t.Skip("no FIFOs here:", err)
		}
		if _, err := Load(path, env(nil)); err == nil || !strings.Contains(err.Error(), "is not a regular file") {
			t.Errorf("err %v", err)
		}
	})
}

// An unknown [keys] action is a mistake of the file, on one line.
func TestUnknownKeyAction(t *testing.T) {
	c, err := Load(write(t, "[keys]\nrun = \"f9\"\nlaunch = \"f8\"\n"), env(nil))
	want := "line 3: keys.launch: unknown action: choose from " + strings.Join(KeyActions, ", ")
	if err == nil || !strings.Contains(err.Error(), want) || len(c.Keys) != 0 {
		t.Errorf("err %v, keys %v: want %q and the defaults", err, c.Keys, want)
	}
}
