import BigFloat
import KinkCheck
import KinkCheckSupport

/// The phases of a run, in the order they execute.
@usableFromInline package enum Phase: String, Sendable, Hashable, CaseIterable {
    case regression, sweep, random
}

/// Names one case: `<format>/<phase>/<index>`, e.g. `binary64/random/17`. Regression and sweep
/// cases are the same in every run; random case i is drawn from
/// ``RunSeed/caseSeed(property:format:index:)``.
@usableFromInline package struct CaseID: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    @usableFromInline package var format: NumberFormat
    @usableFromInline package var phase: Phase
    @usableFromInline package var index: Int

    @usableFromInline package init(format: NumberFormat, phase: Phase, index: Int) {
        self.format = format; self.phase = phase; self.index = index
    }

    @usableFromInline package init?(_ description: String) {
        let parts = description.trimmingBlanks.split(separator: "/").map(String.init)
        guard parts.count == 3, let f = NumberFormat(parts[0]), let p = Phase(rawValue: parts[1]),
              let i = Int(parts[2]), i >= 0 else { return nil }
        self.init(format: f, phase: p, index: i)
    }

    @usableFromInline package var description: String { "\(format.name)/\(phase.rawValue)/\(index)" }
}
