import BigFloat
import KinkCheckSupport
import Synchronization

/// Computations whose cost grows without bound in their input's magnitude, capped: past the cap
/// an operation returns an honest non-answer (NaN, or the widest enclosure) instead of running for
/// minutes, and records why, so that a command can refuse in one line with the reason.
///
/// The one such operation is sin/cos of a huge argument: MPFR reduces x modulo 2π with about as
/// many bits of π as x's exponent, so sin(2^99999999) costs a hundred-million-bit π. Past
/// ``trigonometryExponentLimit`` (2²² ≈ 4.2 million bits: sin(10^999999) is still answered),
/// sin and cos of a point are NaN, and over an interval [−1, 1].
package enum CostLimit {
    /// The largest MPFR exponent of a sine or cosine argument that is reduced.
    package static let trigonometryExponentLimit = 1 << 22

    private static let note = Mutex<String?>(nil)

    /// The reason of the last refusal, if any (process-wide; a command reads it when it refuses).
    package static var lastRefusal: String? { note.withLock { $0 } }

    /// True (and the reason recorded) when sin/cos of `x` is beyond the limit.
    package static func refusesTrigonometry(of x: BigFloat) -> Bool {
        guard let e = x.exponent, e > trigonometryExponentLimit else { return false }
        note.withLock {
            $0 = "sin/cos of an argument of magnitude 2^\(e) needs about \(e) bits of π to reduce; "
                + "arguments beyond 2^\(trigonometryExponentLimit) are refused"
        }
        return true
    }
}
