import BigFloat
import Dispatch
import KinkCheckSupport
import Synchronization

/// `body(i)` for i in 0..<count on up to `threads` threads (every core by default), results in
/// index order: the output does not depend on scheduling. As ``Swift/Array/parallelUpdate(threads:_:)``:
/// each iteration runs in the caller's MPFR exponent range.
package func parallelMap<T: Sendable>(_ count: Int, threads: Int? = nil, _ body: @Sendable (Int) -> T) -> [T] {
    var slots = [T?](repeating: nil, count: count)
    slots.parallelUpdate(threads: threads) { i, slot in slot = body(i) }
    return slots.map { $0! }
}

extension Array {
    /// `body(i, &self[i])` for every index, on up to `threads` threads: every core by default;
    /// the calling thread, in index order, when `threads` is 1, there is one element, or MPFR is
    /// not built thread-safe. Each of the n workers takes the next index not yet taken (so one
    /// long iteration does not hold back the indices behind it: `check`'s activations differ
    /// fourfold in cost); each iteration touches only its own element and runs in the caller's
    /// MPFR exponent range
    /// (MPFR keeps the range per thread, so a worker thread would otherwise use its default).
    ///
    /// The one place KinkCheck fans work out to threads: ``parallelMap(_:threads:_:)``, the
    /// property runner's case blocks and the quadrature rules, sides and pieces.
    package mutating func parallelUpdate(threads: Int? = nil, _ body: @Sendable (Int, inout Element) -> Void) {
        let count = self.count
        let workers = Swift.min(count, threads ?? count)
        guard workers > 1 && BigFloat.isThreadSafe else {
            for i in indices { body(i, &self[i]) }
            return
        }
        let exponentRange = MPFRExponentRange.current
        let next = Atomic<Int>(0)
        withUnsafeMutableBufferPointer { buffer in
            let slots = SendableBuffer(buffer)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                exponentRange.apply {
                    while true {
                        let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                        guard i < count else { break }
                        body(i, &slots.buffer[i])   // each index taken, and written, by exactly one worker
                    }
                }
            }
        }
    }
}

/// A buffer shared by iterations that each write their own index.
package struct SendableBuffer<T>: @unchecked Sendable {
    package let buffer: UnsafeMutableBufferPointer<T>
    package init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}
