/// Event types of the generational trace format (Go 1.22 and later), numbered
/// as on the wire, and what the reader needs to know about each: how many
/// arguments follow the timestamp, which one is the event's stack and which
/// are strings.
public enum TraceEventType {
    public static let none: UInt8 = 0
    public static let eventBatch: UInt8 = 1
    public static let stacks: UInt8 = 2
    public static let stack: UInt8 = 3
    public static let strings: UInt8 = 4
    public static let string: UInt8 = 5
    public static let cpuSamples: UInt8 = 6
    public static let cpuSample: UInt8 = 7
    public static let frequency: UInt8 = 8
    public static let procsChange: UInt8 = 9
    public static let procStart: UInt8 = 10
    public static let procStop: UInt8 = 11
    public static let procSteal: UInt8 = 12
    public static let procStatus: UInt8 = 13
    public static let goCreate: UInt8 = 14
    public static let goCreateSyscall: UInt8 = 15
    public static let goStart: UInt8 = 16
    public static let goDestroy: UInt8 = 17
    public static let goDestroySyscall: UInt8 = 18
    public static let goStop: UInt8 = 19
    public static let goBlock: UInt8 = 20
    public static let goUnblock: UInt8 = 21
    public static let goSyscallBegin: UInt8 = 22
    public static let goSyscallEnd: UInt8 = 23
    public static let goSyscallEndBlocked: UInt8 = 24
    public static let goStatus: UInt8 = 25
    public static let stwBegin: UInt8 = 26
    public static let stwEnd: UInt8 = 27
    public static let gcActive: UInt8 = 28
    public static let gcBegin: UInt8 = 29
    public static let gcEnd: UInt8 = 30
    public static let gcSweepActive: UInt8 = 31
    public static let gcSweepBegin: UInt8 = 32
    public static let gcSweepEnd: UInt8 = 33
    public static let gcMarkAssistActive: UInt8 = 34
    public static let gcMarkAssistBegin: UInt8 = 35
    public static let gcMarkAssistEnd: UInt8 = 36
    public static let heapAlloc: UInt8 = 37
    public static let heapGoal: UInt8 = 38
    public static let goLabel: UInt8 = 39
    public static let userTaskBegin: UInt8 = 40
    public static let userTaskEnd: UInt8 = 41
    public static let userRegionBegin: UInt8 = 42
    public static let userRegionEnd: UInt8 = 43
    public static let userLog: UInt8 = 44
    public static let goSwitch: UInt8 = 45
    public static let goSwitchDestroy: UInt8 = 46
    public static let goCreateBlocked: UInt8 = 47
    public static let goStatusStack: UInt8 = 48
    public static let experimentalBatch: UInt8 = 49
    public static let sync: UInt8 = 50
    public static let clockSnapshot: UInt8 = 51
    public static let endOfGeneration: UInt8 = 52
    /// Not on the wire: the reader's marker between generations.
    public static let syncMarker: UInt8 = 255

    /// The wire description of one event type.
    struct Spec {
        var name: String
        /// Arguments after the timestamp.
        var argCount: Int = 0
        /// Whether the event has a timestamp and goes through ordering.
        var timed: Bool = false
        /// The argument (after the timestamp) holding the event's own stack, or -1.
        var stackArg: Int = -1
        /// Other stack arguments (GoCreate's new goroutine's stack).
        var otherStackArg: Int = -1
        var stringArgs: [Int] = []
        /// The "begin" type this "end" (or "active") event closes.
        var startType: UInt8 = 0
    }

    static let specs: [Spec] = {
        var s = [Spec](repeating: Spec(name: ""), count: 137)
        func t(_ type: UInt8, _ name: String, _ args: Int, stack: Int = -1, other: Int = -1, strings: [Int] = [],
               start: UInt8 = 0) {
            s[Int(type)] = Spec(name: name, argCount: args, timed: true, stackArg: stack, otherStackArg: other,
                                stringArgs: strings, startType: start)
        }
        s[Int(eventBatch)] = Spec(name: "EventBatch", argCount: 4)
        s[Int(stacks)] = Spec(name: "Stacks")
        s[Int(stack)] = Spec(name: "Stack", argCount: 2)
        s[Int(strings)] = Spec(name: "Strings")
        s[Int(string)] = Spec(name: "String", argCount: 1)
        s[Int(cpuSamples)] = Spec(name: "CPUSamples")
        s[Int(cpuSample)] = Spec(name: "CPUSample", argCount: 5)
        s[Int(frequency)] = Spec(name: "Frequency", argCount: 1)
        s[Int(experimentalBatch)] = Spec(name: "ExperimentalBatch", argCount: 4)
        s[Int(sync)] = Spec(name: "Sync")
        s[Int(endOfGeneration)] = Spec(name: "EndOfGeneration")
        t(procsChange, "ProcsChange", 2, stack: 1)
        t(procStart, "ProcStart", 2)
        t(procStop, "ProcStop", 0)
        t(procSteal, "ProcSteal", 3)
        t(procStatus, "ProcStatus", 2)
        t(goCreate, "GoCreate", 3, stack: 2, other: 1)
        t(goCreateSyscall, "GoCreateSyscall", 1)
        t(goStart, "GoStart", 2)
        t(goDestroy, "GoDestroy", 0)
        t(goDestroySyscall, "GoDestroySyscall", 0)
        t(goStop, "GoStop", 2, stack: 1, strings: [0])
        t(goBlock, "GoBlock", 2, stack: 1, strings: [0])
        t(goUnblock, "GoUnblock", 3, stack: 2)
        t(goSyscallBegin, "GoSyscallBegin", 2, stack: 1)
        t(goSyscallEnd, "GoSyscallEnd", 0, start: goSyscallBegin)
        t(goSyscallEndBlocked, "GoSyscallEndBlocked", 0, start: goSyscallBegin)
        t(goStatus, "GoStatus", 3)
        t(stwBegin, "STWBegin", 2, stack: 1, strings: [0])
        t(stwEnd, "STWEnd", 0, start: stwBegin)
        t(gcActive, "GCActive", 1, start: gcBegin)
        t(gcBegin, "GCBegin", 2, stack: 1)
        t(gcEnd, "GCEnd", 1, start: gcBegin)
        t(gcSweepActive, "GCSweepActive", 1, start: gcSweepBegin)
        t(gcSweepBegin, "GCSweepBegin", 1, stack: 0)
        t(gcSweepEnd, "GCSweepEnd", 2, start: gcSweepBegin)
        t(gcMarkAssistActive, "GCMarkAssistActive", 1, start: gcMarkAssistBegin)
        t(gcMarkAssistBegin, "GCMarkAssistBegin", 1, stack: 0)
        t(gcMarkAssistEnd, "GCMarkAssistEnd", 0, start: gcMarkAssistBegin)
        t(heapAlloc, "HeapAlloc", 1)
        t(heapGoal, "HeapGoal", 1)
        t(goLabel, "GoLabel", 1, strings: [0])
        t(userTaskBegin, "UserTaskBegin", 4, stack: 3, strings: [2])
        t(userTaskEnd, "UserTaskEnd", 2, stack: 1)
        t(userRegionBegin, "UserRegionBegin", 3, stack: 2, strings: [1])
        t(userRegionEnd, "UserRegionEnd", 3, stack: 2, strings: [1], start: userRegionBegin)
        t(userLog, "UserLog", 4, stack: 3, strings: [1, 2])
        t(goSwitch, "GoSwitch", 2)
        t(goSwitchDestroy, "GoSwitchDestroy", 2)
        t(goCreateBlocked, "GoCreateBlocked", 3, stack: 2, other: 1)
        t(goStatusStack, "GoStatusStack", 4, stack: 3)
        t(clockSnapshot, "ClockSnapshot", 3)
        // The AllocFree experiment's events (128...136).
        for (offset, (name, args)) in [
            ("Span", 3), ("SpanAlloc", 3), ("SpanFree", 1), ("HeapObject", 2), ("HeapObjectAlloc", 2),
            ("HeapObjectFree", 1), ("GoroutineStack", 2), ("GoroutineStackAlloc", 2), ("GoroutineStackFree", 1),
        ].enumerated() {
            t(UInt8(128 + offset), name, args)
        }
        return s
    }()

    /// Flat copies of the specs' scalar fields, for the per-event paths
    /// (reading a `Spec` copies its strings and arrays).
    static let argCounts: [Int8] = specs.map { Int8($0.argCount) }
    static let timedTypes: [Bool] = specs.map(\.timed)
    static let stackArgs: [Int8] = specs.map { Int8($0.stackArg) }
    /// The arguments naming stacks and strings (-1: none; no event names
    /// more than two strings), nil for events that name none.
    static let tableReferences: [(stack: Int8, otherStack: Int8, string0: Int8, string1: Int8)?] = specs.map {
        guard $0.stackArg >= 0 || $0.otherStackArg >= 0 || !$0.stringArgs.isEmpty else { return nil }
        return (Int8($0.stackArg), Int8($0.otherStackArg), Int8($0.stringArgs.first ?? -1),
                Int8($0.stringArgs.dropFirst().first ?? -1))
    }

    /// The event's own stack argument, or -1.
    @inline(__always) static func stackArg(_ type: UInt8) -> Int {
        Int(type) < stackArgs.count ? Int(stackArgs[Int(type)]) : -1
    }

    static func spec(_ type: UInt8) -> Spec? {
        Int(type) < specs.count ? specs[Int(type)] : nil
    }

    /// The event's name for messages.
    public static func name(_ type: UInt8) -> String {
        if type == syncMarker { return "Sync" }
        if let spec = spec(type), !spec.name.isEmpty { return spec.name }
        return "Invalid(\(type))"
    }
}
