// gohot burns CPU in a few functions and writes its CPU profile, for the
// web UI's Disassemble and Source views on a Go binary.
package main

import (
	"fmt"
	"os"
	"runtime/pprof"
	"time"
)

//go:noinline
func mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	return x
}

//go:noinline
func hashLoop(n int) uint64 {
	var h uint64
	for i := 0; i < n; i++ {
		h += mix(uint64(i) + h)
	}
	return h
}

//go:noinline
func sieve(n int) int {
	composite := make([]bool, n)
	count := 0
	for i := 2; i < n; i++ {
		if !composite[i] {
			count++
			for j := i * i; j < n; j += i {
				composite[j] = true
			}
		}
	}
	return count
}

func main() {
	out, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	pprof.StartCPUProfile(out)
	var total uint64
	for start := time.Now(); time.Since(start) < 1500*time.Millisecond; {
		total += hashLoop(200000) + uint64(sieve(300000))
	}
	pprof.StopCPUProfile()
	out.Close()
	fmt.Println(total)
}
