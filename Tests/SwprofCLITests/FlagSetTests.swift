import Testing
@testable import SwprofCLI

@Suite struct FlagSetTests {
    var set: FlagSet {
        var s = FlagSet()
        s.add("top", .bool)
        s.add("trim", .bool)
        s.add("nodecount", .int)
        s.add("nodefraction", .float)
        s.add("focus", .string)
        s.add("base", .stringList)
        return s
    }

    @Test func singleAndDoubleDashAreTheSame() throws {
        let r = try set.parse(["-top", "--trim", "--focus=main", "-nodecount", "5", "file"])
        #expect(r.bool("top") && r.bool("trim"))
        #expect(r.last("focus") == "main")
        #expect(r.last("nodecount") == "5")
        #expect(r.arguments == ["file"])
    }

    @Test func valueFormsEqualsAndSeparate() throws {
        let r = try set.parse(["-focus", "-starts-with-dash", "-nodefraction=0.1", "x"])
        #expect(r.last("focus") == "-starts-with-dash")
        #expect(r.last("nodefraction") == "0.1")
        let e = try set.parse(["-focus=", "x"])
        #expect(e.last("focus") == "")
        let eq = try set.parse(["-focus=a=b", "x"])
        #expect(eq.last("focus") == "a=b")
    }

    @Test func booleansTakeValuesOnlyAfterEquals() throws {
        let r = try set.parse(["-trim=false", "-top=1", "x"])
        #expect(!r.bool("trim") && r.bool("top"))
        #expect(r.last("trim") == "false")
        // "-trim false": false is the first positional argument.
        let s = try set.parse(["-trim", "false", "x"])
        #expect(s.bool("trim") && s.arguments == ["false", "x"])
        for spelling in ["0", "f", "F", "FALSE", "false", "False"] {
            #expect(try !set.parse(["-trim=\(spelling)"]).bool("trim"))
        }
        for spelling in ["1", "t", "T", "TRUE", "true", "True"] {
            #expect(try set.parse(["-trim=\(spelling)"]).bool("trim"))
        }
    }

    @Test func repeatedListFlagsKeepEveryValueAndOthersKeepTheLast() throws {
        let r = try set.parse(["-base", "a", "-base=b", "-focus=x", "-focus=y", "p"])
        #expect(r.all("base") == ["a", "b"])
        #expect(r.last("focus") == "y")
    }

    @Test func parsingStopsAtFirstNonFlagAndAfterDoubleDash() throws {
        let r = try set.parse(["-top", "file", "-trim"])
        #expect(r.arguments == ["file", "-trim"])
        #expect(!r.bool("trim"))
        let d = try set.parse(["-top", "--", "-trim"])
        #expect(d.arguments == ["-trim"])
        let dash = try set.parse(["-", "x"])
        #expect(dash.arguments == ["-", "x"])
    }

    @Test func errorsUseGoWording() {
        #expect(throws: FlagSet.ParseError.undefined("bogus")) { try set.parse(["-bogus"]) }
        #expect(throws: FlagSet.ParseError.missingArgument("focus")) { try set.parse(["-focus"]) }
        #expect(throws: FlagSet.ParseError.invalidBool(name: "trim", value: "maybe")) { try set.parse(["-trim=maybe"]) }
        #expect(throws: FlagSet.ParseError.invalidValue(name: "nodecount", value: "x", reason: "parse error")) {
            try set.parse(["-nodecount=x"])
        }
        #expect(throws: FlagSet.ParseError.badSyntax("---top")) { try set.parse(["---top"]) }
        #expect(throws: FlagSet.ParseError.badSyntax("-=x")) { try set.parse(["-=x"]) }
        #expect(throws: FlagSet.ParseError.help) { try set.parse(["-h"]) }
        #expect(throws: FlagSet.ParseError.help) { try set.parse(["--help"]) }
        #expect(FlagSet.ParseError.undefined("bogus").description == "flag provided but not defined: -bogus")
        #expect(FlagSet.ParseError.invalidBool(name: "trim", value: "maybe").description
            == "invalid boolean value \"maybe\" for -trim: parse error")
        #expect(FlagSet.ParseError.invalidValue(name: "nodecount", value: "x", reason: "parse error").description
            == "invalid value \"x\" for flag -nodecount: parse error")
    }

    @Test func numbersAsGoReadsThem() {
        #expect(parseGoInt("42") == 42)
        #expect(parseGoInt("-7") == -7)
        #expect(parseGoInt("0x10") == 16)
        #expect(parseGoInt("010") == 8)
        #expect(parseGoInt("1_000") == 1000)
        #expect(parseGoInt("1.5") == nil)
        #expect(parseGoInt("") == nil)
        #expect(parseGoInt("99999999999999999999") == nil)
        #expect(parseGoFloat("0.5") == 0.5)
        #expect(parseGoFloat("1e-3") == 0.001)
        #expect(parseGoFloat("x") == nil)
    }
}
