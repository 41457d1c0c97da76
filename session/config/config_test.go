package config

import (
	"os"
	"path/filepath"
	"strings"
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
	want := sandbox.Limits{Fuel: 2_000_000_000, Memory: 256 << 20, Timeout: 30 * time.Second, MaxOutput: 65536}
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
