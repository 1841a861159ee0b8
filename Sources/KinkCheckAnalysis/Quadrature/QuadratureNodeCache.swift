import Synchronization

/// Counters of a node cache, for tests and benchmarks.
package struct QuadratureCacheStatistics: Sendable, Hashable, CustomStringConvertible {
    /// Node tables (or tanh-sinh levels) that had to be computed.
    package var built: Int = 0
    /// Requests answered from the cache without computing anything.
    package var hits: Int = 0
    package var description: String { "built \(built), hits \(hits)" }
}

/// A lock-protected map from a key to an immutable node table, computed once and then shared
/// across calls and threads.
///
/// The table for a key is computed while holding the lock, so two threads asking for the same
/// new table compute it once (the second waits). Tables are never evicted: a precision or point
/// count seen once is usually seen again, and each table is small next to the work it saves.
package final class QuadratureNodeCache<Key: Hashable & Sendable, Table: Sendable>: Sendable {
    private struct State {
        var tables: [Key: Table] = [:]
        var statistics: [Key: QuadratureCacheStatistics] = [:]
    }
    private let state = Mutex(State())

    /// The table for `key`, computing it with `make` on a miss.
    package func table(for key: Key, make: () -> Table) -> Table {
        state.withLock { s in
            if let t = s.tables[key] {
                s.statistics[key, default: .init()].hits += 1
                return t
            }
            let t = make()
            s.tables[key] = t
            s.statistics[key, default: .init()].built += 1
            return t
        }
    }

    package func statistics(for key: Key) -> QuadratureCacheStatistics {
        state.withLock { $0.statistics[key] ?? .init() }
    }
}
