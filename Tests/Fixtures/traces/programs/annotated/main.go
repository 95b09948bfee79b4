// Command annotated traces itself while it runs user tasks (nested, some
// left unfinished, one begun before tracing started), user regions of
// several types and durations, user logs (some with text that must be
// escaped), and enough allocation to run the garbage collector a few times:
// the input of the trace UI's task, region, log and MMU pages.
//
//	go run . trace.out
package main

import (
	"context"
	"fmt"
	"os"
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
	// A task begun before tracing: the trace sees only its end.
	early, earlyTask := trace.NewTask(context.Background(), "early")
	if err := trace.Start(out); err != nil {
		panic(err)
	}
	defer trace.Stop()
	trace.Log(early, "phase", "tracing started")

	ctx, batch := trace.NewTask(context.Background(), "batch")
	var wg sync.WaitGroup
	for i := 0; i < 12; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			request(ctx, i)
		}(i)
	}
	wg.Wait()
	earlyTask.End()
	batch.End()

	// Left unfinished: begun, never ended before the trace stops.
	open, _ := trace.NewTask(context.Background(), "unfinished")
	trace.Log(open, "note", "this task never ends")
	region := trace.StartRegion(open, "open-region")
	allocate(200)
	_ = region // not ended
}

func request(ctx context.Context, i int) {
	ctx, task := trace.NewTask(ctx, "request")
	defer task.End()
	trace.Logf(ctx, "request", "id=%d <b>&\"quoted\"</b> ünïcode", i)
	trace.WithRegion(ctx, "decode", func() {
		spin(time.Duration(50+i*40) * time.Microsecond)
	})
	trace.WithRegion(ctx, "query", func() {
		time.Sleep(time.Duration(200+i*150) * time.Microsecond)
		allocate(100)
	})
	if i%3 == 0 {
		trace.WithRegion(ctx, "<render>", func() {
			spin(time.Duration(300) * time.Microsecond)
		})
	}
	if i%4 == 0 {
		_, sub := trace.NewTask(ctx, "cache-fill")
		time.Sleep(time.Duration(100+i*10) * time.Microsecond)
		sub.End()
	}
	trace.Log(ctx, "", fmt.Sprintf("done %d", i))
}

func spin(d time.Duration) {
	end := time.Now().Add(d)
	for time.Now().Before(end) {
	}
}

func allocate(n int) {
	for i := 0; i < n; i++ {
		sink = append(sink, make([]byte, 64<<10))
		if len(sink) > 64 {
			sink = sink[:0]
		}
	}
}
