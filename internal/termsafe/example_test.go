package termsafe_test

import (
	"fmt"
	"os"

	"github.com/pyplay/pyplay/internal/termsafe"
)

func ExampleString() {
	// A guest tries to clear the screen and set the clipboard.
	fmt.Println(termsafe.String("\x1b[2Jhi\x1b]52;c;cm0gLXJm\a"))
	// Output: \x1b[2Jhi\x1b]52;c;cm0gLXJm\a
}

func ExampleWriter() {
	w := termsafe.NewWriter(os.Stdout)
	// "世" arrives split across two writes and still comes out whole.
	w.Write([]byte("ok \xe4\xb8"))
	w.Write([]byte("\x96\r\n"))
	w.Write([]byte("evil\rgood\n"))
	w.Flush()
	// Output:
	// ok 世
	// evil\rgood
}
