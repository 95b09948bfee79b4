import SwprofCore
/// Frame-name paths (root first) with values, in flat arrays, turned into a
/// `FlameFrame` tree by sorting them: the paths through one frame are then
/// a contiguous run, so a frame's total is a difference of prefix sums and
/// frames too small to draw are summed without visiting what is below them.
struct PathSet {
    var start: [Int] = [0]
    var frames: [Int32] = []
    var value: [Int64] = []
    var base: [Int64] = []

    var count: Int { value.count }

    mutating func reserve(paths: Int) {
        start.reserveCapacity(paths + 1)
        value.reserveCapacity(paths)
        base.reserveCapacity(paths)
    }

    mutating func append<C: Collection>(_ path: C, value: Int64, base: Int64) where C.Element == Int32 {
        frames.append(contentsOf: path)
        start.append(frames.count)
        self.value.append(value)
        self.base.append(base)
    }

    func path(_ i: Int) -> ArraySlice<Int32> { frames[start[i]..<start[i + 1]] }

    /// The tree of all paths under a root frame called `rootName`; see
    /// `FlameGraph.callTree(rootName:minimumFraction:)`.
    func tree(rootName: String, names: [String], minimumFraction: Double) -> FlameFrame {
        let n = count
        // Paths in lexicographic order, a path before its extensions.
        var order = Array(0..<n)
        frames.withUnsafeBufferPointer { frames in
            start.withUnsafeBufferPointer { start in
                order.sort { a, b in
                    var i = start[a]
                    var j = start[b]
                    let endA = start[a + 1]
                    let endB = start[b + 1]
                    while i < endA && j < endB {
                        if frames[i] != frames[j] { return frames[i] < frames[j] }
                        i += 1
                        j += 1
                    }
                    return i == endA && j < endB
                }
            }
        }
        var valueSums = [Int64](repeating: 0, count: n + 1)
        var baseSums = [Int64](repeating: 0, count: n + 1)
        for (k, i) in order.enumerated() {
            valueSums[k + 1] = valueSums[k] &+ value[i]
            baseSums[k + 1] = baseSums[k] &+ base[i]
        }
        let rootMagnitude = Double(valueSums[n].magnitude)
        let threshold = minimumFraction > 0 ? minimumFraction * rootMagnitude : 0

        return frames.withUnsafeBufferPointer { frames in
            start.withUnsafeBufferPointer { start in
                func length(_ k: Int) -> Int { start[order[k] + 1] - start[order[k]] }
                func frame(_ k: Int, _ depth: Int) -> Int32 { frames[start[order[k]] + depth] }

                /// The frame for sorted paths `lo..<hi`, which share their first `depth` frames.
                func build(_ lo: Int, _ hi: Int, depth: Int, name: String) -> FlameFrame {
                    var result = FlameFrame(
                        name: name, total: valueSums[hi] &- valueSums[lo], baseTotal: baseSums[hi] &- baseSums[lo])
                    var k = lo
                    var selfValue: Int64 = 0
                    while k < hi && length(k) == depth {
                        selfValue &+= value[order[k]]
                        k += 1
                    }
                    result.selfValue = selfValue
                    var children: [FlameFrame] = []
                    while k < hi {
                        let f = frame(k, depth)
                        // The end of the run of paths whose next frame is `f`.
                        var low = k + 1
                        var high = hi
                        while low < high {
                            let mid = (low + high) / 2
                            if frame(mid, depth) == f { low = mid + 1 } else { high = mid }
                        }
                        let total = valueSums[low] &- valueSums[k]
                        if threshold > 0 && Double(total.magnitude) < threshold {
                            if total != 0 {
                                result.omitted.count += 1
                                result.omitted.total &+= total
                                result.omitted.magnitude += total.magnitudeValue
                            }
                        } else {
                            children.append(build(k, low, depth: depth + 1, name: names[Int(f)]))
                        }
                        k = low
                    }
                    children.sort { lhs, rhs in
                        let l = max(lhs.total.magnitude, lhs.baseTotal.magnitude)
                        let r = max(rhs.total.magnitude, rhs.baseTotal.magnitude)
                        return l != r ? l > r : lhs.name < rhs.name
                    }
                    result.children = children
                    return result
                }
                return build(0, n, depth: 0, name: rootName)
            }
        }
    }
}
