import KinkCheckGeneration
import Synchronization

/// What a test run must say about its seed so that it can be replayed: a random seed, or a
/// malformed `KINKCHECK_SEED` and the seed used instead. Printed here, by the test helpers, once
/// per process — the library decides the seed (``SeedChoice``) but never prints.
enum SeedNotice {
    private static let printed = Mutex<Set<String>>([])

    /// Prints `choice`'s notice, if it has one and this process has not printed it yet.
    static func announce(_ choice: SeedChoice) {
        let line: String
        if let text = choice.malformedVariable {
            line = "KinkCheck: KINKCHECK_SEED='\(text)' is not a decimal or 0x-hex 64-bit number; using run seed \(choice.seed)"
        } else if choice.source == .random {
            line = "KinkCheck: run seed \(choice.seed) (replay with KINKCHECK_SEED=\(choice.seed))"
        } else {
            return
        }
        if printed.withLock({ $0.insert(line).inserted }) { print(line) }
    }
}
