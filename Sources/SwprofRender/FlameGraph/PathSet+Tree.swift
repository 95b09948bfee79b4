import SwprofCore

/// Paths turned into a `FlameFrame` tree by sorting them: the paths through
/// one frame are then a contiguous run, so a frame's total is a difference of
/// prefix sums and frames too small to draw are summed without visiting what
/// is below them.
extension PathSet {
    /// The tree of all paths under a root frame called `rootName`; see
    /// `FlameGraph.callTree(rootName:minimumFraction:)`.
    ///
    /// Built top down: a frame's paths are grouped by their next frame (a sort
    /// of (frame, path) pairs packed in integers), each group's sums decide
    /// whether it is drawn, and only drawn groups are grouped further, so
    /// frames too small to draw cost one pass over their paths.
    func tree(rootName: String, names: [String], minimumFraction: Double) -> FlameFrame {
        let n = count
        var order = [Int32](repeating: 0, count: n)
        for i in 0..<n { order[i] = Int32(truncatingIfNeeded: i) }
        var keys = [UInt64](repeating: 0, count: n)
        var rootTotal: Int64 = 0
        var rootBase: Int64 = 0
        for i in 0..<n {
            rootTotal &+= value[i]
            rootBase &+= base[i]
        }
        let threshold = minimumFraction > 0 ? minimumFraction * Double(rootTotal.magnitude) : 0

        return frames.withUnsafeBufferPointer { frames in
            start.withUnsafeBufferPointer { start in
                value.withUnsafeBufferPointer { value in
                    base.withUnsafeBufferPointer { base in
                        order.withUnsafeMutableBufferPointer { order in
                            keys.withUnsafeMutableBufferPointer { keys in
                                /// Large groups are grouped by a counting sort over frame
                                /// names (linear) rather than a comparison sort. Paths of
                                /// one frame then keep their order instead of ascending
                                /// path numbers, which changes nothing built from them
                                /// (sums, and children ordered by value and unique name).
                                let countingSortMinimum = max(4096, names.count / 4)
                                var counts = [Int](repeating: 0, count: names.count + 1)
                                /// `keys[lo..<hi]` = the paths `order[lo..<hi]` (which have a
                                /// frame at `depth`) as (frame, path), by frame.
                                func groupByCounting(_ lo: Int, _ hi: Int, depth: Int) {
                                    counts.withUnsafeMutableBufferPointer { counts in
                                        for f in counts.indices { counts[f] = 0 }
                                        for j in lo..<hi {
                                            counts[Int(frames[start[Int(order[j])] + depth]) + 1] += 1
                                        }
                                        // counts[f] becomes where frame f's paths start.
                                        var at = lo
                                        for f in counts.indices {
                                            let n = counts[f]
                                            counts[f] = at
                                            at += n
                                        }
                                        for j in lo..<hi {
                                            let path = order[j]
                                            let frame = Int(frames[start[Int(path)] + depth])
                                            keys[counts[frame + 1]] =
                                                UInt64(UInt32(truncatingIfNeeded: frame)) << 32
                                                | UInt64(UInt32(bitPattern: path))
                                            counts[frame + 1] += 1
                                        }
                                    }
                                }

                                /// Paths grouped since the work budget was last looked at: a
                                /// stopped page stops here too (its partial tree is thrown
                                /// away), and background work pauses here while pages wait.
                                var sinceCheck = 0
                                /// The frame for paths `order[lo..<hi]`, which share their first `depth` frames.
                                func build(_ lo: Int, _ hi: Int, depth: Int, name: String, total: Int64, baseTotal: Int64)
                                    -> FlameFrame
                                {
                                    var result = FlameFrame(name: name, total: total, baseTotal: baseTotal)
                                    sinceCheck += hi - lo
                                    if sinceCheck >= 1 << 16 {
                                        sinceCheck = 0
                                        if WorkBudget.isStopped { return result }
                                    }
                                    // Paths that end here first (their value is this frame's own).
                                    var k = lo
                                    var selfValue: Int64 = 0
                                    for j in lo..<hi {
                                        let path = Int(order[j])
                                        if start[path + 1] - start[path] == depth {
                                            selfValue &+= value[path]
                                            order.swapAt(j, k)
                                            k += 1
                                        }
                                    }
                                    result.selfValue = selfValue
                                    if k == hi { return result }
                                    // The others by their next frame: `keys[j]` is (frame, path).
                                    if hi - k >= countingSortMinimum {
                                        groupByCounting(k, hi, depth: depth)
                                    } else {
                                        for j in k..<hi {
                                            let path = Int(order[j])
                                            let frame = UInt32(bitPattern: frames[start[path] + depth])
                                            keys[j] = UInt64(frame) << 32 | UInt64(UInt32(bitPattern: order[j]))
                                        }
                                        var group = UnsafeMutableBufferPointer(rebasing: keys[k..<hi])
                                        group.sort()
                                    }
                                    for j in k..<hi {
                                        order[j] = Int32(bitPattern: UInt32(truncatingIfNeeded: keys[j]))
                                    }
                                    var children: [FlameFrame] = []
                                    while k < hi {
                                        let frame = keys[k] >> 32
                                        var end = k
                                        var groupTotal: Int64 = 0
                                        var groupBase: Int64 = 0
                                        while end < hi && keys[end] >> 32 == frame {
                                            let path = Int(order[end])
                                            groupTotal &+= value[path]
                                            groupBase &+= base[path]
                                            end += 1
                                        }
                                        if threshold > 0 && Double(groupTotal.magnitude) < threshold {
                                            if groupTotal != 0 {
                                                result.omitted.count += 1
                                                result.omitted.total &+= groupTotal
                                                result.omitted.magnitude += groupTotal.magnitudeValue
                                            }
                                        } else {
                                            children.append(
                                                build(
                                                    k, end, depth: depth + 1, name: names[Int(frame)], total: groupTotal,
                                                    baseTotal: groupBase))
                                        }
                                        k = end
                                    }
                                    children.sort { lhs, rhs in
                                        let l = max(lhs.total.magnitude, lhs.baseTotal.magnitude)
                                        let r = max(rhs.total.magnitude, rhs.baseTotal.magnitude)
                                        return l != r ? l > r : lhs.name < rhs.name
                                    }
                                    result.children = children
                                    return result
                                }
                                return build(0, n, depth: 0, name: rootName, total: rootTotal, baseTotal: rootBase)
                            }
                        }
                    }
                }
            }
        }
    }
}
