/// A scoped working precision, for algorithms that want one without passing it everywhere
/// (like Julia's `setprecision(f, p)`). It is task-local: read it once at the start of an
/// algorithm, never per operation — and it never touches MPFR's global default precision.
package enum WorkingPrecision {
    @TaskLocal package static var current: Int = 53

    /// Runs `body` with `current == precision`.
    package static func with<R>(_ precision: Int, _ body: () throws -> R) rethrows -> R {
        precondition(BigFloat.isValidPrecision(precision), "invalid precision \(precision)")
        return try $current.withValue(precision, operation: body)
    }

    /// Async form of `with`.
    package static func with<R>(_ precision: Int, _ body: () async throws -> R) async rethrows -> R {
        precondition(BigFloat.isValidPrecision(precision), "invalid precision \(precision)")
        return try await $current.withValue(precision, operation: body)
    }
}
