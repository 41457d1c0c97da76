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
func guestFS(code string, onSnippetOpen, onSnippetDone func()) wazero.FSConfig {
	const marker = ".snippet-done"
	site := fmt.Sprintf("import atexit, os\natexit.register(os.path.exists, %q)\ndel atexit, os\n", siteDir+"/"+marker)

	started := false
	snippet := memFS{
		files: map[string][]byte{snippetName: []byte(code)},
		open: func(string) bool {
			started = true
			if onSnippetOpen != nil {
				onSnippetOpen()
			}
			return true
		},
	}
	siteFS := memFS{
		files: map[string][]byte{"sitecustomize.py": []byte(site), marker: nil},
		open: func(name string) bool {
			if name == marker {
				if started && onSnippetDone != nil {
					onSnippetDone()
				}
				return false
			}
			return !started
		},
	}
	cfg := snippet.mount(wazero.NewFSConfig(), snippetDir)
	return siteFS.mount(cfg, siteDir)
}
