package sandbox

import (
	"fmt"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/experimental/sysfs"
)

// siteCustomize is the sitecustomize.py every instance imports at the end of
// CPython's start-up, with the marker's path for %q:
//   - its atexit handler, end, registered first and so run last, marks the
//     end of the snippet. With a snapshot, it then also sets aside the
//     modules the snapshot had loaded (see siteCustomizePreload);
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
//
// An instance that resumes a snapshot ran it before the snapshot was taken,
// with preloads (see siteCustomizePreload).
const siteCustomize = `import atexit, gc, os, sys
def end(exists=os.path.exists, modules=sys.modules, held=[]):
    exists(%q)
    if held:
        held.append([modules.pop(name) for name, module in held[0] if modules.get(name) is module])
atexit.register(end)
%sgc.freeze()
main = type(sys)("__main__")
main.__dict__.update(vars(sys.modules["__main__"]))
sys.modules["__main__"] = main
del atexit, gc, os, sys, main, end
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
func guestFS(code func() []byte, onSnippetOpen, onSnippetDone func(), scratch *scratchFS, path pathFS) wazero.FSConfig {
	return guestFSWith(code, onSnippetOpen, onSnippetDone, scratch, path, "")
}

// siteCustomizePreload is what the start-up that builds a snapshot adds:
//   - it imports the preloaded modules, before gc.freeze(), so that
//     shutdown does not walk them either;
//   - a path hook, first in sys.path_hooks, runs once, when CPython asks
//     the hooks for /snippet/main.py's importer, after every resume: it
//     reseeds random from the run's own random source (os.urandom), so
//     that runs of one snapshot do not share random numbers, then lets the
//     other hooks answer as usual. It leaves sys.path_hooks by putting a
//     new list without it in its place: CPython is iterating the old one
//     by index, which is kept alive, unchanged, for it;
//   - it runs site/mends.py, which mends what this build lacks or gets
//     wrong (asyncio, time.process_time, hashlib.pbkdf2_hmac);
//   - end's list held gets the modules loaded now, and itself: a cycle
//     that gc.freeze() puts out of the collector's reach for good. At the
//     snippet's end, end takes those modules out of sys.modules into held,
//     so that CPython's shutdown does not clear and free them one by one:
//     27M units after print("hi") become 11M. The snippet's own modules,
//     and a preloaded module it replaced, are finalized as usual; what it
//     stored inside a preloaded module is not (a __del__ there never runs).
const siteCustomizePreload = `for name in %s:
    try:
        __import__(name)
    except Exception:
        pass
def resumed(path, sys=sys, old=[]):
    old.append(sys.path_hooks)
    sys.path_hooks = sys.path_hooks[1:]
    if "random" in sys.modules:
        sys.modules["random"].seed()
    raise ImportError
sys.path_hooks.insert(0, resumed)
%sclass PythonPath:
    """Finds modules in the directories pyplay was given with --path,
    mounted read-only at /pyplay/path/0, 1, …: on first use it puts them on
    sys.path, where the usual finder takes over."""
    dirs = None

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        import sys
        if cls.dirs is None:
            import os
            try:
                cls.dirs = ["/pyplay/path/" + n for n in sorted(os.listdir("/pyplay/path"), key=int)]
            except OSError:
                cls.dirs = []
            sys.path.extend(cls.dirs)
            if cls.dirs and path is None:
                from importlib.machinery import PathFinder
                return PathFinder.find_spec(name, cls.dirs, target)
        return None

    @classmethod
    def invalidate_caches(cls):
        pass
sys.meta_path.append(PythonPath)
del PythonPath
held = end.__defaults__[2]
held.append([(name, module) for name, module in sys.modules.items() if name not in ("__main__", "sys", "builtins")])
held.append(held)
del name, resumed, held
`

// guestFSWith is guestFS with preload as the start-up's extra code.
func guestFSWith(code func() []byte, onSnippetOpen, onSnippetDone func(), scratch *scratchFS, path pathFS, preload string) wazero.FSConfig {
	const marker = ".snippet-done"
	site := []byte(fmt.Sprintf(siteCustomize, siteDir+"/"+marker, preload))

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
	cfg = path.mount(mountTZData(siteFS.mount(cfg, siteDir)))
	return cfg.(sysfs.FSConfig).WithSysFSMount(scratch, scratchDir)
}
