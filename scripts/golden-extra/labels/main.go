// labels writes small profiles whose samples carry pprof labels, for swprof's
// golden tests of -tags, -tagfocus, -tagignore, -tagshow and -taghide:
// a CPU profile (OUT/labels.cpu.pb.gz) and a goroutine profile
// (OUT/labels.goroutine.pb.gz).
package main

import (
	"context"
	"crypto/sha256"
	"flag"
	"log"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"sync"
	"time"
)

func hashLoop(d time.Duration) {
	buf := make([]byte, 4096)
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		sum := sha256.Sum256(buf)
		buf[0] = sum[0]
	}
}

func sortLoop(d time.Duration) {
	end := time.Now().Add(d)
	xs := make([]int, 2000)
	for time.Now().Before(end) {
		for i := range xs {
			xs[i] = (i * 7919) % 2003
		}
		sort.Ints(xs)
	}
}

func main() {
	out := flag.String("out", ".", "output directory")
	flag.Parse()
	cpu, err := os.Create(filepath.Join(*out, "labels.cpu.pb.gz"))
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		log.Fatal(err)
	}
	var wg sync.WaitGroup
	work := []struct {
		worker, phase string
		d             time.Duration
		f             func(time.Duration)
	}{
		{"alpha", "hash", 600 * time.Millisecond, hashLoop},
		{"beta", "hash", 300 * time.Millisecond, hashLoop},
		{"beta", "sort", 500 * time.Millisecond, sortLoop},
		{"gamma", "sort", 200 * time.Millisecond, sortLoop},
	}
	for _, w := range work {
		w := w
		wg.Add(1)
		go func() {
			defer wg.Done()
			pprof.Do(context.Background(), pprof.Labels("worker", w.worker, "phase", w.phase), func(context.Context) {
				w.f(w.d)
			})
		}()
	}
	wg.Wait()
	pprof.StopCPUProfile()
	cpu.Close()

	// Goroutines parked with labels, then a goroutine profile.
	block := make(chan struct{})
	for i, w := range []string{"alpha", "beta", "beta", "gamma", "gamma", "gamma"} {
		phase := "wait"
		if i%2 == 1 {
			phase = "idle"
		}
		go pprof.Do(context.Background(), pprof.Labels("worker", w, "phase", phase), func(context.Context) { <-block })
	}
	time.Sleep(100 * time.Millisecond)
	g, err := os.Create(filepath.Join(*out, "labels.goroutine.pb.gz"))
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.Lookup("goroutine").WriteTo(g, 0); err != nil {
		log.Fatal(err)
	}
	g.Close()
	close(block)
}
