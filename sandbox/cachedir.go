package sandbox

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// CacheEntry is one part of pyplay's cache dir and what it holds.
type CacheEntry struct {
	Name  string // python.wasm, snapshot, wazero, …
	Path  string
	Bytes int64
	Files int
}

// derivedCaches are the parts of the cache dir pyplay makes from
// python.wasm, and can make again.
var derivedCaches = []string{"snapshot", "wazero", "compiled", "fuel", "verified"}

// CacheUsage lists the cache dir's parts (see Config.WithCacheDir): the
// provisioned python.wasm and each derived cache, with their sizes.
func CacheUsage(cfg Config) ([]CacheEntry, error) {
	dir, err := cfg.resolvedCacheDir()
	if err != nil {
		return nil, err
	}
	var out []CacheEntry
	for _, name := range append([]string{cachedWasmName}, derivedCaches...) {
		e := CacheEntry{Name: name, Path: filepath.Join(dir, name)}
		_ = filepath.WalkDir(e.Path, func(_ string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				if info, err := d.Info(); err == nil {
					e.Bytes += info.Size()
					e.Files++
				}
			}
			return nil
		})
		out = append(out, e)
	}
	return out, nil
}

// ClearCache removes the derived caches; the provisioned python.wasm stays,
// so nothing is downloaded again. The next start compiles and snapshots
// anew (~10 s).
func ClearCache(cfg Config) error {
	dir, err := cfg.resolvedCacheDir()
	if err != nil {
		return err
	}
	for _, name := range derivedCaches {
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	return nil
}

// pruneOlder removes, from cache dir sub, the files for python.wasm sha
// other than keep: what older pyplay versions made of the same python.wasm
// (a snapshot is 24 MB, compiled code 40 MB) would otherwise stay forever.
func pruneOlder(cacheDir, sub, sha, keep string) {
	if cacheDir == "" || len(sha) < 32 {
		return
	}
	names, _ := filepath.Glob(filepath.Join(cacheDir, sub, sha[:32]+"*"))
	sort.Strings(names)
	for _, name := range names {
		if filepath.Base(name) != keep && !strings.HasPrefix(filepath.Base(name), keep+"@") {
			if sub == "compiled" { // the record's compiled code goes with it
				if data, err := os.ReadFile(name); err == nil {
					if f := strings.Fields(string(data)); len(f) == 3 && !strings.Contains(f[0], "..") {
						_ = os.Remove(filepath.Join(cacheDir, "wazero", f[0]))
					}
				}
			}
			_ = os.Remove(name)
		}
	}
}
