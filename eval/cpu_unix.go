//go:build unix

package eval

import (
	"syscall"
	"time"
)

// processCPU returns the user plus system CPU time this process has used,
// so throughput can be stated per CPU-second on a machine other work is
// sharing.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
