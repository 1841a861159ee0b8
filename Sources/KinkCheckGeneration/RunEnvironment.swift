import BigFloat
import KinkCheck
import KinkCheckSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
///
/// (`KINKCHECK_PROFILE=1`, per-phase times on stderr, is read by ``PhaseProfile`` itself: it
/// concerns no property run.)
package struct RunEnvironment: Sendable {
    package var seedText: String?
    package var caseText: String?
    package var casesText: String?
    package var isCI: Bool
    package var statistics: Bool
    package var record: Bool

    /// From a dictionary of variables (for tests).
    package init(_ variables: [String: String]) {
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
    package static var current: RunEnvironment {
        var variables: [String: String] = [:]
        for name in ["KINKCHECK_SEED", "KINKCHECK_CASE", "KINKCHECK_CASES", "KINKCHECK_STATS", "KINKCHECK_RECORD", "CI"] {
            if let raw = getenv(name) { variables[name] = String(cString: raw) }
        }
        return RunEnvironment(variables)
    }

    /// `KINKCHECK_CASE` parsed (nil when unset or malformed).
    package var replayCase: CaseID? { caseText.flatMap(CaseID.init) }
    /// `KINKCHECK_CASES` parsed.
    package var cases: Int? { casesText.flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil } }
}
