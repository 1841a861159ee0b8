import BigFloat
import KinkCheck
import KinkCheckSupport

/// The seed of a run. Every random case is a pure function of (run seed, property name,
/// format, case index), so any case can be replayed alone and results never depend on thread
/// scheduling.
///
/// Where it comes from (``RunSeed/environment``, decided by ``SeedChoice``): `KINKCHECK_SEED`
/// (decimal or `0x` hex) if set; else the fixed ``RunSeed/ci`` when `CI` is set; else a random
/// seed drawn once per process, which the test helpers print so the run can be replayed.
///
/// Edge cases: a malformed `KINKCHECK_SEED` is reported (by the test helpers; the CLI refuses
/// it) and ignored, and the report says which seed was used instead.
public struct RunSeed: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    public let value: UInt64

    public init(_ value: UInt64) { self.value = value }

    /// Parses `12345` or `0x3039`.
    public init?(_ description: String) {
        let t = description.trimmingBlanks.lowercased()
        if t.hasPrefix("0x") {
            guard let v = UInt64(t.dropFirst(2), radix: 16) else { return nil }
            value = v
        } else {
            guard let v = UInt64(t) else { return nil }
            value = v
        }
    }

    /// The seed used when `CI` is set and `KINKCHECK_SEED` is not: "KINKCHEC" in ASCII.
    public static let ci = RunSeed(0x4B49_4E4B_4348_4543)

    /// `0x` and 16 hex digits.
    public var description: String {
        let hex = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The key of one property's random stream in one format: SplitMix64's mixer applied to
    /// the run seed xor FNV-1a 64 of `"<property>\u{1F}<format name>"`.
    package func streamKey(property: String, format: NumberFormat) -> UInt64 {
        SplitMix64.mix(value ^ FNV1a64.hash(property + "\u{1F}" + format.name))
    }

    /// The seed of random case `index`: output `index + 1` of a SplitMix64 started at the
    /// stream key — computed directly, so case i never depends on cases before it.
    @inlinable
    package static func caseSeed(streamKey: UInt64, index: Int) -> UInt64 {
        SplitMix64.mix(streamKey &+ (UInt64(truncatingIfNeeded: index) &+ 1) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// `caseSeed(streamKey: streamKey(property:format:), index:)`.
    package func caseSeed(property: String, format: NumberFormat, index: Int) -> UInt64 {
        RunSeed.caseSeed(streamKey: streamKey(property: property, format: format), index: index)
    }

    /// The process's run seed from ``RunEnvironment/current`` (``SeedChoice/process``), decided
    /// once. The library prints nothing: `verifyActivation` and `checkProperty` print a random
    /// seed (and a malformed `KINKCHECK_SEED`) once per process.
    public static let environment: RunSeed = SeedChoice.process.seed
}
