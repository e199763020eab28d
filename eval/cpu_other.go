//go:build !unix

package eval

import "time"

// processCPU is not measured on this platform; CPU-based figures read 0.
func processCPU() time.Duration { return 0 }
