import BigFloat
import KinkCheck
import KinkCheckSupport

/// How a value sits relative to a kink: `x0 + n ulp = x0 + m·2^-k`.
package struct KinkRelativePosition: Sendable, CustomStringConvertible {
    /// The kink's label.
    package let label: String
    /// x0 in the format.
    package let x0: GeneratedInput
    /// Signed number of format steps from x0 (decimal integer text; `0` at x0).
    package let ulps: String
    /// The exact difference as `+ m·2^-k` / `- 2^-k`, or nil when too wide to write exactly.
    package let dyadic: String?

    package init?(of value: GeneratedInput, kink: PlannedKink) {
        guard value.isFinite else { return nil }
        let space = UlpSpace(value.format)
        let steps = space.ordinal(of: value) - space.ordinal(of: kink.x0)
        label = kink.label
        x0 = kink.x0
        ulps = steps.isZero ? "0" : steps.decimalString(significantDigits: 0)
        let a = value.bigFloat, b = kink.x0.bigFloat
        let spread = Swift.abs((a.exponent ?? 0) - (b.exponent ?? 0))
        if spread + value.format.precision + 8 > 1 << 20 {
            dyadic = nil
        } else {
            var d = BigFloat(a, precision: spread + value.format.precision + 8)
            d.formDifference(with: b)
            if let parts = DyadicParts(d) {
                dyadic = (parts.negative ? "- " : "+ ") + parts.magnitudeText
            } else {
                dyadic = d.isZero ? "+ 0" : nil
            }
        }
    }

    /// `x0 + 1024 ulp = x0 + 2^-40 (x0 = 6: relu6 kink at 6)`.
    package var description: String {
        if ulps == "0" { return "x0 exactly (x0 = \(x0.decimalString): \(label))" }
        let n = ulps.hasPrefix("-") ? "- " + ulps.dropFirst() : "+ " + ulps
        let exact = dyadic.map { " = x0 \($0)" } ?? ""
        return "x0 \(n) ulp\(exact) (x0 = \(x0.decimalString): \(label))"
    }
}
