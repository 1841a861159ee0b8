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
/// Each key has an entry with a lock of its own: the table for a key is computed while holding
/// that entry's lock, so two threads asking for the same new table compute it once (the second
/// waits), while threads asking for other tables go on (the map's lock is held only to find or
/// add an entry). Tables are never evicted: a precision or point count seen once is usually seen
/// again, and each table is small next to the work it saves.
package final class QuadratureNodeCache<Key: Hashable & Sendable, Table: Sendable>: Sendable {
    private final class Entry: Sendable {
        let table = Mutex<Table?>(nil)
    }
    private struct State {
        var entries: [Key: Entry] = [:]
        var statistics: [Key: QuadratureCacheStatistics] = [:]
    }
    private let state = Mutex(State())

    /// The table for `key`, computing it with `make` on a miss.
    package func table(for key: Key, make: () -> Table) -> Table {
        let entry = state.withLock { s in
            if let e = s.entries[key] { return e }
            let e = Entry()
            s.entries[key] = e
            return e
        }
        let (table, built) = entry.table.withLock { t -> (Table, Bool) in
            if let t { return (t, false) }
            let made = make()
            t = made
            return (made, true)
        }
        state.withLock { s in
            if built { s.statistics[key, default: .init()].built += 1 } else { s.statistics[key, default: .init()].hits += 1 }
        }
        return table
    }

    package func statistics(for key: Key) -> QuadratureCacheStatistics {
        state.withLock { $0.statistics[key] ?? .init() }
    }
}
