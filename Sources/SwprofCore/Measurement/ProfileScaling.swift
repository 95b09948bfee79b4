/// Makes profiles with different but convertible units comparable before
/// they are merged (pprof's `ScaleProfiles`): every sample type (and the
/// period) is converted to the finest unit found among the profiles.
///
/// Throws `ProfileError(.incompatible)` when the profiles have different
/// numbers of sample types or types that cannot be converted.
public func scaleProfiles(_ profiles: inout [Profile]) throws {
    guard !profiles.isEmpty else { return }
    let periodTypes = profiles.compactMap(\.periodType)
    let periodType: ValueType?
    do {
        periodType = try Measurement.commonValueType(periodTypes)
    } catch let error as ProfileError {
        throw ProfileError(.incompatible, "period type: \(error.message)")
    }

    let count = profiles[0].sampleTypes.count
    for p in profiles.dropFirst() where p.sampleTypes.count != count {
        throw ProfileError(.incompatible, "inconsistent samples type count: \(count) != \(p.sampleTypes.count)")
    }
    var common: [ValueType?] = []
    for i in 0..<count {
        do {
            common.append(try Measurement.commonValueType(profiles.map { $0.sampleTypes[i] }))
        } catch let error as ProfileError {
            throw ProfileError(.incompatible, "sample types: \(error.message)")
        }
    }

    for index in profiles.indices {
        var p = profiles[index]
        if let own = p.periodType, let target = periodType {
            let scaled = Measurement.scale(p.period, from: own.unit, to: target.unit).value
            p.period = Int64(goTruncating: scaled)
            p.periodType?.unit = target.unit
        }
        var ratios = [Double](repeating: 1, count: p.sampleTypes.count)
        for (i, type) in p.sampleTypes.enumerated() {
            guard let target = common[i] else { continue }
            ratios[i] = Measurement.scale(1, from: type.unit, to: target.unit).value
            p.sampleTypes[i].unit = target.unit
        }
        Measurement.scaleSampleValues(of: &p, by: ratios)
        profiles[index] = p
    }
}

extension Int64 {
    /// Go's float-to-int conversion for values in range (truncation toward
    /// zero); out-of-range and NaN values are clamped instead of trapping.
    init(goTruncating value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= 9.2233720368547758e18 {
            self = .max
        } else if value <= -9.2233720368547758e18 {
            self = .min
        } else {
            self = Int64(value)
        }
    }
}

extension Measurement {
    /// Multiplies each sample's values by the ratio for its sample type
    /// (rounding half away from zero) and keeps only samples where one of
    /// the rescaled values is non-zero, as pprof's `ScaleN`.
    static func scaleSampleValues(of profile: inout Profile, by ratios: [Double]) {
        guard ratios.contains(where: { $0 != 1 }) else { return }
        var kept: [Sample] = []
        kept.reserveCapacity(profile.samples.count)
        for var sample in profile.samples {
            var keep = false
            for i in sample.values.indices where i < ratios.count && ratios[i] != 1 {
                let v = Int64(goTruncating: (Double(sample.values[i]) * ratios[i]).rounded())
                sample.values[i] = v
                keep = keep || v != 0
            }
            if keep {
                kept.append(sample)
            }
        }
        profile.samples = kept
    }
}
