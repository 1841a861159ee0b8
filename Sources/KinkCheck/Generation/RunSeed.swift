#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The seed of a run. Every random case is a pure function of (run seed, property name,
/// format, case index), so any case can be replayed alone and results never depend on thread
/// scheduling.
///
/// Where it comes from (``RunSeed/environment``): `KINKCHECK_SEED` (decimal or `0x` hex) if set;
/// else the fixed ``RunSeed/ci`` when `CI` is set; else a fresh random seed, printed once per
/// process so the run can be replayed.
///
/// Edge cases: a malformed `KINKCHECK_SEED` is reported and ignored (the run is not silently
/// reseeded with something else: the message says which seed was used instead).
public struct RunSeed: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    public let value: UInt64

    public init(_ value: UInt64) { self.value = value }

    /// Parses `12345` or `0x3039`.
    public init?(_ description: String) {
        let t = description.generationTrimmed.lowercased()
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
    public func streamKey(property: String, format: NumberFormat) -> UInt64 {
        SplitMix64.mix(value ^ FNV1a64.hash(property + "\u{1F}" + format.name))
    }

    /// The seed of random case `index`: output `index + 1` of a SplitMix64 started at the
    /// stream key — computed directly, so case i never depends on cases before it.
    @inlinable
    public static func caseSeed(streamKey: UInt64, index: Int) -> UInt64 {
        SplitMix64.mix(streamKey &+ (UInt64(truncatingIfNeeded: index) &+ 1) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// `caseSeed(streamKey: streamKey(property:format:), index:)`.
    public func caseSeed(property: String, format: NumberFormat, index: Int) -> UInt64 {
        RunSeed.caseSeed(streamKey: streamKey(property: property, format: format), index: index)
    }

    /// The process's run seed from ``RunEnvironment/current`` (decided and, when random,
    /// printed once).
    public static let environment: RunSeed = {
        let env = RunEnvironment.current
        if let text = env.seedText {
            if let seed = RunSeed(text) { return seed }
            let fallback = env.isCI ? RunSeed.ci : RunSeed.fresh()
            print("KinkCheck: KINKCHECK_SEED='\(text)' is not a decimal or 0x-hex 64-bit number; using run seed \(fallback)")
            return fallback
        }
        if env.isCI { return RunSeed.ci }
        let seed = RunSeed.fresh()
        print("KinkCheck: run seed \(seed) (replay with KINKCHECK_SEED=\(seed))")
        return seed
    }()

    /// A seed from the system's entropy (only ever used as a printed run seed).
    static func fresh() -> RunSeed {
        var g = SystemRandomNumberGenerator()
        return RunSeed(g.next())
    }
}

/// The environment variables KinkCheck reads, parsed once.
///
/// | variable | effect |
/// |---|---|
/// | `KINKCHECK_SEED` | run seed (decimal or 0x hex) |
/// | `KINKCHECK_CASE` | replay only this case, e.g. `binary64/random/17` |
/// | `KINKCHECK_CASES` | random cases per property and format (overrides the configuration) |
/// | `KINKCHECK_STATS` | print per-provenance statistics (`1`) |
/// | `KINKCHECK_RECORD` | append shrunk failures to the regression file (`1`) |
/// | `CI` | fixed seed; unmet coverage contracts become errors |
public struct RunEnvironment: Sendable {
    public var seedText: String?
    public var caseText: String?
    public var casesText: String?
    public var isCI: Bool
    public var statistics: Bool
    public var record: Bool

    /// From a dictionary of variables (for tests).
    public init(_ variables: [String: String]) {
        func flag(_ name: String) -> Bool {
            guard let v = variables[name]?.lowercased(), !v.isEmpty else { return false }
            return v != "0" && v != "false" && v != "no"
        }
        seedText = variables["KINKCHECK_SEED"].flatMap { $0.isEmpty ? nil : $0 }
        caseText = variables["KINKCHECK_CASE"].flatMap { $0.isEmpty ? nil : $0 }
        casesText = variables["KINKCHECK_CASES"].flatMap { $0.isEmpty ? nil : $0 }
        isCI = flag("CI")
        statistics = flag("KINKCHECK_STATS")
        record = flag("KINKCHECK_RECORD")
    }

    /// The process environment.
    public static var current: RunEnvironment {
        var variables: [String: String] = [:]
        for name in ["KINKCHECK_SEED", "KINKCHECK_CASE", "KINKCHECK_CASES", "KINKCHECK_STATS", "KINKCHECK_RECORD", "CI"] {
            if let raw = getenv(name) { variables[name] = String(cString: raw) }
        }
        return RunEnvironment(variables)
    }

    /// `KINKCHECK_CASE` parsed (nil when unset or malformed).
    public var replayCase: CaseID? { caseText.flatMap(CaseID.init) }
    /// `KINKCHECK_CASES` parsed.
    public var cases: Int? { casesText.flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil } }
}

/// The phases of a run, in the order they execute.
public enum Phase: String, Sendable, Hashable, CaseIterable {
    case regression, sweep, random
}

/// Names one case: `<format>/<phase>/<index>`, e.g. `binary64/random/17`. Regression and sweep
/// cases are the same in every run; random case i is drawn from
/// ``RunSeed/caseSeed(property:format:index:)``.
public struct CaseID: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    public var format: NumberFormat
    public var phase: Phase
    public var index: Int

    public init(format: NumberFormat, phase: Phase, index: Int) {
        self.format = format; self.phase = phase; self.index = index
    }

    public init?(_ description: String) {
        let parts = description.generationTrimmed.split(separator: "/").map(String.init)
        guard parts.count == 3, let f = NumberFormat(parts[0]), let p = Phase(rawValue: parts[1]),
              let i = Int(parts[2]), i >= 0 else { return nil }
        self.init(format: f, phase: p, index: i)
    }

    public var description: String { "\(format.name)/\(phase.rawValue)/\(index)" }
}

extension String {
    var generationTrimmed: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\n" || c == "\r" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\n" || c == "\r" { s = s.dropLast() }
        return String(s)
    }
}
