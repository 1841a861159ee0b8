import BigFloat
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// What BigFloatTests and BigFloatOptimizedTests share: a target of its own, so the optimized
// suites need not copy it.

/// `a` and `b` are the same datum at the same precision (NaN equals NaN; -0 differs from +0).
package func same(_ a: BigFloat, _ b: BigFloat) -> Bool {
    a.precision == b.precision && a.isIdentical(to: b)
}

// MARK: - Deterministic random numbers

/// Knuth's MMIX linear congruential generator. Not `Double.random` or `Hasher`: both differ
/// across toolchains or processes, and a failing case must be replayable from its seed.
package struct LCG {
    package private(set) var state: UInt64
    package init(seed: UInt64) { state = seed }

    /// The high 32 bits of the next state (the low bits of an LCG are weak).
    package mutating func next32() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state >> 32
    }
    package mutating func next64() -> UInt64 { (next32() << 32) | next32() }
    /// Uniform in 0..<n (n > 0), by rejection.
    package mutating func below(_ n: UInt64) -> UInt64 {
        precondition(n > 0)
        let limit = UInt64.max - UInt64.max % n
        while true {
            let r = next64()
            if r < limit { return r % n }
        }
    }
    package mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(below(UInt64(range.upperBound - range.lowerBound) + 1))
    }
    package mutating func bool() -> Bool { next32() & 1 == 1 }

    /// A random p-bit significand in [1, 2) times 2^exponent, built with exact arithmetic only
    /// (64-bit chunks, each fitting in p bits), with a random sign.
    package mutating func bigFloat(precision p: Int, exponent: ClosedRange<Int>) -> BigFloat {
        var x = BigFloat(1, precision: p)
        var bitsLeft = p - 1
        var shift = 0
        while bitsLeft > 0 {
            let take = Swift.min(64, bitsLeft)
            let chunk = take == 64 ? next64() : next64() >> UInt64(64 - take)
            shift += take
            x += BigFloat(chunk, precision: 64).timesPowerOfTwo(-shift)
            bitsLeft -= take
        }
        x = x.timesPowerOfTwo(int(in: exponent))
        return bool() ? -x : x
    }
}

// MARK: - Memory

/// Resident set size in bytes, from /proc/self/statm (second field, in pages).
package func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return -1 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return -1 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
