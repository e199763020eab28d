package chserver

import "syscall"

// sysProcAttr puts the server in its own process group (so a Ctrl-C in the
// terminal reaches only us, and we decide how it stops) and asks the kernel
// to SIGTERM it if we die, so it never outlives the pipeline. Pdeathsig
// fires when the OS thread that started the child exits; the Go runtime
// only ends threads of goroutines that exit while locked to them, which
// Start never does.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
}
