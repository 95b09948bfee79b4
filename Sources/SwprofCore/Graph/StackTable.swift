/// A profile's sample stacks in flat arrays: location indices, leaf first,
/// of sample `s` at `locations[start[s] ..< start[s + 1]]` (out of range: -1).
/// The same for every sample type, so it can be kept and reused
/// (`DerivedReportData`).
struct StackShape: Sendable {
    var start: [Int] = [0]
    var locations: [Int32] = []

    init(_ profile: Profile) {
        start.reserveCapacity(profile.samples.count + 1)
        profile.samples.withUnsafeBufferPointer { samples in
            var frames = 0
            for i in samples.indices { frames &+= samples[i].locations.count }
            locations.reserveCapacity(frames)
            for i in samples.indices {
                samples[i].locations.withUnsafeBufferPointer { stack in
                    for location in stack {
                        locations.append(location >= 0 && location <= Int(Int32.max) ? Int32(location) : -1)
                    }
                }
                start.append(locations.count)
            }
        }
    }

    var count: Int { start.count - 1 }
}

/// A profile's stacks with the weight and divisor of one sample type, for the
/// repeated walks of graph building (pprof builds a report's graph up to
/// three times). Stack `s` is sample `s`; walks skip stacks with neither a
/// weight nor a divisor.
struct StackTable {
    let shape: StackShape
    var weight: [Int64] = []
    var divisor: [Int64] = []

    init(_ profile: Profile, options: GraphOptions, shape: StackShape? = nil) {
        let shape = shape.flatMap { $0.count == profile.samples.count ? $0 : nil } ?? StackShape(profile)
        self.shape = shape
        let valueIndex = options.valueIndex
        let divisorIndex = options.divisorIndex ?? -1
        weight.reserveCapacity(profile.samples.count)
        divisor.reserveCapacity(profile.samples.count)
        profile.samples.withUnsafeBufferPointer { samples in
            for i in samples.indices {
                var w: Int64 = 0
                var dw: Int64 = 0
                samples[i].values.withUnsafeBufferPointer { values in
                    if valueIndex >= 0 && valueIndex < values.count { w = values[valueIndex] }
                    if divisorIndex >= 0 && divisorIndex < values.count { dw = values[divisorIndex] }
                }
                weight.append(w)
                divisor.append(dw)
            }
        }
    }

    var count: Int { weight.count }
    var start: [Int] { shape.start }
    var locations: [Int32] { shape.locations }
}
