/// The branch decisions of one evaluation, recorded and then replayed in another.
///
/// ``TaylorSeries`` comparisons consult the active script: in `record` mode each answer is
/// computed and appended; in `replay` mode the recorded answers are returned in order, so a second
/// evaluation runs the very same straight-line program as the first, even at a point where the
/// comparisons would answer otherwise. That is how a one-sided limit at a kink c is read off the
/// branch of the open side: record at a point just beside c, replay at c itself.
///
/// Edge cases: a replay that asks for more decisions than were recorded answers the rest itself
/// and marks the script `overrun` (a different program ran; callers discard the result).
package final class BranchScript: @unchecked Sendable {
    // Unsynchronised by design: one script belongs to one synchronous evaluation.
    package enum Mode: Sendable { case record, replay }
    package let mode: Mode
    package private(set) var decisions: [Bool]
    package private(set) var cursor = 0
    package private(set) var overrun = false

    package init(recording: Void = ()) { mode = .record; decisions = [] }
    package init(replaying decisions: [Bool]) { mode = .replay; self.decisions = decisions }

    /// True when a replay used exactly the recorded decisions.
    package var replayedExactly: Bool { mode == .replay && !overrun && cursor == decisions.count }

    @TaskLocal package static var current: BranchScript?

    /// Runs `body` with `script` active.
    package static func with<R>(_ script: BranchScript, _ body: () throws -> R) rethrows -> R {
        try $current.withValue(script, operation: body)
    }

    /// The answer of one comparison: computed, recorded or replayed.
    @inline(__always)
    static func decide(_ compute: () -> Bool) -> Bool {
        guard let script = current else { return compute() }
        switch script.mode {
        case .record:
            let answer = compute()
            script.decisions.append(answer)
            return answer
        case .replay:
            guard script.cursor < script.decisions.count else {
                script.overrun = true
                return compute()
            }
            script.cursor += 1
            return script.decisions[script.cursor - 1]
        }
    }
}
