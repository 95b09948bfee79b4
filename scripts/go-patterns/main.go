// Command go-patterns writes the table of regular expressions that swprof's
// pattern tests compare against: for each pattern, whether Go's regexp
// compiles it (and its exact error text when not), and whether it matches
// each sample string. Run by scripts/gen-pattern-table.sh; the output is
// committed as Tests/Fixtures/patterns/go-patterns.json.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strings"
)

// Patterns users write in -focus, -ignore, -tagfocus, the shell and URLs:
// accepted syntax, every kind of rejection, and expressions that take
// exponential time in a backtracking engine.
var patterns = []string{
	// Accepted: literals, anchors, classes, flags, Unicode, quoting, groups.
	"", "main", `main\.`, `^main\.`, `^runtime\.mallocgc$`, `\.func1$`, `\(\*Regexp\)`, `regexp.\(\*machine\).add`,
	"mallocgc|growslice", "(?i)MAIN", "(?i)straße", "(?i)k", "(?i)σ", `\pL+$`, `^\pL+$`, `\p{Greek}`, `\PL`, `\pN`, `\p{Han}+`,
	`\p{^Greek}`, `[\p{Lu}]`, `\P{Lu}`, "[[:alpha:]]+", "^[[:alpha:]]+$", "[[:^digit:]]", "[[:word:]]", "[[:punct:]]",
	`\Qa.b\E`, `\Qa.b`, `\Q(*T)\E`, `\Q\E`, `\Q\E*`, "(?P<name>x)", "(?<name>x)", "(?P<n>a)(?P<m>b)",
	"a{2,5}", "d{2}", "d{1000}", "d{0,1000}", "a{,5}", "a{,}", "{", "a{1", "x{2}{3}", "x*?", "x+?", "x??", "(?U)x*",
	"(?s)a.b", "a.b", "(?m)^b$", "^b$", `\bfoo\b`, `\Bain`, `\Amain`, `main\z`, `\x41`, `\x{263a}`, `\x{110000}`,
	`\101`, `\0`, `[a-z&&[^b]]`, `[^\x00-\x{10FFFF}]`, `\d\s\w`, `\D\S\W`, `\f\t\n\r\v\a`, `\e`, ".*", ".+", "(?:)", "()",
	"|", "a|", "(?i)(?-i)a", "(?i-s:a.)", "(?i:A)n", "[]a]", "[^]a]", `[a\-z]`, `[\d-z]`, `[a-\d]`, "[-a]", "[a-]",
	`\.\+\*\?\(\)\|\[\]\{\}\^\$`, `\!\@\#\%\&\-\=\~\,\<\>\:\;\"\'\/\_` + "\\`",
	"日本", "[日本]", "Ω", "(a)|b", "(?i)[^k]", `\$`, `^$`, "x{1000}", "(?:a{10}){10}",
	// Exponential for backtracking engines; linear here.
	"(.*d){25}", "(.*d){25}x", "(a*)*b", "(a|aa)*c", "(x+x+)+y", "(.*)*z", "((a{10}){10}){10}", "(\\w+\\s?)+$",
	// Rejected: look-around, back-references, sizes, syntax.
	`\C`, `a\C`, `[\C]`, "(?=x)", "(?!x)", "(?<=x)", "(?<!x)", `(a)\1`, `\k<a>`, "a{1001}", "a{1000,1001}", "a{2,1}",
	"(?P<n>a)(?P<n>b)", "(?P<>a)", "(?P<1a>x)", "(?<n", "(?P=n)", "(?P>n)", "a**", "a*+", "a++", "a?*", "*", "+a", "?", "a|*",
	"(*)", "(", ")", "a)", "(a", "((a)", "[a", "[a-", "[", "[]", "[^]", "[z-a]", "[[:foo:]]", `[[:alpha:]`, `\`, `a\`, `\8`, `\Z`,
	`\G`, `\X`, `\R`, `\h`, `\p{Foo}`, `\pX`, `\p`, `\p{`, `\x{`, `\xZ`, `\x{zz}`, "(?x)a b", "(?#comment)", "(?i", "(?z)", "(?",
	"(?-)", "(?i-)", "x{1001,}", "(?:(?:a{1000}){1000}){1000}", "(a{1000}){1000}", ".{1000}{2}",
	strings.Repeat("(", 1001) + strings.Repeat(")", 1001), strings.Repeat("(", 999) + strings.Repeat(")", 999),
	strings.Repeat("(", 1000) + strings.Repeat(")", 1000), strings.Repeat("(?:", 999) + "a" + strings.Repeat(")", 999),
	`\x{12`, `a\x{`, `[\x{`, "(?i)ǅ", `[[:upper:]]`, `(?i)[[:upper:]]`,
	"(?P<name", "(?P<name>", `\Q`, `x\Q*`, "a{1000}{1000}", "[a-b-c]", "[\\", "(?i)(", "\\pN{1001}",
}

// Strings the patterns are matched against: function names, files, labels,
// non-ASCII text, and long runs that make backtracking engines explode.
var samples = []string{
	"main.main", "runtime.mallocgc", "regexp.(*Regexp).Match", "regexp.(*machine).add",
	"github.com/foo/bar.(*T).Method.func1", "/usr/lib/go/src/runtime/proc.go", "main.go:12", "Straße", "STRASSE",
	"日本語", "Ωμέγα", "ΣΊΣΥΦΟΣ", "ς", "\u212a", "k", "", "a\nb", "b", "foo bar", "handler:/api/v1", "bytes:1024", "x{2}{3}",
	"a.b", "A", "an", "ab", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac", "a{,5}", "{", "a{1", "$", "^",
	strings.Repeat("d", 60), strings.Repeat("x", 60), strings.Repeat("a", 60), strings.Repeat("word ", 40) + "!",
	"\u263a", "a]b", "-", "a-z", "!@#", "\x01\x7f", "é", "e\u0301",
}

type row struct {
	Pattern string `json:"pattern"`
	// Error is Go's err.Error(), or absent when the pattern compiles.
	Error string `json:"error,omitempty"`
	// Matches has one entry per sample: whether MatchString is true.
	Matches []bool `json:"matches,omitempty"`
}

type table struct {
	Go       string   `json:"go"`
	Samples  []string `json:"samples"`
	Patterns []row    `json:"patterns"`
}

func main() {
	t := table{Go: runtime.Version(), Samples: samples}
	for _, p := range patterns {
		r := row{Pattern: p}
		re, err := regexp.Compile(p)
		if err != nil {
			r.Error = err.Error()
		} else {
			r.Matches = make([]bool, len(samples))
			for i, s := range samples {
				r.Matches[i] = re.MatchString(s)
			}
		}
		t.Patterns = append(t.Patterns, r)
	}
	out, err := json.MarshalIndent(t, "", " ")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Stdout.Write(append(out, '\n'))
}
