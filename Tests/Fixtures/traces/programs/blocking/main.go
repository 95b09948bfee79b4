// Command blocking traces itself while its goroutines wait in every way the
// trace's blocking profiles tell apart: loopback HTTP (network), mutexes,
// channels, select, wait groups and conditions (sync), file system calls
// (syscall), CPU-bound goroutines beyond GOMAXPROCS (scheduler), plus GC,
// sleeps, user tasks, regions and logs.
//
//	go run . trace.out
package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/trace"
	"sync"
	"time"
)

var sink [][]byte

func main() {
	out, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	defer out.Close()
	runtime.GOMAXPROCS(2)
	if err := trace.Start(out); err != nil {
		panic(err)
	}
	defer trace.Stop()

	ctx, task := trace.NewTask(context.Background(), "blocking")
	defer task.End()
	var wg sync.WaitGroup
	for _, work := range []func(context.Context){serveAndFetch, contendMutex, passOnChannels, selectLoop, waitOnCond, writeFiles, burnCPU, collectGarbage} {
		wg.Add(1)
		go func(work func(context.Context)) {
			defer wg.Done()
			work(ctx)
		}(work)
	}
	wg.Wait()
	trace.Log(ctx, "done", "all workers finished")
}

func serveAndFetch(ctx context.Context) {
	defer trace.StartRegion(ctx, "http").End()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	server := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(2 * time.Millisecond)
		fmt.Fprintf(w, "hello %s", r.URL.Path)
	})}
	go server.Serve(ln)
	client := &http.Client{}
	for i := 0; i < 8; i++ {
		resp, err := client.Get(fmt.Sprintf("http://%s/%d", ln.Addr(), i))
		if err != nil {
			panic(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	server.Close()
}

func contendMutex(ctx context.Context) {
	defer trace.StartRegion(ctx, "mutex").End()
	var mu sync.Mutex
	var wg sync.WaitGroup
	counter := 0
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				mu.Lock()
				counter++
				spin(20000)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
}

func passOnChannels(ctx context.Context) {
	defer trace.StartRegion(ctx, "channels").End()
	ch := make(chan int)
	done := make(chan bool)
	go func() {
		for v := range ch {
			if v%10 == 0 {
				time.Sleep(500 * time.Microsecond)
			}
		}
		done <- true
	}()
	for i := 0; i < 50; i++ {
		ch <- i
	}
	close(ch)
	<-done
}

func selectLoop(ctx context.Context) {
	defer trace.StartRegion(ctx, "select").End()
	a, b := make(chan int), make(chan int)
	go func() {
		for i := 0; i < 20; i++ {
			time.Sleep(200 * time.Microsecond)
			if i%2 == 0 {
				a <- i
			} else {
				b <- i
			}
		}
	}()
	for i := 0; i < 20; i++ {
		select {
		case <-a:
		case <-b:
		}
	}
}

func waitOnCond(ctx context.Context) {
	defer trace.StartRegion(ctx, "cond").End()
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	ready := 0
	var wg sync.WaitGroup
	for g := 0; g < 3; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			for ready == 0 {
				cond.Wait()
			}
			mu.Unlock()
		}()
	}
	time.Sleep(3 * time.Millisecond)
	mu.Lock()
	ready = 1
	cond.Broadcast()
	mu.Unlock()
	wg.Wait()
}

func writeFiles(ctx context.Context) {
	defer trace.StartRegion(ctx, "files").End()
	dir, err := os.MkdirTemp("", "blocking")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	buf := make([]byte, 64<<10)
	for i := 0; i < 10; i++ {
		name := filepath.Join(dir, fmt.Sprintf("f%d", i))
		f, err := os.Create(name)
		if err != nil {
			panic(err)
		}
		f.Write(buf)
		f.Sync()
		f.Close()
		os.ReadFile(name)
	}
}

func burnCPU(ctx context.Context) {
	defer trace.StartRegion(ctx, "cpu").End()
	var wg sync.WaitGroup
	for g := 0; g < 6; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			spin(3000000)
		}()
	}
	wg.Wait()
}

func collectGarbage(ctx context.Context) {
	defer trace.StartRegion(ctx, "gc").End()
	for i := 0; i < 200; i++ {
		sink = append(sink, make([]byte, 32<<10))
		if len(sink) > 50 {
			sink = sink[:0]
		}
	}
	runtime.GC()
	trace.Log(ctx, "gc", "forced")
}

var spinSink uint64

func spin(n int) {
	x := uint64(1)
	for i := 0; i < n; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	spinSink += x
}
