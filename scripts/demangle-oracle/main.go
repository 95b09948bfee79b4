// Command demangle-oracle writes the expected outputs of swprof's demangler
// tests from the demangle package pprof uses (github.com/ianlancetaylor/demangle,
// as vendored in Go's tree; scripts/gen-demangle-fixtures.sh builds it).
//
//	demangle-oracle table < names      name<TAB>default<TAB>templates<TAB>full per line:
//	                                   the function name pprof's symbolizer gives each
//	                                   system name in its three demangling modes
//	demangle-oracle profile OUT < names  a CPU profile whose functions have these
//	                                   system names (a mapping marked as symbolized),
//	                                   for go tool pprof's reports on them
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/google/pprof/profile"
	"github.com/ianlancetaylor/demangle"
)

func readNames() []string {
	var names []string
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			names = append(names, s)
		}
	}
	return names
}

// pprofName is what pprof's symbolizer (demangleSingleFunction) makes of a
// system name with these options: demangled, else demangled without a
// leading '_', else the parameter/template heuristics for names that look
// like already demangled C++.
func pprofName(name string, opts []demangle.Option) string {
	if d := demangle.Filter(name, opts...); d != name {
		return d
	}
	if strings.HasPrefix(name, "_") {
		if d := demangle.Filter(name[1:], opts...); d != name[1:] {
			return d
		}
	}
	return name // swprof's tests of the heuristics use pprof's reports
}

func main() {
	modes := [][]demangle.Option{
		{demangle.NoParams, demangle.NoEnclosingParams, demangle.NoTemplateParams},
		{demangle.NoParams, demangle.NoEnclosingParams},
		{demangle.NoClones},
	}
	names := readNames()
	switch os.Args[1] {
	case "table":
		for _, n := range names {
			row := []string{n}
			for _, m := range modes {
				row = append(row, pprofName(n, m))
			}
			fmt.Println(strings.Join(row, "\t"))
		}
	case "profile":
		p := &profile.Profile{
			SampleType: []*profile.ValueType{{Type: "samples", Unit: "count"}, {Type: "cpu", Unit: "nanoseconds"}},
			PeriodType: &profile.ValueType{Type: "cpu", Unit: "nanoseconds"},
			Period:     10000000,
		}
		m := &profile.Mapping{ID: 1, Start: 0x400000, Limit: 0x800000, File: "names", HasFunctions: true}
		p.Mapping = []*profile.Mapping{m}
		var locs []*profile.Location
		for i, n := range names {
			f := &profile.Function{ID: uint64(i + 1), Name: n, SystemName: n}
			p.Function = append(p.Function, f)
			l := &profile.Location{ID: uint64(i + 1), Mapping: m, Address: 0x400000 + uint64(i)*16, Line: []profile.Line{{Function: f, Line: int64(i + 1)}}}
			locs = append(locs, l)
		}
		p.Location = locs
		// Stacks of one to three frames with distinct values, so reports order them one way.
		for i := range locs {
			stack := []*profile.Location{locs[i]}
			if i%3 != 0 {
				stack = append(stack, locs[(i*7+1)%len(locs)])
			}
			if i%5 == 1 {
				stack = append(stack, locs[(i*11+2)%len(locs)])
			}
			v := int64(i*37%1000 + 1)
			p.Sample = append(p.Sample, &profile.Sample{Location: stack, Value: []int64{v, v * 10000000}})
		}
		out, err := os.Create(os.Args[2])
		if err != nil {
			panic(err)
		}
		if err := p.Write(out); err != nil {
			panic(err)
		}
		out.Close()
	}
}
