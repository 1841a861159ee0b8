import CMPFR

/// An arbitrary-precision binary floating-point number backed by MPFR.
///
/// - Precision is fixed when a value is made: any `p` in `BigFloat.minimumPrecision ...
///   BigFloat.maximumPrecision` bits. Operations between values of different precisions produce
///   the larger precision; mixed operations with `Int` and `Double` keep the `BigFloat`'s precision
///   and use the integer or double exactly (one rounding).
/// - Every operation is correctly rounded as MPFR specifies. Operators round to nearest-even;
///   named forms take an explicit ``Rounding`` and report a ``Ternary``.
/// - Value semantics: copies share storage until one is mutated (copy-on-write, decided by
///   `isKnownUniquelyReferenced` before every write). The in-place `form…` and `set…` methods
///   allocate nothing when the value's storage is not shared — the C call writes straight into
///   it, which MPFR allows even when an input is the output. Hot loops use ``UniqueBigFloat``
///   instead, which owns its storage and so needs no check per operation.
/// - Special values follow IEEE 754: ±0 keep their sign, ±∞, and NaN is unordered.
///
/// Edge cases: a value whose storage is shared (say `y = x; x *= x`) is copied once before the
/// first mutation, like any copy-on-write type.
@usableFromInline package struct BigFloat: @unchecked Sendable {
    // Sendable: the storage is never mutated while shared (copy-on-write), and MPFR keeps its
    // global state (flags, exponent range, constant caches) per thread — see `isThreadSafe`.
    @usableFromInline
    var storage: MPFRStorage

    /// The smallest precision MPFR accepts (MPFR_PREC_MIN, 1) is below what a float needs to be
    /// meaningful here; KinkCheck accepts 2 bits and up.
    @usableFromInline package static let minimumPrecision = 2
    /// The largest precision accepted: 2²⁴ bits (about 5 million decimal digits). MPFR itself
    /// allows up to `mpfrMaximumPrecision`, far beyond what fits in memory usefully.
    @usableFromInline package static let maximumPrecision = 1 << 24
    /// MPFR_PREC_MAX on this build.
    package static var mpfrMaximumPrecision: Int { Int(cmpfr_prec_max()) }
    /// The MPFR library version in use.
    package static var mpfrVersion: String { String(cString: mpfr_get_version()) }
    /// True when MPFR was built thread-safe (its flags, exponent range and caches are
    /// thread-local). KinkCheck checks this at start-up and says so if not.
    package static let isThreadSafe: Bool = mpfr_buildopt_tls_p() != 0

    /// Whether `p` is an acceptable precision.
    @inlinable
    package static func isValidPrecision(_ p: Int) -> Bool {
        p >= minimumPrecision && p <= maximumPrecision
    }

    @inlinable
    static func checkPrecision(_ p: Int) {
        if !isValidPrecision(p) { precisionOutOfRange(p) }
    }

    /// What happens when a value is asked for at a precision outside `minimumPrecision ...
    /// maximumPrecision` — a request the program cannot honour, typically an algorithm's working
    /// precision grown past the maximum from a user's precision near it. Nil (the default): a
    /// precondition failure. A command-line program sets it once at start-up, before any other
    /// thread runs, to print one line and exit instead of trapping; the handler must not return.
    nonisolated(unsafe) public static var precisionOutOfRangeHandler: (@Sendable (Int) -> Never)? = nil

    @usableFromInline
    static func precisionOutOfRange(_ p: Int) -> Never {
        if let handler = precisionOutOfRangeHandler { handler(p) }
        preconditionFailure("BigFloat precision \(p) outside \(minimumPrecision)...\(maximumPrecision)")
    }

    /// Stops (through ``precisionOutOfRangeHandler``, else a precondition failure) unless `p` is
    /// an acceptable precision: for algorithms that take a precision and would otherwise fail
    /// only deep inside.
    @inlinable
    package static func requireValidPrecision(_ p: Int) { checkPrecision(p) }

    /// `p` moved into `minimumPrecision ... maximumPrecision`: for working precisions that are an
    /// optimisation (guard bits, a retry's doubling), never for results whose exactness depends
    /// on the extra bits.
    @inlinable
    package static func clampedPrecision(_ p: Int) -> Int {
        Swift.min(Swift.max(p, minimumPrecision), maximumPrecision)
    }

    /// A NaN of the given precision; every constructor starts here.
    @inlinable
    package init(nanWithPrecision precision: Int) {
        BigFloat.checkPrecision(precision)
        storage = MPFRStorage.make(precision: precision)
    }

    @usableFromInline
    init(storage: MPFRStorage) { self.storage = storage }

    /// Read-only pointer to the value (valid while `self` is alive).
    @inlinable
    var ptr: UnsafeMutablePointer<__mpfr_struct> { storage.pointer }

    /// Pointer for writing: unshares the storage first if needed. (`isKnownUniquelyReferenced`
    /// is a call into the runtime, 1.5–3 ns in `kinkcheck bench ops`; loops that cannot afford
    /// it per operation use ``UniqueBigFloat``.)
    @inlinable
    mutating func mutablePtr() -> UnsafeMutablePointer<__mpfr_struct> {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage.pointer
    }

    /// The precision in bits.
    @inlinable
    package var precision: Int { Int(mpfr_get_prec(ptr)) }

    /// Runs `body` with a read-only pointer to the MPFR value, for calling MPFR functions that
    /// BigFloat does not wrap. The pointer must not escape `body`.
    @inlinable
    package func withUnsafeMPFRPointer<R>(_ body: (UnsafePointer<__mpfr_struct>) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(UnsafePointer(storage.pointer)) }
    }

    /// Runs `body` with a pointer through which it may overwrite the value; returns its result.
    @inlinable
    package mutating func withUnsafeMutableMPFRPointer<R>(
        _ body: (UnsafeMutablePointer<__mpfr_struct>) throws -> R
    ) rethrows -> R {
        let p = mutablePtr()
        return try withExtendedLifetime(storage) { try body(p) }
    }
}

/// Rounding direction for an operation. `nearestEven` is IEEE 754's default.
@usableFromInline package enum Rounding: String, Sendable, CaseIterable, Hashable {
    case nearestEven, towardZero, up, down, awayFromZero

    @inlinable
    package var mpfr: mpfr_rnd_t {
        switch self {
        case .nearestEven: return MPFR_RNDN
        case .towardZero: return MPFR_RNDZ
        case .up: return MPFR_RNDU
        case .down: return MPFR_RNDD
        case .awayFromZero: return MPFR_RNDA
        }
    }
}

/// MPFR's ternary value: the sign of (computed result − exact result).
@usableFromInline package struct Ternary: Sendable, Hashable, CustomStringConvertible {
    @usableFromInline package let rawValue: Int32
    @inlinable package init(_ rawValue: Int32) { self.rawValue = rawValue }
    /// The result is the exact mathematical value.
    @inlinable package var isExact: Bool { rawValue == 0 }
    /// The result is above the exact value.
    @inlinable package var roundedUp: Bool { rawValue > 0 }
    /// The result is below the exact value.
    @inlinable package var roundedDown: Bool { rawValue < 0 }
    @usableFromInline package var description: String { isExact ? "exact" : (roundedUp ? "rounded up" : "rounded down") }
}
