import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckSupport

/// The finding for one dump row.
package struct SampleVerdict: Sendable {
    package var row: DumpRow
    /// nil: nothing to report.
    package var kind: SampleClass?
    /// Whether `kind` counts against the run (see ``SampleClass/isDefect(allowFTZ:)``).
    package var isDefect: Bool
    /// The number `kind` is about.
    package var quantity: AccuracyQuantity
    /// That number as the framework gave it.
    package var got: Double
    /// What it should be: the truth rounded to the dtype, as a hex float; at a kink the Clarke
    /// set `[lo, hi]` (ends rounded to the dtype); for `wrong_side` the own side's f′(x).
    package var want: String
    /// The error of `got` in ulps of the dtype (nil where no ulp count applies: Clarke sets).
    package var ulps: Double?
    /// The value's ulp error (nil when not measured: x = NaN, or an undefined truth).
    package var valueULPs: Double?
    /// The derivative's ulp error (nil at a kink, without a derivative, or for an undefined truth).
    package var derivativeULPs: Double?
    /// The tolerance `got` was held to, with its parts, or what was due (nil: nothing to report).
    package var tolerance: SampleTolerance? = nil
    /// What the value and the derivative say about narrowing (``SampleNarrowing``; float64 rows only).
    package var valueNarrowing = SampleNarrowing.notCounted
    package var derivativeNarrowing = SampleNarrowing.notCounted

    /// A dtype number in the shortest exact hex form (`0x1.8p+1`, `-0x0p+0`, `nan`, `inf`).
    package static func hex(_ x: Double) -> String { BigFloat(x, precision: 53).hexString }
}

/// The summary of one (framework, mode, dtype, activation) group.
package struct SampleGroup: Sendable {
    package var framework: String
    package var mode: String
    package var dtype: IEEEFormat
    package var activation: String
    /// The framework's version and the device it ran on, from the dump (empty when not given).
    package var version = ""
    package var device = ""
    /// What made the numbers, as far as the dump says: `torch 2.13.0+cpu on cpu scalar`.
    package var provenance: String { Self.provenance(framework, version, device, mode) }

    /// `torch 2.13.0+cpu on cpu scalar`, the empty parts left out.
    package static func provenance(_ framework: String, _ version: String, _ device: String, _ mode: String) -> String {
        [framework, version, device.isEmpty ? "" : "on \(device)", mode].filter { !$0.isEmpty }.joined(separator: " ")
    }
    package var rows: Int = 0
    /// The largest value and derivative errors in ulps, and the x where each occurs (nil: none
    /// measured).
    package var maxValueULPs: (ulps: Double, x: Double)?
    package var maxDerivativeULPs: (ulps: Double, x: Double)?
    /// Rows per class (at_jump and allowed flush_to_zero included: they are reported, not failed).
    package var counts: [SampleClass: Int] = [:]
    /// Indices into ``SampleCheckResult/flagged`` of the group's rows with a class, in row order.
    package var flagged: [Int] = []
    /// Every row's (x, value ulps), for plots (kept only when ``SampleRun`` is asked to).
    package var valueErrors: [(x: Double, ulps: Double)] = []
    package var derivativeErrors: [(x: Double, ulps: Double)] = []

    /// The kink locations of the activation (for plots).
    package var kinks: [Double] = []
    /// The value's and the derivative's numbers counted by ``SampleNarrowing``.
    package var valueNarrowing = NarrowingTally()
    package var derivativeNarrowing = NarrowingTally()

    /// The group's `quantity` was evidently computed in float32 (``NarrowingTally/narrowed``).
    package func narrowed(_ quantity: AccuracyQuantity) -> Bool {
        (quantity == .value ? valueNarrowing : derivativeNarrowing).narrowed
    }

    /// The narrowed quantities, value first.
    package var narrowedQuantities: [(AccuracyQuantity, NarrowingTally)] {
        [(AccuracyQuantity.value, valueNarrowing), (.derivative, derivativeNarrowing)].filter(\.1.narrowed)
    }

    /// The classes with their counts, in precedence order.
    package var classCounts: [(SampleClass, Int)] { SampleClass.ordered(counts) }
}

/// Everything `samples` found.
package struct SampleCheckResult: Sendable {
    /// Rows checked.
    package var rows: Int
    /// Rows that are defects.
    package var defectRows: Int
    /// The rows with a class, in row order.
    package var flagged: [SampleVerdict]
    package var groups: [SampleGroup]
    package var k: Double
    package var allowFTZ: Bool
    /// With `--allow ftz`, the flush_to_zero rows counted as defects all the same because their
    /// group's quantity is narrowed (a float32 computation flushes float64's small numbers too).
    package var unexcusedFlushes = 0
    /// No row is a defect.
    package var holds: Bool { defectRows == 0 }
}

extension SampleClass {
    /// The counts in the classes' order, the empty ones left out.
    package static func ordered(_ counts: [SampleClass: Int]) -> [(SampleClass, Int)] {
        allCases.compactMap { c in counts[c].map { (c, $0) } }
    }

    /// "not_finite 2, value_inaccurate 1", or "none".
    package static func summary(_ counts: [SampleClass: Int]) -> String {
        counts.isEmpty ? "none" : ordered(counts).map { "\($0.0.rawValue) \($0.1)" }.joined(separator: ", ")
    }
}
