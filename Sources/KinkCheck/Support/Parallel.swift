import BigFloat
import Dispatch
import KinkCheckSupport

/// `body(i)` for i in 0..<count on every core, results in index order: the output does not
/// depend on scheduling. Each iteration runs in the caller's MPFR exponent range (MPFR keeps it per thread).
package func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 0 else { return [] }
    let buffer = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    buffer.initialize(repeating: nil)
    defer { buffer.deallocate() }
    let slots = SendableBuffer(buffer)
    let exponentRange = MPFRExponentRange.current
    DispatchQueue.concurrentPerform(iterations: count) { i in
        slots.buffer[i] = exponentRange.apply { body(i) }   // each index written by exactly one iteration
    }
    // Move the results out, leaving the buffer deinitialized: nothing it held outlives the call.
    return (0..<count).map { (buffer.baseAddress! + $0).move()! }
}

/// A buffer shared by iterations that each write their own index.
package struct SendableBuffer<T>: @unchecked Sendable {
    package let buffer: UnsafeMutableBufferPointer<T>
    package init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}
