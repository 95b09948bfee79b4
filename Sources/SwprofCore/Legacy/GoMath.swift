import Foundation

/// Go's `math.Exp` as it runs on amd64, bit for bit.
///
/// pprof unsamples heap profiles with `exp` and truncates the scaled values to
/// integers, so a last-bit difference can change a printed count. Go on amd64
/// does not call the C library: it evaluates a reduced argument with a Taylor
/// series (Shibata's method), fused multiply-adds when the processor has AVX
/// and FMA. This follows the same steps in the same order.
enum GoMath {
    /// Whether Go would take its FMA path on this machine.
    static let usesFusedMultiplyAdd: Bool = {
        #if arch(x86_64) && os(Linux)
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let flagsLine = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return false }
        let flags = Set(flagsLine.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }))
        return flags.contains("avx") && flags.contains("fma")
        #else
        return false
        #endif
    }()

    private static let log2e = 1.4426950408889634073599246810018920
    private static let ln2Upper = 0.69314718055966295651160180568695068359375
    private static let ln2Lower = 0.28235290563031577122588448175013436025525412068e-12
    private static let overflow = 7.09782712893384e+02
    /// Taylor coefficients 1/2!, 1/3!, … 1/8! (the 1/2! term is added after 1/3!).
    private static let c3 = 1.6666666666666666667e-1
    private static let c4 = 4.1666666666666666667e-2
    private static let c5 = 8.3333333333333333333e-3
    private static let c6 = 1.3888888888888888889e-3
    private static let c7 = 1.9841269841269841270e-4
    private static let c8 = 2.4801587301587301587e-5

    static func exp(_ x: Double) -> Double {
        exp(x, fused: usesFusedMultiplyAdd)
    }

    static func exp(_ x: Double, fused: Bool) -> Double {
        if x.isNaN || x == .infinity { return x }
        if x == -.infinity { return 0 }
        if x > overflow { return .infinity }
        // Exponent: x·log2(e) rounded to nearest (even) as a 32-bit integer.
        let t = (log2e * x).rounded(.toNearestOrEven)
        let k: Int32 = (t >= -2_147_483_648.0 && t <= 2_147_483_647.0) ? Int32(t) : Int32.min
        let kd = Double(k)
        var r: Double
        var p: Double
        if fused {
            r = x.addingProduct(-kd, ln2Upper)
            r = r.addingProduct(-kd, ln2Lower)
            r *= 0.0625
            p = c8
            p = c7.addingProduct(p, r)
            p = c6.addingProduct(p, r)
            p = c5.addingProduct(p, r)
            p = c4.addingProduct(p, r)
            p = c3.addingProduct(p, r)
            p = (0.5).addingProduct(p, r)
            p = (1.0).addingProduct(p, r)
            r *= p
            for _ in 0..<3 { r *= (r + 2.0) }
            r = (1.0).addingProduct(r, r + 2.0)
        } else {
            r = x - kd * ln2Upper
            r = r - kd * ln2Lower
            r *= 0.0625
            p = c8
            p = p * r + c7
            p = p * r + c6
            p = p * r + c5
            p = p * r + c4
            p = p * r + c3
            p = p * r + 0.5
            p = p * r + 1.0
            r *= p
            for _ in 0..<4 { r *= (r + 2.0) }
            r += 1.0
        }
        // Scale by 2^k, through the subnormal range as the assembly does.
        var biased = Int64(k) + 0x3FF
        if biased <= 0 {
            if biased < -52 { return 0 }
            r *= Double(bitPattern: UInt64(biased + 0x3FE) << 52)
            biased = 1
        } else if biased >= 0x7FF {
            return .infinity
        }
        return r * Double(bitPattern: UInt64(biased) << 52)
    }
}
