module github.com/pyplay/pyplay

go 1.26.8

require (
	github.com/tetratelabs/wazero v1.12.0
	golang.org/x/sys v0.50.0
)

require golang.org/x/term v0.48.0 // indirect
