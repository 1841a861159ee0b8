import BigFloat
import Foundation
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckReports
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

/// A progress bar on stderr, drawn only when stdout is a terminal and CI is unset.
final class Progress: @unchecked Sendable {
    let total: Int
    let enabled: Bool
    var done = 0
    let lock = NSLock()
    init(total: Int, enabled: Bool = Progress.isWanted) { self.total = total; self.enabled = enabled; draw("") }

    /// Whether to draw: stdout is a terminal (not piped) and `CI` is unset.
    static var isWanted: Bool { isatty(1) != 0 && ProcessInfo.processInfo.environment["CI"] == nil }

    func step(_ label: String) {
        lock.lock(); defer { lock.unlock() }
        done += 1
        draw(label)
    }
    func draw(_ label: String) {
        guard enabled, total > 0 else { return }
        let filled = 30 * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) \(label.padded(to: 24))".utf8))
    }
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 70) + "\r").utf8))
    }
}
