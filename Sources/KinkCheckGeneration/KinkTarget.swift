import BigFloat
import KinkCheck
import KinkCheckSupport

/// A point the generator concentrates on: a declared kink of an activation, or one discovered
/// by analysis and passed in by the caller.
///
/// The location is computed once per run and format: `x0` is the exact location rounded to
/// nearest in the format (so `x0` is a value the format can hold).
///
/// Edge cases: a kink that rounds to ±∞ or NaN in a format (say a threshold of 1e40 in
/// binary32) is skipped in that format and has no coverage requirement there.
package struct KinkTarget: Sendable, CustomStringConvertible {
    /// How the kink reads in reports, e.g. `relu6 kink at 6`.
    package var label: String
    /// The exact location when declared symbolically; nil for a plain value.
    package var location: KinkLocation?
    /// The location as given (for declared kinks: at 256 bits).
    package var value: BigFloat

    /// A kink at `value` (for instance one found by analysis).
    package init(_ value: BigFloat, label: String) {
        self.value = value
        self.label = label
        self.location = nil
    }

    /// A declared kink of an activation.
    package init(_ kink: DeclaredKink, of activation: String) {
        self.location = kink.location
        self.value = kink.location.value(precision: 256)
        self.label = "\(activation) kink at \(kink.location)"
    }

    /// The activation's declared kinks followed by `discovered` ones, in that order.
    package static func targets(for activation: any Activation, discovered: [BigFloat] = []) -> [KinkTarget] {
        activation.kinks.map { KinkTarget($0, of: activation.name) }
            + discovered.map { KinkTarget($0, label: "\(activation.name) discovered kink at \($0)") }
    }

    /// x0 rounded to nearest in `format` (computed from the exact location when there is one).
    package func value(in format: NumberFormat) -> GeneratedInput {
        let wide = location?.value(precision: format.precision + 64) ?? value
        return GeneratedInput(wide, format: format, provenance: .kink(index: 0, side: .at, offset: .exact))
    }

    package var description: String { label }
}

/// A named interval the random phase draws uniformly from (bounds in binary64, clamped to the
/// format's finite range).
///
/// Edge cases: the draw is lower·(1 − u) + upper·u, which never overflows, so
/// `Region(name: "finite", lower: -.greatestFiniteMagnitude, upper: .greatestFiniteMagnitude)`
/// is fine. A region with lower > upper is swapped.
package struct Region: Sendable, Hashable, CustomStringConvertible {
    package var name: String
    package var lower: Double
    package var upper: Double

    package init(_ name: String, _ lower: Double, _ upper: Double) {
        self.name = name
        self.lower = Swift.min(lower, upper)
        self.upper = Swift.max(lower, upper)
    }

    /// [−1, 1], [−8, 8], [−100, 100], [−10⁶, 10⁶] and every finite value.
    package static let defaults: [Region] = [
        Region("unit", -1, 1), Region("core", -8, 8), Region("hundred", -100, 100),
        Region("million", -1e6, 1e6), Region("finite", -.greatestFiniteMagnitude, .greatestFiniteMagnitude),
    ]

    package var description: String { "\(name) [\(lower), \(upper)]" }
}
