package sandbox

import (
	"bytes"
	"io"
	"io/fs"
	"sort"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/experimental/sysfs"
)

// The guest runs the snippet as a script, so tracebacks name a file and line,
// and so the engine can tell start-up from snippet by when the file is opened.
const (
	snippetDir  = "/snippet"
	snippetName = "main.py"
	snippetPath = snippetDir + "/" + snippetName

	// siteDir is CPython's site-packages: a sitecustomize.py there is
	// imported during start-up. It is where the snippet's end is marked.
	siteDir = "/usr/local/lib/python3.12/site-packages"
)

// scratchDir is where a run's writable in-memory files live: everywhere
// no other mount is, the working directory and /tmp included.
const scratchDir = "/"

// guestMounts are the guest's directories, in the order guestFS mounts
// them: wasi-libc numbers them at start-up, and a snapshot keeps that.
var guestMounts = []string{snippetDir, siteDir, zoneinfoDir, pathDir, scratchDir}

// memFS is a read-only, in-memory directory of a few files. It is all the
// guest sees besides the standard library inside python.wasm: no host
// directory is ever mounted.
type memFS struct {
	// names are the files listed in the directory.
	names []string
	// open runs on the guest's goroutine at each open (and stat) of a file
	// and returns its content, or false when it does not exist (now).
	open func(name string) ([]byte, bool)
}

// epoch is every file's modification time, so runs do not differ by it.
var epoch = time.Unix(0, 0).UTC()

// mount returns f mounted read-only at dir on top of cfg. ReadFS makes an
// open for writing fail with EROFS; a plain fs.FS mount would accept it.
func (f memFS) mount(cfg wazero.FSConfig, dir string) wazero.FSConfig {
	return cfg.(sysfs.FSConfig).WithSysFSMount(&sysfs.ReadFS{FS: &sysfs.AdaptFS{FS: f}}, dir)
}

// Open implements fs.FS.
func (f memFS) Open(name string) (fs.File, error) {
	if name == "." {
		return &memDir{fs: f}, nil
	}
	data, ok := f.open(name)
	switch {
	case ok:
		return &memFile{Reader: bytes.NewReader(data), name: name, size: int64(len(data))}, nil
	case !fs.ValidPath(name):
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	default:
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
}

// memFile is an open file; bytes.Reader gives it Read, Seek and ReadAt.
type memFile struct {
	*bytes.Reader
	name string
	size int64
}

func (f *memFile) Stat() (fs.FileInfo, error) { return fileInfo{name: f.name, size: f.size}, nil }
func (f *memFile) Close() error               { return nil }

// memDir is the mount's root directory.
type memDir struct {
	fs     memFS
	listed bool
}

func (d *memDir) Stat() (fs.FileInfo, error) { return fileInfo{name: ".", dir: true}, nil }
func (d *memDir) Close() error               { return nil }
func (d *memDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: ".", Err: fs.ErrInvalid}
}

// ReadDir implements fs.ReadDirFile: the names that exist now.
func (d *memDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if d.listed {
		if n > 0 {
			return nil, io.EOF
		}
		return nil, nil
	}
	d.listed = true
	var entries []fs.DirEntry
	for _, name := range d.fs.names {
		if data, ok := d.fs.open(name); ok {
			entries = append(entries, fs.FileInfoToDirEntry(fileInfo{name: name, size: int64(len(data))}))
		}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	return entries, nil
}

type fileInfo struct {
	name string
	size int64
	dir  bool
}

func (i fileInfo) Name() string       { return i.name }
func (i fileInfo) Size() int64        { return i.size }
func (i fileInfo) ModTime() time.Time { return epoch }
func (i fileInfo) IsDir() bool        { return i.dir }
func (i fileInfo) Sys() any           { return nil }
func (i fileInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
