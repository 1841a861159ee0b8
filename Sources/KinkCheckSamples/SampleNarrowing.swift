import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckSupport

/// What one float64 number says about narrowing — a float32 kernel, or a float32 constant, inside
/// a float64 computation.
///
/// A float32 computation returns float32 numbers only, so a float64 group narrowed for a quantity
/// (value or derivative) when every finite nonzero number of that quantity in the group is a
/// float32 number and at least one of them is *evidence*: a float32 number with more than 16
/// significant bits, outside float64's tolerance of a truth whose float64 rounding is not a
/// float32 number (``SampleGroup/narrowed(_:)``).
///
/// Why a group and not a row: a float64 result of heavy cancellation (1 − t with t ≈ 1 losing 29
/// or more bits, a series truncated at a power-of-two x) has a float32-short significand too, so
/// one row cannot tell narrowing from cancellation; a correct or merely inaccurate float64 kernel
/// returns numbers that are not float32 numbers at nearly every other point. Why more than 16
/// significant bits: a saturated or exact result (1, 0.5, x itself at a short grid point) is a
/// float32 number whatever the precision of the kernel, while a float32 rounding of a truth that
/// is not short has 17 to 24 significant bits but for 1 case in 2⁸. Zeros and non-finite numbers
/// say nothing and are not counted.
package enum SampleNarrowing: Sendable, Hashable {
    /// Not a float64 row, or the number is 0, NaN, ±∞ or absent.
    case notCounted
    /// A float64 number that is not a float32 number.
    case wide
    /// A float32 number.
    case float32
    /// A float32 number of more than 16 significant bits outside float64's tolerance, whose
    /// truth's float64 rounding is not a float32 number.
    case evidence

    /// The number `y` of a float64 row (nil: not given), measured by `m` (nil: no truth to compare with).
    package init(_ y: Double?, in format: IEEEFormat, measurement m: AccuracyMeasurement?) {
        guard format == .binary64, let y, y.isFinite, y != 0 else { self = .notCounted; return }
        guard Self.isFloat32(y) else { self = .wide; return }
        if y.significandWidth >= Self.evidenceWidth, let m, !m.withinTolerance, m.rounded.isFinite, !Self.isFloat32(m.rounded) {
            self = .evidence
        } else {
            self = .float32
        }
    }

    /// Evidence has at least this many significand bits after the leading one (17 significant bits).
    package static let evidenceWidth = 16

    /// Exactly a float32 number (normal or subnormal).
    package static func isFloat32(_ y: Double) -> Bool { Double(Float(y)) == y }
}

/// A group's count of one quantity's numbers by ``SampleNarrowing``.
package struct NarrowingTally: Sendable {
    package var wide = 0
    package var float32 = 0
    package var evidence = 0
    /// The first evidence row: (file, row).
    package var first: (file: Int, row: Int)? = nil

    package mutating func add(_ n: SampleNarrowing, file: Int, row: Int) {
        switch n {
        case .notCounted: break
        case .wide: wide += 1
        case .float32: float32 += 1
        case .evidence:
            evidence += 1
            if first == nil { first = (file, row) }
        }
    }

    /// Every counted number a float32 one, and at least one of them evidence.
    package var narrowed: Bool { evidence > 0 && wide == 0 }

    /// `every nonzero finite derivative is a float32 number, 266 of them outside float64's
    /// tolerance of a truth that is not one (first: row 10504): a float32 kernel or constant in
    /// this float64 computation` (`first`: how the first evidence row is named).
    package func sentence(_ quantity: AccuracyQuantity, first: String) -> String {
        "every nonzero finite \(quantity.rawValue) is a float32 number, \(evidence) of them outside float64's tolerance"
            + " of a truth that is not one (first: row \(first)): a float32 kernel or constant in this float64 computation"
    }
}
