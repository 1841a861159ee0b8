import BigFloat

/// The inputs `accuracy` and `derivative_accuracy` judge (`check --accuracy-domain`).
///
/// - ``all``: every input — the finite ones, and ±∞ and NaN, where a kernel must give the limit
///   (the declared tails) or NaN.
/// - ``finite``: the finite inputs only: a kernel used where inputs are never infinite is not
///   failed for what it does at ±∞.
/// - ``range(_:)``: the finite inputs x with lo ≤ x ≤ hi, for the exact decimals typed (each
///   end held as the double on its inner side, which decides the same x): a kernel documented for
///   a bounded range, whose intermediate results overflow beyond it.
///
/// In float16 and bfloat16 the domain's inputs are still every one of them (a proof over the
/// domain); in float32 and float64 the sample is filtered to it.
package enum AccuracyDomain: Sendable, Equatable, CustomStringConvertible {
    case all
    case finite
    case range(Range)

    /// [lo, hi] as typed, and as the doubles that decide membership: `lower` the least double
    /// ≥ lo, `upper` the greatest ≤ hi.
    package struct Range: Sendable, Equatable {
        package var text: (lower: String, upper: String)
        package var lower: Double
        package var upper: Double
        package static func == (a: Range, b: Range) -> Bool { a.lower == b.lower && a.upper == b.upper }
    }

    /// Whether the verdicts judge x.
    package func contains(_ x: Double) -> Bool {
        switch self {
        case .all: true
        case .finite: x.isFinite
        case .range(let r): x.isFinite && r.lower <= x && x <= r.upper
        }
    }

    /// ±∞ and NaN are judged.
    package var includesSpecials: Bool { self == .all }

    /// `all`, `finite` or `LO,HI` (the command-line spelling; ``parse(_:)`` reads it back).
    package var description: String {
        switch self {
        case .all: "all"
        case .finite: "finite"
        case .range(let r): "\(r.text.lower),\(r.text.upper)"
        }
    }

    /// The phrase a verdict's law ends with: empty for ``all``.
    package var phrase: String {
        switch self {
        case .all: ""
        case .finite: " on finite inputs"
        case .range(let r): " for x in [\(r.text.lower), \(r.text.upper)]"
        }
    }

    /// A count of inputs in this domain, in words: `63,488 inputs`, `63,488 finite inputs`,
    /// `36,866 inputs for x in [-8, 8]`; `qualifier` goes after "inputs" (`" in all"`).
    package func inputs(_ count: String, _ qualifier: String = "") -> String {
        switch self {
        case .all: "\(count) inputs\(qualifier)"
        case .finite: "\(count) finite inputs\(qualifier)"
        case .range: "\(count) inputs\(qualifier)\(phrase)"
        }
    }

    /// `all`, `finite` or `LO,HI` (finite decimal numbers, exact as typed, with a double between
    /// them); otherwise the reason.
    package static func parse(_ text: String) -> Result<AccuracyDomain, DomainError> {
        switch text {
        case "all": return .success(.all)
        case "finite": return .success(.finite)
        default:
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.filter { $0 != " " } }
            guard parts.count == 2,
                  let lo = BigFloat(parts[0], precision: 53, rounding: .up), let hi = BigFloat(parts[1], precision: 53, rounding: .down),
                  lo.isFinite, hi.isFinite else {
                return .failure(DomainError("expected all, finite or LO,HI (two finite decimal numbers), got '\(text)'"))
            }
            let r = Range(text: (parts[0], parts[1]), lower: Double(lo, rounding: .up), upper: Double(hi, rounding: .down))
            // Beyond the doubles an end is ±the largest double, or nothing lies in the range.
            guard r.lower <= r.upper, r.lower != .infinity, r.upper != -.infinity else {
                return .failure(DomainError("no double x has \(parts[0]) ≤ x ≤ \(parts[1]), got '\(text)'"))
            }
            return .success(.range(r))
        }
    }

    package struct DomainError: Error, CustomStringConvertible {
        package let description: String
        init(_ d: String) { description = d }
    }
}
