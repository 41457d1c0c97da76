package ui

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeNamesEveryKeyAction: the README's [keys] list is what the
// config accepts.
func TestReadmeNamesEveryKeyAction(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i := strings.Index(readme, "`[keys]` actions:")
	if i < 0 {
		t.Fatal("the README has no [keys] actions list")
	}
	list := readme[i : i+strings.Index(readme[i:], "\n\n")]
	for _, a := range Actions() {
		if !strings.Contains(list, "`"+a+"`") {
			t.Errorf("the README's [keys] list lacks %q", a)
		}
	}
}
