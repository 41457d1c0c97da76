package sandbox

import (
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync/atomic"

	experimentalsys "github.com/tetratelabs/wazero/experimental/sys"
	"github.com/tetratelabs/wazero/sys"
)

// scratchFS is a run's writable file system: in memory, mounted at "/" so
// that the working directory and /tmp are in it, thrown away with the
// instance, never on the host's disk. It holds at most limit bytes: each
// file's size, plus scratchNodeCost per file or directory, so that many
// empty files or deep directories count too. Writing past the limit fails
// with an OSError (see errScratchFull). There are no links: hard and symbolic ones are refused, so
// no path leads anywhere but into the tree itself.
//
// Only the run's goroutine touches the tree (WASI calls run on it); the
// byte counts are atomic for Stats.
type scratchFS struct {
	experimentalsys.UnimplementedFS
	root  *scratchNode
	limit int64
	used  atomic.Int64
	peak  atomic.Int64
	inode uint64
	now   func() int64 // the guest's wall clock, in nanoseconds
}

// scratchNodeCost is what a file or directory costs besides its data.
const scratchNodeCost = 256

// maxScratchName bounds one path component, as NAME_MAX does.
const maxScratchName = 255

type scratchNode struct {
	dir      bool
	children map[string]*scratchNode
	data     []byte
	mode     fs.FileMode
	ino      uint64
	mtim     int64
}

// newScratchFS returns a tree holding an empty /tmp, for tempfile.
func newScratchFS(limit int64, now func() int64) *scratchFS {
	s := &scratchFS{limit: limit, now: now}
	s.root = s.newNode(true, 0o755)
	s.root.children["tmp"] = s.newNode(true, 0o1777)
	return s
}

func (s *scratchFS) newNode(dir bool, perm fs.FileMode) *scratchNode {
	s.inode++
	n := &scratchNode{dir: dir, mode: perm & fs.ModePerm, ino: s.inode, mtim: s.now()}
	if dir {
		n.children = map[string]*scratchNode{}
	}
	return n
}

// errScratchFull is what writing past the limit returns. ENOSPC would say
// it best, but wazero's WASI has no ENOSPC to pass on, so the guest gets
// OSError [Errno 29] I/O error.
const errScratchFull = experimentalsys.EIO

// charge counts delta more bytes, or refuses with ENOSPC past the limit.
func (s *scratchFS) charge(delta int64) experimentalsys.Errno {
	if delta > 0 && s.used.Load()+delta > s.limit {
		return errScratchFull
	}
	used := s.used.Add(delta)
	if used > s.peak.Load() {
		s.peak.Store(used)
	}
	return 0
}

// split cleans a path relative to the mount into its components.
func split(p string) ([]string, experimentalsys.Errno) {
	p = path.Clean("/" + p)
	if p == "/" {
		return nil, 0
	}
	parts := strings.Split(p[1:], "/")
	for _, part := range parts {
		if len(part) > maxScratchName {
			return nil, experimentalsys.ENAMETOOLONG
		}
	}
	return parts, 0
}

// lookup finds the node at p.
func (s *scratchFS) lookup(p string) (*scratchNode, experimentalsys.Errno) {
	parts, errno := split(p)
	if errno != 0 {
		return nil, errno
	}
	n := s.root
	for _, part := range parts {
		if !n.dir {
			return nil, experimentalsys.ENOTDIR
		}
		if n = n.children[part]; n == nil {
			return nil, experimentalsys.ENOENT
		}
	}
	return n, 0
}

// parent finds the directory that holds p, and p's last component.
func (s *scratchFS) parent(p string) (*scratchNode, string, experimentalsys.Errno) {
	parts, errno := split(p)
	if errno != 0 {
		return nil, "", errno
	}
	if len(parts) == 0 {
		return nil, "", experimentalsys.EINVAL // the root has no parent
	}
	dir, errno := s.lookup(strings.Join(parts[:len(parts)-1], "/"))
	if errno != 0 {
		return nil, "", errno
	}
	if !dir.dir {
		return nil, "", experimentalsys.ENOTDIR
	}
	return dir, parts[len(parts)-1], 0
}

func (n *scratchNode) stat() sys.Stat_t {
	mode, nlink := n.mode, uint64(1)
	if n.dir {
		mode |= fs.ModeDir
		nlink = 2
	}
	return sys.Stat_t{Dev: 1, Ino: n.ino, Mode: mode, Nlink: nlink, Size: int64(len(n.data)), Atim: n.mtim, Mtim: n.mtim, Ctim: n.mtim}
}

// OpenFile implements experimentalsys.FS.
func (s *scratchFS) OpenFile(p string, flag experimentalsys.Oflag, perm fs.FileMode) (experimentalsys.File, experimentalsys.Errno) {
	n, errno := s.lookup(p)
	switch {
	case errno == experimentalsys.ENOENT && flag&experimentalsys.O_CREAT != 0:
		dir, name, errno := s.parent(p)
		if errno != 0 {
			return nil, errno
		}
		if errno := s.charge(scratchNodeCost); errno != 0 {
			return nil, errno
		}
		n = s.newNode(false, perm)
		dir.children[name] = n
		dir.mtim = n.mtim
	case errno != 0:
		return nil, errno
	case flag&experimentalsys.O_CREAT != 0 && flag&experimentalsys.O_EXCL != 0:
		return nil, experimentalsys.EEXIST
	}
	access := flag & (experimentalsys.O_RDONLY | experimentalsys.O_WRONLY | experimentalsys.O_RDWR)
	writable := access == experimentalsys.O_WRONLY || access == experimentalsys.O_RDWR
	switch {
	case n.dir && writable:
		return nil, experimentalsys.EISDIR
	case !n.dir && flag&experimentalsys.O_DIRECTORY != 0:
		return nil, experimentalsys.ENOTDIR
	}
	if flag&experimentalsys.O_TRUNC != 0 && writable && !n.dir {
		_ = s.charge(-int64(len(n.data)))
		n.data, n.mtim = nil, s.now()
	}
	return &scratchFile{fs: s, node: n, writable: writable, readable: access != experimentalsys.O_WRONLY, append: flag&experimentalsys.O_APPEND != 0}, 0
}

// Lstat implements experimentalsys.FS.
func (s *scratchFS) Lstat(p string) (sys.Stat_t, experimentalsys.Errno) { return s.Stat(p) }

// Stat implements experimentalsys.FS.
func (s *scratchFS) Stat(p string) (sys.Stat_t, experimentalsys.Errno) {
	n, errno := s.lookup(p)
	if errno != 0 {
		return sys.Stat_t{}, errno
	}
	return n.stat(), 0
}

// Mkdir implements experimentalsys.FS.
func (s *scratchFS) Mkdir(p string, perm fs.FileMode) experimentalsys.Errno {
	dir, name, errno := s.parent(p)
	if errno != 0 {
		return errno
	}
	if dir.children[name] != nil {
		return experimentalsys.EEXIST
	}
	if errno := s.charge(scratchNodeCost); errno != 0 {
		return errno
	}
	dir.children[name] = s.newNode(true, perm)
	return 0
}

// Chmod implements experimentalsys.FS.
func (s *scratchFS) Chmod(p string, perm fs.FileMode) experimentalsys.Errno {
	n, errno := s.lookup(p)
	if errno == 0 {
		n.mode = perm & fs.ModePerm
	}
	return errno
}

// Rename implements experimentalsys.FS.
func (s *scratchFS) Rename(from, to string) experimentalsys.Errno {
	fromDir, fromName, errno := s.parent(from)
	if errno != 0 {
		return errno
	}
	n := fromDir.children[fromName]
	if n == nil {
		return experimentalsys.ENOENT
	}
	toDir, toName, errno := s.parent(to)
	if errno != 0 {
		return errno
	}
	if n.dir && s.contains(n, toDir) {
		return experimentalsys.EINVAL // a directory into itself
	}
	if old := toDir.children[toName]; old != nil && old != n {
		switch {
		case old.dir && !n.dir:
			return experimentalsys.EISDIR
		case !old.dir && n.dir:
			return experimentalsys.ENOTDIR
		case old.dir && len(old.children) > 0:
			return experimentalsys.ENOTEMPTY
		}
		_ = s.charge(-scratchNodeCost - int64(len(old.data)))
	}
	delete(fromDir.children, fromName)
	toDir.children[toName] = n
	return 0
}

// contains reports whether dir is n or inside it.
func (s *scratchFS) contains(n, dir *scratchNode) bool {
	if n == dir {
		return true
	}
	for _, child := range n.children {
		if child.dir && s.contains(child, dir) {
			return true
		}
	}
	return false
}

// Rmdir implements experimentalsys.FS.
func (s *scratchFS) Rmdir(p string) experimentalsys.Errno {
	dir, name, errno := s.parent(p)
	if errno != 0 {
		return errno
	}
	switch n := dir.children[name]; {
	case n == nil:
		return experimentalsys.ENOENT
	case !n.dir:
		return experimentalsys.ENOTDIR
	case len(n.children) > 0:
		return experimentalsys.ENOTEMPTY
	}
	delete(dir.children, name)
	return s.charge(-scratchNodeCost)
}

// Unlink implements experimentalsys.FS.
func (s *scratchFS) Unlink(p string) experimentalsys.Errno {
	dir, name, errno := s.parent(p)
	if errno != 0 {
		return errno
	}
	switch n := dir.children[name]; {
	case n == nil:
		return experimentalsys.ENOENT
	case n.dir:
		return experimentalsys.EISDIR
	default:
		delete(dir.children, name)
		return s.charge(-scratchNodeCost - int64(len(n.data)))
	}
}

// Link implements experimentalsys.FS: no links in the scratch tree.
func (s *scratchFS) Link(_, _ string) experimentalsys.Errno { return experimentalsys.EPERM }

// Symlink implements experimentalsys.FS: no links in the scratch tree.
func (s *scratchFS) Symlink(_, _ string) experimentalsys.Errno { return experimentalsys.EPERM }

// Readlink implements experimentalsys.FS: nothing is a link.
func (s *scratchFS) Readlink(p string) (string, experimentalsys.Errno) {
	if _, errno := s.lookup(p); errno != 0 {
		return "", errno
	}
	return "", experimentalsys.EINVAL
}

// Utimens implements experimentalsys.FS.
func (s *scratchFS) Utimens(p string, _, mtim int64) experimentalsys.Errno {
	n, errno := s.lookup(p)
	if errno == 0 && mtim >= 0 {
		n.mtim = mtim
	}
	return errno
}

// scratchFile is an open file or directory of a scratchFS.
type scratchFile struct {
	experimentalsys.UnimplementedFile
	fs                         *scratchFS
	node                       *scratchNode
	pos                        int64
	readable, writable, append bool
	listed                     []experimentalsys.Dirent // a directory's entries, once read
	listPos                    int
}

func (f *scratchFile) Dev() (uint64, experimentalsys.Errno)        { return 1, 0 }
func (f *scratchFile) Ino() (sys.Inode, experimentalsys.Errno)     { return f.node.ino, 0 }
func (f *scratchFile) IsDir() (bool, experimentalsys.Errno)        { return f.node.dir, 0 }
func (f *scratchFile) IsAppend() bool                              { return f.append }
func (f *scratchFile) Stat() (sys.Stat_t, experimentalsys.Errno)   { return f.node.stat(), 0 }
func (f *scratchFile) Sync() experimentalsys.Errno                 { return 0 }
func (f *scratchFile) Datasync() experimentalsys.Errno             { return 0 }
func (f *scratchFile) Close() experimentalsys.Errno                { return 0 }
func (f *scratchFile) IsNonblock() bool                            { return false }
func (f *scratchFile) SetNonblock(bool) experimentalsys.Errno      { return 0 }
func (f *scratchFile) SetAppend(enable bool) experimentalsys.Errno { f.append = enable; return 0 }

func (f *scratchFile) Read(buf []byte) (int, experimentalsys.Errno) {
	n, errno := f.Pread(buf, f.pos)
	f.pos += int64(n)
	return n, errno
}

func (f *scratchFile) Pread(buf []byte, off int64) (int, experimentalsys.Errno) {
	switch {
	case f.node.dir:
		return 0, experimentalsys.EISDIR
	case !f.readable:
		return 0, experimentalsys.EBADF
	case off < 0:
		return 0, experimentalsys.EINVAL
	case off >= int64(len(f.node.data)):
		return 0, 0
	}
	return copy(buf, f.node.data[off:]), 0
}

func (f *scratchFile) Seek(offset int64, whence int) (int64, experimentalsys.Errno) {
	if f.node.dir {
		if offset == 0 && whence == io.SeekStart { // rewinddir
			f.listed, f.listPos = nil, 0
			return 0, 0
		}
		return 0, experimentalsys.EISDIR
	}
	switch whence {
	case io.SeekCurrent:
		offset += f.pos
	case io.SeekEnd:
		offset += int64(len(f.node.data))
	}
	if offset < 0 {
		return 0, experimentalsys.EINVAL
	}
	f.pos = offset
	return offset, 0
}

func (f *scratchFile) Write(buf []byte) (int, experimentalsys.Errno) {
	if f.append {
		f.pos = int64(len(f.node.data))
	}
	n, errno := f.Pwrite(buf, f.pos)
	f.pos += int64(n)
	return n, errno
}

func (f *scratchFile) Pwrite(buf []byte, off int64) (int, experimentalsys.Errno) {
	switch {
	case f.node.dir:
		return 0, experimentalsys.EISDIR
	case !f.writable:
		return 0, experimentalsys.EBADF
	case off < 0:
		return 0, experimentalsys.EINVAL
	}
	if end := off + int64(len(buf)); end > int64(len(f.node.data)) {
		if errno := f.grow(end); errno != 0 {
			return 0, errno
		}
	}
	f.node.mtim = f.fs.now()
	return copy(f.node.data[off:], buf), 0
}

// grow makes the file size bytes long, zero-filled, within the limit.
func (f *scratchFile) grow(size int64) experimentalsys.Errno {
	if errno := f.fs.charge(size - int64(len(f.node.data))); errno != 0 {
		return errno
	}
	if size <= int64(cap(f.node.data)) {
		f.node.data = f.node.data[:size]
		return 0
	}
	data := make([]byte, size, max(size, 2*int64(cap(f.node.data))))
	copy(data, f.node.data)
	f.node.data = data
	return 0
}

func (f *scratchFile) Truncate(size int64) experimentalsys.Errno {
	switch {
	case f.node.dir:
		return experimentalsys.EISDIR
	case !f.writable:
		return experimentalsys.EBADF
	case size < 0:
		return experimentalsys.EINVAL
	case size > int64(len(f.node.data)):
		return f.grow(size)
	}
	_ = f.fs.charge(size - int64(len(f.node.data)))
	clear(f.node.data[size:])
	f.node.data = f.node.data[:size]
	return 0
}

func (f *scratchFile) Utimens(_, mtim int64) experimentalsys.Errno {
	if mtim >= 0 {
		f.node.mtim = mtim
	}
	return 0
}

func (f *scratchFile) Readdir(n int) ([]experimentalsys.Dirent, experimentalsys.Errno) {
	if !f.node.dir {
		return nil, experimentalsys.ENOTDIR
	}
	if f.listed == nil {
		names := make([]string, 0, len(f.node.children))
		for name := range f.node.children {
			names = append(names, name)
		}
		sort.Strings(names)
		f.listed = make([]experimentalsys.Dirent, 0, len(names))
		for _, name := range names {
			child := f.node.children[name]
			var typ fs.FileMode
			if child.dir {
				typ = fs.ModeDir
			}
			f.listed = append(f.listed, experimentalsys.Dirent{Ino: child.ino, Name: name, Type: typ})
		}
	}
	rest := f.listed[f.listPos:]
	if n > 0 && n < len(rest) {
		rest = rest[:n]
	}
	f.listPos += len(rest)
	return rest, 0
}
