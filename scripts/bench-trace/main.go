// Command bench-trace traces itself for a given time while many goroutines
// stay busy in every way the trace's blocking profiles tell apart: loopback
// HTTP (network), mutexes, channels and select (sync), file system calls
// (syscall), and CPU-bound goroutines beyond GOMAXPROCS (scheduler). It makes
// traces of any size for scripts/bench-trace.sh. It stops after DURATION
// (such as 2s), or once the trace holds SIZE bytes (such as 20MB).
//
//	go run . trace.out 2s
//	go run . trace.out 20MB
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/trace"
	"sync"
	"sync/atomic"
	"time"
)

var stop atomic.Bool

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: bench-trace OUT DURATION")
		os.Exit(2)
	}
	var limit int64
	d, err := time.ParseDuration(os.Args[2])
	if err != nil {
		if _, err := fmt.Sscanf(os.Args[2], "%dMB", &limit); err != nil || limit <= 0 {
			fmt.Fprintln(os.Stderr, "bench-trace: give a duration (2s) or a size (20MB)")
			os.Exit(2)
		}
		limit <<= 20
		d = time.Hour
	}
	file, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	defer file.Close()
	out := &countingWriter{w: file}
	runtime.GOMAXPROCS(2)
	if err := trace.Start(out); err != nil {
		panic(err)
	}
	var wg sync.WaitGroup
	for _, work := range []func(){httpLoad, mutexes, channels, selects, files, cpu} {
		wg.Add(1)
		go func(work func()) {
			defer wg.Done()
			work()
		}(work)
	}
	for start := time.Now(); time.Since(start) < d && (limit == 0 || out.n.Load() < limit); {
		time.Sleep(5 * time.Millisecond)
	}
	stop.Store(true)
	wg.Wait()
	trace.Stop()
}

// countingWriter counts the bytes the tracer has written.
type countingWriter struct {
	w io.Writer
	n atomic.Int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n.Add(int64(len(p)))
	return c.w.Write(p)
}

func httpLoad() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	server := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello %s", r.URL.Path)
	})}
	go server.Serve(ln)
	var wg sync.WaitGroup
	for c := 0; c < 8; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
			for i := 0; !stop.Load(); i++ {
				resp, err := client.Get(fmt.Sprintf("http://%s/%d/%d", ln.Addr(), c, i))
				if err != nil {
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}(c)
	}
	wg.Wait()
	server.Close()
}

func mutexes() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	counter := 0
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				mu.Lock()
				for i := 0; i < 2000; i++ {
					counter += i
				}
				mu.Unlock()
				runtime.Gosched()
			}
		}()
	}
	wg.Wait()
}

func channels() {
	var wg sync.WaitGroup
	for pair := 0; pair < 8; pair++ {
		ch := make(chan int)
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				ch <- i
			}
			close(ch)
		}()
		go func() {
			defer wg.Done()
			for range ch {
			}
		}()
	}
	wg.Wait()
}

func selects() {
	a, b := make(chan int), make(chan int)
	done := make(chan struct{})
	go func() {
		for i := 0; ; i++ {
			select {
			case a <- i:
			case b <- i:
			case <-done:
				return
			}
		}
	}()
	for !stop.Load() {
		select {
		case <-a:
		case <-b:
		case <-time.After(time.Millisecond):
		}
	}
	close(done)
}

func files() {
	dir, err := os.MkdirTemp("", "bench-trace")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			path := filepath.Join(dir, fmt.Sprint(w))
			buf := make([]byte, 4096)
			for !stop.Load() {
				f, err := os.Create(path)
				if err != nil {
					panic(err)
				}
				f.Write(buf)
				f.Close()
				os.ReadFile(path)
			}
		}(w)
	}
	wg.Wait()
}

func cpu() {
	var wg sync.WaitGroup
	for g := 0; g < 6; g++ {
		wg.Add(1)
		go func(x uint64) {
			defer wg.Done()
			for !stop.Load() {
				for i := 0; i < 100000; i++ {
					x = x*6364136223846793005 + 1442695040888963407
				}
				if x == 0 {
					fmt.Println(x)
				}
			}
		}(uint64(g))
	}
	wg.Wait()
}
