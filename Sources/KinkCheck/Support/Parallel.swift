import BigFloat
import Dispatch
import KinkCheckSupport

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
    /// not built thread-safe. With n workers, worker t takes indices t, t + n, t + 2n, …; each
    /// iteration touches only its own element and runs in the caller's MPFR exponent range
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
        withUnsafeMutableBufferPointer { buffer in
            let slots = SendableBuffer(buffer)
            DispatchQueue.concurrentPerform(iterations: workers) { t in
                exponentRange.apply {
                    var i = t
                    while i < count {
                        body(i, &slots.buffer[i])   // each index written by exactly one worker
                        i += workers
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
