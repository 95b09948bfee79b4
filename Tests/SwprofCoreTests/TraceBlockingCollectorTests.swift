import Foundation
import Testing

@testable import SwprofCore

/// The blocking profiles' collector weighs most waits as they end and keeps
/// the others for the end; a collector keeping every wait (what a second
/// reading uses) must give the same profiles, on event sequences that
/// exercise each case: goroutines that have not run yet, that ended or
/// blocked forever and woke, waits cut off by the last sync event, and a
/// goroutine ID used again (where the sums cannot be trusted).
@Suite struct TraceBlockingCollectorTests {
    typealias T = TraceEventType

    static func tables() -> TraceGeneration {
        let g = TraceGeneration()
        g.strings = [1: "chan receive", 2: "forever", 3: "network", 4: "f", 5: "a.go", 6: "sync.Mutex.Lock", 7: "select"]
        g.frames = [0x10: (4, 5, 10), 0x20: (4, 5, 20), 0x30: (4, 5, 30)]
        g.stacks = [1: [0x10], 2: [0x20, 0x10], 3: [0x30]]
        return g
    }

    static func event(_ type: UInt8, _ time: Int64, g: Int64 = -1, _ args: UInt64...) -> TraceEvent {
        var a = TraceArgs()
        for (i, v) in args.enumerated() { a[i] = v }
        return TraceEvent(type: type, time: time, args: a, g: g, p: 0, m: 0, generation: 0)
    }

    static func sync(_ time: Int64) -> TraceEvent { event(T.syncMarker, time) }
    static func status(_ time: Int64, _ gid: UInt64, _ state: UInt64) -> TraceEvent {
        // From undetermined (0) in the first generation.
        event(T.goStatus, time, gid, 0, state)
    }
    static func create(_ time: Int64, _ gid: UInt64, stack: UInt64) -> TraceEvent { event(T.goCreate, time, gid, stack, 1) }
    static func start(_ time: Int64, _ gid: UInt64) -> TraceEvent { event(T.goStart, time, gid, 0) }
    static func block(_ time: Int64, _ gid: Int64, reason: UInt64, stack: UInt64) -> TraceEvent {
        event(T.goBlock, time, g: gid, reason, stack)
    }
    static func unblock(_ time: Int64, _ gid: UInt64) -> TraceEvent { event(T.goUnblock, time, gid, 0, 3) }
    static func syscall(_ time: Int64, _ gid: Int64, stack: UInt64) -> TraceEvent { event(T.goSyscallBegin, time, g: gid, 0, stack) }
    static func syscallEndBlocked(_ time: Int64, _ gid: Int64) -> TraceEvent { event(T.goSyscallEndBlocked, time, g: gid) }
    static func destroy(_ time: Int64, _ gid: Int64) -> TraceEvent { event(T.goDestroy, time, g: gid) }

    /// One generation, every case but a reused ID; two waits end after the last sync.
    static let mixed: [TraceEvent] = [
        sync(0),
        status(1, 1, 3),  // in a syscall from the start, has not run
        status(1, 2, 4),  // waiting from the start
        create(2, 3, stack: 1),
        syscallEndBlocked(3, 1),  // its syscall wait ends before it ever ran: kept for the end
        start(4, 3),
        block(5, 3, reason: 1, stack: 2),
        start(6, 1),
        unblock(7, 3),
        block(8, 1, reason: 2, stack: 3),  // blocked forever: its lifetime ends
        start(9, 3),
        unblock(10, 1),  // ... and wakes
        start(11, 1),
        block(12, 3, reason: 7, stack: 1),
        unblock(13, 2),
        start(14, 2),
        unblock(15, 3),
        start(16, 3),
        syscall(17, 3, stack: 3),
        block(18, 2, reason: 6, stack: 2),
        unblock(30, 2),
        syscallEndBlocked(31, 3),
        start(32, 3),
        sync(40),
        start(41, 2),
        block(42, 3, reason: 3, stack: 1),
        unblock(45, 3),
    ]

    static func collect(_ events: [TraceEvent], keepingAllWaits: Bool) -> TraceBlockingCollector {
        var c = TraceBlockingCollector(keepingAllWaits: keepingAllWaits)
        let tables = Self.tables()
        for e in events { c.consume(e, tables: tables) }
        return c
    }

    static func text(_ p: Profile) -> String {
        p.samples.map { s in "\(s.locations) \(s.values)" }.joined(separator: "; ")
    }

    @Test func summedWaitsGiveTheProfilesOfKeptWaits() {
        let summed = Self.collect(Self.mixed, keepingAllWaits: false)
        let kept = Self.collect(Self.mixed, keepingAllWaits: true)
        #expect(!summed.needsExactPass)
        var samples = 0
        for kind in TraceProfileKind.allCases {
            let a = summed.profile(kind, endTime: 40), b = kept.profile(kind, endTime: 40)
            #expect(ProfileEncoder.encodeBytes(a) == ProfileEncoder.encodeBytes(b), "\(kind): \(Self.text(a)) vs \(Self.text(b))")
            samples += a.samples.count
        }
        // Not vacuous: the sync waits 5-7 and 18-30 (one stack) and 12-15 are in,
        // as are sched and syscall waits.
        #expect(Self.text(summed.profile(.sync, endTime: 40)) == "[0, 1] [2, 14]; [1] [1, 3]")
        #expect(Self.text(summed.profile(.syscall, endTime: 40)) == "[0] [1, 14]")
        #expect(samples >= 4)
        // The network wait ended after the last sync: not in the profile.
        #expect(summed.profile(.net, endTime: 40).samples.isEmpty)
    }

    @Test func reusedGoroutineIDAsksForAnExactPass() {
        let events = Self.mixed.dropLast(4) + [
            Self.destroy(33, 3),
            Self.create(34, 3, stack: 2),  // the same ID again: a new lifetime
            Self.sync(40),
        ]
        let summed = Self.collect(Array(events), keepingAllWaits: false)
        #expect(summed.needsExactPass)
        #expect(!Self.collect(Array(events), keepingAllWaits: true).needsExactPass)
    }
}
