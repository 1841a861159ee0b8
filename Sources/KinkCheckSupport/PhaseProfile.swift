#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Per-phase times of one piece of work, written to stderr as one line when the environment
/// variable `KINKCHECK_PROFILE` is `1` (otherwise every call is a no-op and nothing is read or
/// written): `profile relu: discovery 0.012s/0.012s, limits … total …` — the calling thread's
/// CPU seconds, then wall seconds, per phase. Thread CPU time is the figure to compare: on a
/// shared machine wall time includes waiting for a core. Never part of any output file.
package struct PhaseProfile {
    package static let enabled: Bool = getenv("KINKCHECK_PROFILE").map { String(cString: $0) == "1" } ?? false

    package let label: String
    package var phases: [(String, Double, Double)] = []
    package var lastCPU: Double, lastWall: Double
    package let firstCPU: Double, firstWall: Double

    package init(_ label: String) {
        self.label = label
        let (c, w) = PhaseProfile.enabled ? PhaseProfile.now() : (0, 0)
        lastCPU = c; lastWall = w; firstCPU = c; firstWall = w
    }

    /// Ends the phase running since the previous mark (or the start) and names it.
    package mutating func mark(_ phase: String) {
        guard PhaseProfile.enabled else { return }
        let (c, w) = PhaseProfile.now()
        phases.append((phase, c - lastCPU, w - lastWall))
        lastCPU = c; lastWall = w
    }

    /// Writes the line (when enabled).
    package func finish() {
        guard PhaseProfile.enabled else { return }
        let (c, w) = PhaseProfile.now()
        let f = { (v: Double) in String(Double(Int((v * 1000).rounded())) / 1000) + "s" }
        let body = phases.map { "\($0.0) \(f($0.1))/\(f($0.2))" }.joined(separator: ", ")
        let line = "profile \(label): \(body), total \(f(c - firstCPU))/\(f(w - firstWall)) (thread cpu/wall)\n"
        var bytes = Array(line.utf8)
        _ = write(2, &bytes, bytes.count)   // one write: lines from parallel workers stay whole
    }

    package static func now() -> (cpu: Double, wall: Double) {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        let cpu = Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
        clock_gettime(CLOCK_MONOTONIC, &t)
        return (cpu, Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9)
    }
}
