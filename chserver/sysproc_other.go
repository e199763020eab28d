//go:build unix && !linux

package chserver

import "syscall"

// sysProcAttr puts the server in its own process group. Outside Linux there
// is no parent-death signal: Stop must be called, and a leftover server is
// stopped by the next Start on the same Dir.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
