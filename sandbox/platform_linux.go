package sandbox

import (
	"os/exec"
	"syscall"

	"golang.org/x/sys/unix"
)

// dieWithParent makes the kernel kill cmd when pyplay dies, however it dies.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

// adviseHugePages asks for 2 MiB pages where the kernel gives them on
// request (transparent huge pages in "madvise" mode).
func adviseHugePages(buf []byte) { _ = unix.Madvise(buf, unix.MADV_HUGEPAGE) }
