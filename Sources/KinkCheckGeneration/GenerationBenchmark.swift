import BigFloat
import KinkCheck
import KinkCheckSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Measures input generation on the calling thread: the random mixture exactly as a property
/// run draws it (per-case seed → xoshiro256** → one input), and the bare stream.
///
/// Edge cases: `count` below 1 is taken as 1. The checksum (xor of all encodings) keeps the
/// optimiser from dropping the work and makes two runs with one seed comparable.
package enum GenerationBenchmark {
    package struct Result: Sendable, CustomStringConvertible {
        package let label: String
        package let format: NumberFormat
        package let inputs: Int
        package let seconds: Double
        package let checksum: UInt64
        package var inputsPerSecond: Double { Double(inputs) / Swift.max(seconds, 1e-9) }
        package var description: String {
            let rate = (inputsPerSecond / 1e5).rounded() / 10
            return "\(format.name) \(label): \(inputs) inputs in \((seconds * 1000).rounded() / 1000) s = \(rate) M inputs/s (checksum \(RunSeed(checksum)))"
        }
    }

    /// Random-phase inputs for cases 0 ..< count, each from its own per-case seed, as
    /// `PropertyRunner` draws them for a `.single` property.
    package static func mixture(_ generator: InputGenerator, count: Int, seed: RunSeed, property: String = "bench") -> Result {
        let n = Swift.max(1, count)
        let key = seed.streamKey(property: property, format: generator.format)
        var checksum: UInt64 = 0
        let start = now()
        for i in 0 ..< n {
            let x = generator.randomInput(seed: RunSeed.caseSeed(streamKey: key, index: i))
            checksum = (checksum ^ x.bits) &* 0x100_0000_01B3
        }
        return Result(label: "mixture (per-case seeds)", format: generator.format, inputs: n, seconds: now() - start, checksum: checksum)
    }

    /// Inputs drawn one after another from one stream (no per-case reseeding).
    package static func stream(_ generator: InputGenerator, count: Int, seed: RunSeed) -> Result {
        let n = Swift.max(1, count)
        var rng = Xoshiro256StarStar(seed: seed.value)
        var checksum: UInt64 = 0
        let start = now()
        for _ in 0 ..< n {
            let x = generator.randomInput(using: &rng)
            checksum = (checksum ^ x.bits) &* 0x100_0000_01B3
        }
        return Result(label: "mixture (one stream)", format: generator.format, inputs: n, seconds: now() - start, checksum: checksum)
    }

    package static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}
