package sandbox

import (
	"fmt"

	"github.com/tetratelabs/wazero"
)

// siteCustomize is the sitecustomize.py every instance imports at the end of
// CPython's start-up, with the marker's path for %q:
//   - its atexit handler, registered first and so run last, marks the end of
//     the snippet;
//   - gc.freeze() puts start-up's ~5,900 objects out of the collector's
//     reach. The snippet's collections skip them, and shutdown no longer
//     collects them one by one: after print("hi") it burns 12.7M units
//     instead of 48M, ~5 ms instead of ~16 ms, most of a parked run.
//     The snippet sees the difference only in gc.get_objects(),
//     gc.get_referrers() and gc.get_freeze_count();
//   - the snippet gets a __main__ made after the freeze. Its globals must
//     stay collectable, or the __del__ methods and generator finally blocks
//     that a real Python runs at exit would never run
//     (testdata/corpus/finalizers_at_exit.py).
const siteCustomize = `import atexit, gc, os, sys
atexit.register(os.path.exists, %q)
gc.freeze()
main = type(sys)("__main__")
main.__dict__.update(vars(sys.modules["__main__"]))
sys.modules["__main__"] = main
del atexit, gc, os, sys, main
`

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
	site := []byte(fmt.Sprintf(siteCustomize, siteDir+"/"+marker))

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
