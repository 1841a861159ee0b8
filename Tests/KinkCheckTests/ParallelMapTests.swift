import Synchronization
import Testing
@testable import KinkCheck

/// Counts deinitializations of ``Tracked``.
let trackedDeinits = Atomic<Int>(0)

final class Tracked: Sendable {
    let index: Int
    init(_ index: Int) { self.index = index }
    deinit { trackedDeinits.add(1, ordering: .relaxed) }
}

@Test("ParallelMapReturnsResultsInOrderAndReleasesEverythingItAllocated")
func parallelMapReturnsResultsInOrderAndReleasesEverythingItAllocated() {
    let before = trackedDeinits.load(ordering: .relaxed)
    do {
        let results = parallelMap(1000) { Tracked($0) }
        #expect(results.map(\.index) == Array(0..<1000))
    }
    // Once the results are gone, every one of the 1,000 objects has been deinitialized.
    #expect(trackedDeinits.load(ordering: .relaxed) - before == 1000)
}
