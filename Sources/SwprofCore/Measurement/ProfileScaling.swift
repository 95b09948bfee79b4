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
            p.period = Measurement.scaledPeriod(p.period, from: own.unit, to: target.unit)
            p.periodType?.unit = target.unit
        }
        var ratios = [Double](repeating: 1, count: p.sampleTypes.count)
        for (i, type) in p.sampleTypes.enumerated() {
            guard let target = common[i] else { continue }
            ratios[i] = Measurement.scale(1, from: type.unit, to: target.unit).value
            p.sampleTypes[i].unit = target.unit
        }
        try p.scaleN(ratios)
        profiles[index] = p
    }
}

extension Measurement {
    /// A period converted as `scaleProfiles` converts it: through a Double, so a
    /// period beyond 2^53 is rounded even when the unit stays the same.
    static func scaledPeriod(_ period: Int64, from fromUnit: String, to toUnit: String) -> Int64 {
        goInt64(scale(period, from: fromUnit, to: toUnit).value)
    }
}
