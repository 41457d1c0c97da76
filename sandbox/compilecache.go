package sandbox

import (
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// wazero's compilation cache checks a checksum, but not over all of a
// cached module: a damaged per-function offset table loads, then runs the
// wrong code or crashes. So pyplay records, for each module it compiles,
// which cache file wazero wrote and that file's size and CRC-32C, and
// before compiling it checks the file against the record. A file that does
// not match, or that no record vouches for, is removed, and wazero compiles
// the module again (~5 s) and writes it anew. Unverified code never runs.
//
// The records live in cacheDir/compiled, one file per module key and
// wazero version directory ("KEY@wazero-v1.12.0-amd64-linux": a test
// binary's wazero calls itself "dev"): "<path inside the wazero dir> <size>
// <crc32c>".

// compiledCache is the verification of one module's compiled code.
type compiledCache struct {
	dir     string // wazero's cache dir: cacheDir/wazero
	records string // cacheDir/compiled
	key     string // this module's
	before  map[string]bool
}

// openCompiledCache checks wazero's cache before a compile of the module
// with key. It returns nil when there is no disk cache.
func openCompiledCache(cacheDir, key string) *compiledCache {
	if cacheDir == "" {
		return nil
	}
	c := &compiledCache{dir: filepath.Join(cacheDir, "wazero"), records: filepath.Join(cacheDir, "compiled"), key: key}
	vouched := map[string]bool{}
	records, _ := filepath.Glob(filepath.Join(c.records, "*"))
	for _, rec := range records {
		// Only this module's files are read whole: another module's are
		// checked when that module is compiled.
		name, ok := c.check(rec, strings.HasPrefix(filepath.Base(rec), key+"@"))
		switch {
		case ok:
			vouched[name] = true
		case name != "": // the file does not match its record
			_ = os.Remove(filepath.Join(c.dir, name))
			_ = os.Remove(rec)
		default: // a record that cannot be read
			_ = os.Remove(rec)
		}
	}
	c.before = map[string]bool{}
	for _, name := range c.files() {
		if !vouched[name] {
			_ = os.Remove(filepath.Join(c.dir, name))
			continue
		}
		c.before[name] = true
	}
	return c
}

// check reads a record and compares the file it names, its size and, when
// full, its content; it returns the file's name and whether it matches.
func (c *compiledCache) check(rec string, full bool) (string, bool) {
	data, err := os.ReadFile(rec)
	fields := strings.Fields(string(data))
	if err != nil || len(fields) != 3 || strings.Contains(fields[0], "..") {
		return "", false
	}
	name := fields[0]
	size, err1 := strconv.ParseInt(fields[1], 10, 64)
	sum, err2 := strconv.ParseUint(fields[2], 16, 32)
	if err1 != nil || err2 != nil {
		return "", false
	}
	info, err := os.Stat(filepath.Join(c.dir, name))
	if err != nil || info.Size() != size {
		return name, false
	}
	if !full {
		return name, true
	}
	content, unmap, err := readMapped(filepath.Join(c.dir, name))
	if err != nil {
		return name, false
	}
	defer unmap()
	return name, crc32.Checksum(content, castagnoli) == uint32(sum)
}

// files lists the files in wazero's cache, relative to it.
func (c *compiledCache) files() []string {
	var names []string
	dirs, _ := os.ReadDir(c.dir)
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		entries, _ := os.ReadDir(filepath.Join(c.dir, d.Name()))
		for _, e := range entries {
			if e.Type().IsRegular() {
				names = append(names, d.Name()+"/"+e.Name())
			}
		}
	}
	return names
}

// compiled records the file the compile just wrote, when there is one new
// file, and reports whether it did; with none new, the module's file was
// already there and vouched for.
func (c *compiledCache) compiled() bool {
	if c == nil {
		return false
	}
	var added []string
	for _, name := range c.files() {
		if !c.before[name] {
			added = append(added, name)
		}
	}
	if len(added) != 1 {
		return false
	}
	content, unmap, err := readMapped(filepath.Join(c.dir, added[0]))
	if err != nil {
		return false
	}
	line := fmt.Sprintf("%s %d %x\n", added[0], len(content), crc32.Checksum(content, castagnoli))
	unmap()
	version, _, _ := strings.Cut(added[0], "/")
	if err := os.MkdirAll(c.records, 0o755); err != nil {
		return false
	}
	return writeFileAtomic(c.records, filepath.Join(c.records, c.key+"@"+version), []byte(line)) == nil
}
