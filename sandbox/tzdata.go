package sandbox

import (
	"archive/zip"
	"bytes"
	_ "embed"
	"io"
	"io/fs"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/experimental/sysfs"
)

// zoneinfoDir is where the guest's zoneinfo module looks first for the
// time-zone database (its TZPATH). This python.wasm has none of its own.
const zoneinfoDir = "/usr/share/zoneinfo"

// tzdataZip is the IANA database, release 2025c, as Go ships it
// (see tzdata/README.md; SHA-256 8f55634d…ff12e8).
//
//go:embed tzdata/zoneinfo.zip
var tzdataZip []byte

// tzdata is the database as a read-only file system, directories included;
// parsed once, immutable after.
var tzdata = sync.OnceValues(func() (fs.FS, error) {
	r, err := zip.NewReader(bytes.NewReader(tzdataZip), int64(len(tzdataZip)))
	return seekableFS{r}, err
})

// seekableFS serves a zip's files from memory: zoneinfo seeks in them, and
// a zip's fs.File cannot seek.
type seekableFS struct{ zip *zip.Reader }

// Open implements fs.FS.
func (s seekableFS) Open(name string) (fs.File, error) {
	f, err := s.zip.Open(name)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil || info.IsDir() {
		return f, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 1<<20)) // a zone file is a few KiB
	if err != nil {
		return nil, err
	}
	return &memFile{Reader: bytes.NewReader(data), name: info.Name(), size: int64(len(data))}, nil
}

// mountTZData adds the database, read-only, at zoneinfoDir.
func mountTZData(cfg wazero.FSConfig) wazero.FSConfig {
	db, err := tzdata()
	if err != nil { // the embedded file is checked by a test: never here
		return cfg
	}
	return cfg.(sysfs.FSConfig).WithSysFSMount(&sysfs.ReadFS{FS: &sysfs.AdaptFS{FS: db}}, zoneinfoDir)
}
