#!/bin/sh
# Regenerates the expected pprof outputs the web UI tests compare against.
set -e
cd "$(dirname "$0")"
p=../../Fixtures/profiles/heap.2.pb.gz
export TZ=UTC
# The reference pprof: Go 1.27.3 (GO=path/to/go; see the README).
GO=${GO:-go}
"$GO" tool pprof -top "$p" > heap.2.top.txt
"$GO" tool pprof -top -sample_index=alloc_space -focus=main "$p" > heap.2.alloc_space.focus-main.top.txt
"$GO" tool pprof -top -cum -nodecount=5 "$p" > heap.2.cum.n5.top.txt
"$GO" tool pprof -top -lines -ignore=runtime "$p" > heap.2.lines.ignore-runtime.top.txt
"$GO" tool pprof -top -tagfocus=64kb: -hide=net/http "$p" > heap.2.tagfocus-64kb.hide-http.top.txt 2>/dev/null
# The web UI's Peek also focuses on its pattern (f is pprof's focus).
"$GO" tool pprof -peek='^main\.handler( |$)' -focus='^main\.handler( |$)' -lines "$p" > heap.2.peek-handler.txt
