// Command ticker traces itself for 1.3 seconds while a few goroutines wake
// on tickers, pass values on channels and take a mutex, so that the trace
// spans several generations (Go 1.22+ starts one every second) yet stays small.
//
//	go run main.go trace.out
package main

import (
	"os"
	"runtime/trace"
	"sync"
	"time"
)

func main() {
	out, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	defer out.Close()
	if err := trace.Start(out); err != nil {
		panic(err)
	}
	defer trace.Stop()

	var mu sync.Mutex
	values := make(chan int)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			tick := time.NewTicker(time.Duration(20+7*w) * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-tick.C:
					mu.Lock()
					time.Sleep(time.Millisecond)
					mu.Unlock()
					values <- w
				case <-stop:
					return
				}
			}
		}(w)
	}
	deadline := time.After(1300 * time.Millisecond)
	for {
		select {
		case <-values:
		case <-deadline:
			close(stop)
			go func() {
				for range values {
				}
			}()
			wg.Wait()
			return
		}
	}
}
