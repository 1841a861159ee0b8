import Dispatch

/// `body(i)` for i in 0..<count on every core, results in index order: the output does not
/// depend on scheduling.
public func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 0 else { return [] }
    let buffer = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    buffer.initialize(repeating: nil)
    defer { buffer.deallocate() }
    let slots = SendableBuffer(buffer)
    DispatchQueue.concurrentPerform(iterations: count) { i in
        slots.buffer[i] = body(i)   // each index written by exactly one iteration
    }
    return buffer.map { $0! }
}

struct SendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}
