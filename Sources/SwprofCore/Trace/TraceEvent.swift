/// An event as the reader delivers it: in a valid order, with its time in
/// nanoseconds and the goroutine, proc and thread it happened on.
public struct TraceEvent: Sendable {
    /// A `TraceEventType` value, or `TraceEventType.syncMarker` between generations.
    public var type: UInt8
    public var time: Int64
    /// Arguments after the timestamp, as on the wire (the ordering rewrites a few).
    public var args: TraceArgs
    /// The execution context before the event: goroutine, proc, thread (-1: none).
    public var g: Int64
    public var p: Int64
    public var m: Int64
    /// Index of the generation whose tables the event's IDs refer to.
    public var generation: Int32

    public static let none: Int64 = -1

    /// The argument holding the event's own stack, or 0 for none (Go's `Event.Stack`).
    public var stackID: UInt64 {
        if type == TraceEventType.cpuSample { return args[0] }
        let arg = TraceEventType.stackArg(type)
        return arg >= 0 ? args[arg] : 0
    }
}

/// Up to four event arguments (as many as the wire gives an event; the
/// ordering rewrites some of them).
public struct TraceArgs: Sendable {
    var a0: UInt64 = 0, a1: UInt64 = 0, a2: UInt64 = 0, a3: UInt64 = 0

    public subscript(i: Int) -> UInt64 {
        get {
            switch i {
            case 0: return a0
            case 1: return a1
            case 2: return a2
            default: return a3
            }
        }
        set {
            switch i {
            case 0: a0 = newValue
            case 1: a1 = newValue
            case 2: a2 = newValue
            default: a3 = newValue
            }
        }
    }
}

extension TraceArgs {
    /// The arguments, those not given 0.
    init(_ a0: UInt64, _ a1: UInt64 = 0, _ a2: UInt64 = 0, _ a3: UInt64 = 0) {
        self.init(a0: a0, a1: a1, a2: a2, a3: a3)
    }
}

/// Goroutine states as the reader reports them (Go's `trace.GoState`).
public enum TraceGoState: UInt8, Sendable {
    case undetermined = 0, notExist, runnable, running, waiting, syscall
}

/// A goroutine's state change, derived from an event (Go's `StateTransition`).
public struct TraceGoTransition {
    public var goroutine: Int64
    public var from: TraceGoState
    public var to: TraceGoState
    /// The reason's string ID (GoStop and GoBlock), 0 for none.
    public var reason: UInt64
    /// The stack the transition names (the new goroutine's for GoCreate).
    public var stack: UInt64
}

/// Wire goroutine status → state (Go's tracev2GoStatus2GoState).
func traceGoState(status: UInt64) -> TraceGoState {
    switch status {
    case 1: return .runnable
    case 2: return .running
    case 3: return .syscall
    case 4: return .waiting
    default: return .undetermined
    }
}

extension TraceEvent {
    /// The goroutine transition this event is, if it is one.
    public var goTransition: TraceGoTransition? {
        typealias T = TraceEventType
        switch type {
        case T.goCreate, T.goCreateBlocked:
            return .init(goroutine: Int64(bitPattern: args[0]), from: .notExist,
                         to: type == T.goCreateBlocked ? .waiting : .runnable, reason: 0, stack: args[1])
        case T.goCreateSyscall:
            return .init(goroutine: Int64(bitPattern: args[0]), from: .notExist, to: .syscall, reason: 0, stack: 0)
        case T.goStart:
            return .init(goroutine: Int64(bitPattern: args[0]), from: .runnable, to: .running, reason: 0, stack: 0)
        case T.goDestroy:
            return .init(goroutine: g, from: .running, to: .notExist, reason: 0, stack: 0)
        case T.goDestroySyscall:
            return .init(goroutine: g, from: .syscall, to: .notExist, reason: 0, stack: 0)
        case T.goStop:
            return .init(goroutine: g, from: .running, to: .runnable, reason: args[0], stack: args[1])
        case T.goBlock:
            return .init(goroutine: g, from: .running, to: .waiting, reason: args[0], stack: args[1])
        case T.goUnblock, T.goSwitch, T.goSwitchDestroy:
            return .init(goroutine: Int64(bitPattern: args[0]), from: .waiting, to: .runnable, reason: 0, stack: 0)
        case T.goSyscallBegin:
            return .init(goroutine: g, from: .running, to: .syscall, reason: 0, stack: args[1])
        case T.goSyscallEnd:
            return .init(goroutine: g, from: .syscall, to: .running, reason: 0, stack: 0)
        case T.goSyscallEndBlocked:
            return .init(goroutine: g, from: .syscall, to: .runnable, reason: 0, stack: 0)
        case T.goStatus, T.goStatusStack:
            let packed = args[2]
            return .init(goroutine: Int64(bitPattern: args[0]), from: TraceGoState(rawValue: UInt8(packed >> 32)) ?? .undetermined,
                         to: traceGoState(status: packed & 0xffff_ffff), reason: 0,
                         stack: type == T.goStatusStack ? args[3] : 0)
        default:
            return nil
        }
    }
}
