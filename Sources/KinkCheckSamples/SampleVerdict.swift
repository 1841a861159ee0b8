import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckSupport

/// The finding for one dump row.
public struct SampleVerdict: Sendable {
    public var row: DumpRow
    /// nil: nothing to report.
    public var kind: SampleClass?
    /// Whether `kind` counts against the run (see ``SampleClass/isDefect(allowFTZ:)``).
    public var isDefect: Bool
    /// The number `kind` is about.
    public var quantity: AccuracyQuantity
    /// That number as the framework gave it.
    public var got: Double
    /// What it should be: the truth rounded to the dtype, as a hex float; at a kink the Clarke
    /// set `[lo, hi]` (ends rounded to the dtype); for `wrong_side` the own side's f′(x).
    public var want: String
    /// The error of `got` in ulps of the dtype (nil where no ulp count applies: Clarke sets).
    public var ulps: Double?
    /// The value's ulp error (nil when not measured: x = NaN, or an undefined truth).
    public var valueULPs: Double?
    /// The derivative's ulp error (nil at a kink, without a derivative, or for an undefined truth).
    public var derivativeULPs: Double?

    /// A dtype number in the shortest exact hex form (`0x1.8p+1`, `-0x0p+0`, `nan`, `inf`).
    public static func hex(_ x: Double) -> String { BigFloat(x, precision: 53).hexString }
}

/// The summary of one (framework, mode, dtype, activation) group.
public struct SampleGroup: Sendable {
    public var framework: String
    public var mode: String
    public var dtype: IEEEFormat
    public var activation: String
    public var rows: Int = 0
    /// The largest value and derivative errors in ulps, and the x where each occurs (nil: none
    /// measured).
    public var maxValueULPs: (ulps: Double, x: Double)?
    public var maxDerivativeULPs: (ulps: Double, x: Double)?
    /// Rows per class (at_jump and allowed flush_to_zero included: they are reported, not failed).
    public var counts: [SampleClass: Int] = [:]
    /// Indices into ``SampleCheckResult/flagged`` of the group's rows with a class, in row order.
    public var flagged: [Int] = []
    /// Every row's (x, value ulps), for plots (kept only when ``SampleRun`` is asked to).
    public var valueErrors: [(x: Double, ulps: Double)] = []
    public var derivativeErrors: [(x: Double, ulps: Double)] = []

    /// The kink locations of the activation (for plots).
    public var kinks: [Double] = []

    /// The classes with their counts, in precedence order.
    public var classCounts: [(SampleClass, Int)] { SampleClass.allCases.compactMap { c in counts[c].map { (c, $0) } } }
}

/// Everything `samples` found.
public struct SampleCheckResult: Sendable {
    /// Rows checked.
    public var rows: Int
    /// Rows that are defects.
    public var defectRows: Int
    /// The rows with a class, in row order.
    public var flagged: [SampleVerdict]
    public var groups: [SampleGroup]
    public var k: Double
    public var allowFTZ: Bool
    /// No row is a defect.
    public var holds: Bool { defectRows == 0 }
}
