package sandbox

import (
	"fmt"

	"github.com/tetratelabs/wazero"
)

// guestFS is what a run mounts: the snippet at /snippet/main.py, and a
// sitecustomize.py that marks the end of the snippet. Start-up is everything
// before the snippet is first opened; the snippet's end is when CPython
// runs its atexit handlers, ours being registered first and so run last.
// What follows is interpreter shutdown, which is not the snippet's either.
//
// A snippet that touches the marker itself ends its account early and then
// runs on the shutdown allowance: shutdownFuel bounds what it gains. (A
// secret marker name would not help: the snippet can find it with gc, and
// it would make start-up fuel differ between deterministic runs.)
func guestFS(code func() []byte, onSnippetOpen, onSnippetDone func()) wazero.FSConfig {
	const marker = ".snippet-done"
	site := []byte(fmt.Sprintf("import atexit, os\natexit.register(os.path.exists, %q)\ndel atexit, os\n", siteDir+"/"+marker))

	started := false
	snippet := memFS{
		names: []string{snippetName},
		open: func(name string) ([]byte, bool) {
			if name != snippetName {
				return nil, false
			}
			if !started && onSnippetOpen != nil {
				onSnippetOpen() // may wait for the run: see instance.waitForRun
			}
			started = true
			return code(), true
		},
	}
	siteFS := memFS{
		names: []string{"sitecustomize.py"},
		open: func(name string) ([]byte, bool) {
			switch {
			case name == marker:
				if started && onSnippetDone != nil {
					onSnippetDone()
				}
			case name == "sitecustomize.py" && !started:
				return site, true
			}
			return nil, false
		},
	}
	cfg := snippet.mount(wazero.NewFSConfig(), snippetDir)
	return siteFS.mount(cfg, siteDir)
}
