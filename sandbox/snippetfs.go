package sandbox

import (
	"bytes"
	"io"
	"io/fs"
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
)

// snippetFS is a read-only file system holding one file: the snippet. It is
// the only thing the guest can see; no host directory is ever mounted.
type snippetFS struct {
	code []byte
	// onOpen runs on the guest's goroutine each time the snippet is opened.
	onOpen func()
}

// snippetMount mounts f at /snippet. ReadFS makes opening for write fail with
// EROFS; a plain fs.FS mount would accept the open and fail only on write.
func snippetMount(f snippetFS) wazero.FSConfig {
	return wazero.NewFSConfig().(sysfs.FSConfig).WithSysFSMount(&sysfs.ReadFS{FS: &sysfs.AdaptFS{FS: f}}, snippetDir)
}

// epoch is every file's modification time, so runs do not differ by it.
var epoch = time.Unix(0, 0).UTC()

// Open implements fs.FS.
func (f snippetFS) Open(name string) (fs.File, error) {
	switch {
	case name == ".":
		return &snippetDirFile{}, nil
	case name == snippetName:
		if f.onOpen != nil {
			f.onOpen()
		}
		return &snippetFile{Reader: bytes.NewReader(f.code), size: int64(len(f.code))}, nil
	case !fs.ValidPath(name):
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	default:
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
}

// snippetFile is the open snippet; bytes.Reader gives it Read, Seek and ReadAt.
type snippetFile struct {
	*bytes.Reader
	size int64
}

func (f *snippetFile) Stat() (fs.FileInfo, error) {
	return fileInfo{name: snippetName, size: f.size}, nil
}
func (f *snippetFile) Close() error { return nil }

// snippetDirFile is the mount's root directory, listing the snippet.
type snippetDirFile struct{ listed bool }

func (d *snippetDirFile) Stat() (fs.FileInfo, error) { return fileInfo{name: ".", dir: true}, nil }
func (d *snippetDirFile) Close() error               { return nil }
func (d *snippetDirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: ".", Err: fs.ErrInvalid}
}

// ReadDir implements fs.ReadDirFile.
func (d *snippetDirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	if d.listed {
		if n > 0 {
			return nil, io.EOF
		}
		return nil, nil
	}
	d.listed = true
	return []fs.DirEntry{fs.FileInfoToDirEntry(fileInfo{name: snippetName})}, nil
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
