import BigFloat
import KinkCheckSupport
import Synchronization

/// A function of a BigFloat computed once per argument (by its exact bits and precision): the
/// values at quadrature nodes shared by an identity's two integrands, f at the points the shape
/// laws share. Thread-safe; holds at most ``capacity`` arguments (beyond, values are computed
/// each time). Inlinable, so that the layers above get it specialized to their `Value`.
package final class NodeMemo<Value: Sendable>: Sendable {
    @inlinable package static var capacity: Int { 1 << 16 }
    @usableFromInline package let table = Mutex<[BigFloat.Key: Value]>(Dictionary(minimumCapacity: 1024))
    @usableFromInline package let make: @Sendable (BigFloat) -> Value

    @inlinable package init(_ make: @escaping @Sendable (BigFloat) -> Value) { self.make = make }

    @inlinable package func callAsFunction(_ x: BigFloat) -> Value {
        let key = BigFloat.Key(x)
        if let known = table.withLock({ $0[key] }) { return known }
        let value = make(x)
        table.withLock { if $0.count < Self.capacity { $0[key] = value } }
        return value
    }
}
