package sandbox

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/experimental/sysfs"
)

// pathDir is where the directories given with Config.WithPythonPath appear
// in the guest, read-only, as pathDir/0, pathDir/1, …; a finder installed at
// start-up puts them on sys.path when the snippet first imports a module the
// standard library does not have. The mount is always there (empty without
// directories), since a snapshot fixes the guest's mounts.
const pathDir = "/pyplay/path"

// pathFS serves the host directories, each through an os.Root: no path,
// symbolic link included, leads out of the directory it starts in.
type pathFS struct{ roots []*os.Root }

// openPythonPath opens each directory for pathFS.
func openPythonPath(dirs []string) (pathFS, error) {
	var p pathFS
	for _, dir := range dirs {
		root, err := os.OpenRoot(dir)
		if err != nil {
			p.close()
			return pathFS{}, fmt.Errorf("sandbox: --path %s: %w: give a directory of pure-Python packages", dir, unwrapPath(err))
		}
		p.roots = append(p.roots, root)
	}
	return p, nil
}

// unwrapPath drops the path an *fs.PathError repeats.
func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

func (p pathFS) close() {
	for _, r := range p.roots {
		_ = r.Close()
	}
}

func (p pathFS) mount(cfg wazero.FSConfig) wazero.FSConfig {
	return cfg.(sysfs.FSConfig).WithSysFSMount(&sysfs.ReadFS{FS: &sysfs.AdaptFS{FS: p}}, pathDir)
}

// Open implements fs.FS: "." lists the directories by number, "N/…" is
// inside directory N.
func (p pathFS) Open(name string) (fs.File, error) {
	if name == "." {
		return &pathRoot{n: len(p.roots)}, nil
	}
	first, rest, _ := strings.Cut(name, "/")
	i, err := strconv.Atoi(first)
	if err != nil || i < 0 || i >= len(p.roots) || first != strconv.Itoa(i) || !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if rest == "" {
		rest = "."
	}
	return p.roots[i].FS().Open(rest)
}

// pathRoot is pathDir itself: a directory of numbered directories.
type pathRoot struct {
	n      int
	listed bool
}

func (d *pathRoot) Stat() (fs.FileInfo, error) { return fileInfo{name: ".", dir: true}, nil }
func (d *pathRoot) Close() error               { return nil }
func (d *pathRoot) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: ".", Err: fs.ErrInvalid}
}

// ReadDir implements fs.ReadDirFile.
func (d *pathRoot) ReadDir(n int) ([]fs.DirEntry, error) {
	if d.listed {
		if n > 0 {
			return nil, io.EOF
		}
		return nil, nil
	}
	d.listed = true
	entries := make([]fs.DirEntry, d.n)
	for i := range entries {
		entries[i] = fs.FileInfoToDirEntry(fileInfo{name: strconv.Itoa(i), dir: true})
	}
	return entries, nil
}
