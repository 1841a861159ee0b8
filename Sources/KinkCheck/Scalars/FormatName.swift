import BigFloat

/// A number format as a person names it — an option (`grid --dtype`, `converge --precisions`,
/// `bench generate --formats`), a dump's `dtype` column, a case id or a regression file: the one
/// parser of format names, so every place accepts the same spellings (case does not matter).
///
/// | format | spellings |
/// |---|---|
/// | binary16 | `f16`, `float16`, `binary16`, `half` |
/// | bfloat16 | `bf16`, `bfloat16` |
/// | binary32 | `f32`, `float32`, `binary32`, `float` |
/// | binary64 | `f64`, `float64`, `binary64`, `double` |
/// | MPFR at p bits | `mpfr:p`, `mpfrp`, `mpfr(p)`, p a precision BigFloat accepts (2 … 2²⁴) |
///
/// ``IEEEFormat/init(name:)``, `NumberFormat.init(_:)` and `SweepPrecision.init(_:)` read
/// through it; where MPFR makes no sense (a dtype) a caller refuses `.mpfr` itself.
package enum FormatName: Hashable, Sendable {
    case ieee(IEEEFormat)
    case mpfr(precision: Int)

    /// Each IEEE format's spellings: the short one (``IEEEFormat/shortName``), the framework one
    /// (``IEEEFormat/name``), then the others.
    package static let ieeeSpellings: [(format: IEEEFormat, names: [String])] = [
        (.binary16, ["f16", "float16", "binary16", "half"]),
        (.bfloat16, ["bf16", "bfloat16"]),
        (.binary32, ["f32", "float32", "binary32", "float"]),
        (.binary64, ["f64", "float64", "binary64", "double"]),
    ]

    package init?(_ text: String) {
        let name = text.lowercased()
        if let entry = FormatName.ieeeSpellings.first(where: { $0.names.contains(name) }) {
            self = .ieee(entry.format)
            return
        }
        var rest = Substring(name)
        guard rest.hasPrefix("mpfr") else { return nil }
        rest = rest.dropFirst(4)
        if rest.hasPrefix(":") { rest = rest.dropFirst() }
        else if rest.hasPrefix("("), rest.hasSuffix(")") { rest = rest.dropFirst().dropLast() }
        guard let p = Int(rest), BigFloat.isValidPrecision(p) else { return nil }
        self = .mpfr(precision: p)
    }

    /// The IEEE format named; nil for MPFR.
    package var ieee: IEEEFormat? {
        if case .ieee(let format) = self { format } else { nil }
    }

    /// The accepted spellings, for a one-line error: `f16 (float16, binary16, half), bf16
    /// (bfloat16), f32 (float32, binary32, float), f64 (float64, binary64, double)`, then
    /// `mpfr:P` when `mpfr` is true.
    package static func accepted(mpfr: Bool) -> String {
        let ieee = ieeeSpellings.map { "\($0.names[0]) (\($0.names.dropFirst().joined(separator: ", ")))" }
        return (ieee + (mpfr ? ["mpfr:P (P bits, \(BigFloat.minimumPrecision)...\(BigFloat.maximumPrecision))"] : [])).joined(separator: ", ")
    }
}
