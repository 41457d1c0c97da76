//go:build !linux

package sandbox

import "os/exec"

// dieWithParent has no kernel help here: the context still kills cmd when
// pyplay ends normally.
func dieWithParent(*exec.Cmd) {}

// adviseHugePages: transparent huge pages are Linux's.
func adviseHugePages([]byte) {}
