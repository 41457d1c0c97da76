package sandbox

import (
	"bytes"
	"regexp"
)

// The sandbox's walls, as a traceback shows them. A program that fails on
// one gets a low-level error (can't start new thread, Errno 58, a missing
// module), which does not tell a learner that the sandbox forbids it on
// purpose; wallNote says so in one line. Every note is a fixed string: no
// text of the guest's reaches it.
var (
	// absentModules are standard-library modules this build lacks.
	absentModules = map[string]string{
		"ctypes":           "the sandbox has no ctypes: WebAssembly code cannot load native libraries",
		"_ctypes":          "the sandbox has no ctypes: WebAssembly code cannot load native libraries",
		"ssl":              "the sandbox has no ssl (nor a network to use it on)",
		"_ssl":             "the sandbox has no ssl (nor a network to use it on)",
		"multiprocessing":  "the sandbox cannot start processes, so it has no multiprocessing",
		"_multiprocessing": "the sandbox cannot start processes, so it has no multiprocessing",
		"_hashlib":         "the sandbox has no OpenSSL: hashlib offers md5, sha1, sha2, sha3 and blake2 only",
		"zoneinfo":         "the sandbox has no time-zone database",
		"tkinter":          "the sandbox has no display",
		"readline":         "the sandbox has no terminal to edit lines in",
		"curses":           "the sandbox has no terminal for curses",
		"_curses":          "the sandbox has no terminal for curses",
		"concurrent":       "the sandbox runs one thread: concurrent.futures has no thread or process pool",
	}
	// thirdParty are packages LLM answers reach for that are not in the
	// standard library.
	thirdParty = map[string]bool{
		"numpy": true, "pandas": true, "scipy": true, "matplotlib": true, "seaborn": true,
		"sklearn": true, "torch": true, "tensorflow": true, "requests": true, "httpx": true,
		"aiohttp": true, "bs4": true, "lxml": true, "PIL": true, "yaml": true, "flask": true,
		"django": true, "fastapi": true, "pydantic": true, "sympy": true, "networkx": true,
		"tqdm": true, "rich": true, "openai": true, "dateutil": true, "pytz": true,
		"attr": true, "attrs": true, "click": true, "jinja2": true, "toml": true,
		"cv2": true, "plotly": true, "polars": true, "pytest": true,
	}
	missingModule = regexp.MustCompile(`(?m)^ModuleNotFoundError: No module named '([A-Za-z0-9_]+)`)
	// frameIn matches a traceback frame in a standard-library file.
	frameIn = func(file string) *regexp.Regexp {
		return regexp.MustCompile(`(?m)^  File "(?:[^"\n]*/Lib/|<stdlib>/)` + regexp.QuoteMeta(file) + `", line`)
	}
	threadingFrame  = frameIn("threading.py")
	subprocessFrame = frameIn("subprocess.py")
	socketFrame     = frameIn("socket.py")
)

const (
	noThreads   = "the sandbox runs one thread: it cannot start another"
	noProcesses = "the sandbox cannot start processes"
	noNetwork   = "the sandbox has no network"
)

// wallNote explains the last traceback in stderr when it ends at one of the
// sandbox's walls, or returns "".
func wallNote(stderr []byte) string {
	if i := bytes.LastIndex(stderr, []byte("Traceback (most recent call last):")); i >= 0 {
		stderr = stderr[i:]
	} else {
		return ""
	}
	if m := missingModule.FindSubmatch(stderr); m != nil {
		name := string(m[1])
		if note, ok := absentModules[name]; ok {
			return note
		}
		if thirdParty[name] {
			return name + " is a third-party package: the sandbox has CPython's standard library only"
		}
		return ""
	}
	switch {
	case threadingFrame.Match(stderr) && bytes.Contains(stderr, []byte("can't start new thread")):
		return noThreads
	case subprocessFrame.Match(stderr) || bytes.Contains(stderr, []byte("does not support processes")):
		return noProcesses
	case socketFrame.Match(stderr):
		return noNetwork
	}
	return ""
}

// emptyStdin is the note for an input() that found stdin empty: a
// newcomer's program that asks for input and gets none fails with a bare
// EOFError, and the fix is in the front end (the playground's stdin pane,
// pyplay run's --stdin), not in the code.
const emptyStdin = "stdin was empty: give the program input in the stdin pane or with --stdin FILE"

// eofOnInput is the last line of the traceback of input() at the end of
// stdin.
var eofOnInput = regexp.MustCompile(`(?m)^EOFError: EOF when reading a line\n*\z`)

// emptyStdinNote explains a program that failed reading an empty stdin
// with input(), or returns "". The caller knows stdin was empty.
func emptyStdinNote(stderr []byte) string {
	if eofOnInput.Match(stderr) {
		return emptyStdin
	}
	return ""
}
