import ArgumentParser
import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckReports
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

/// `kinkcheck bench generate`: inputs per second of the property-based generator.
struct BenchGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Inputs per second of the input generator (random mixture, one core).",
        discussion: """
        Draws random-phase inputs exactly as a property run does — a per-case seed, a fresh \
        xoshiro256** stream, one input from the mixture (specials, kink neighbourhoods, \
        log-uniform, raw bits, regions) — and reports the rate. Build with -c release.
        """)

    @Option(parsing: .unconditional, help: "Inputs to draw per measurement.")
    var count: Int = 20_000_000
    @Option(help: "Formats (comma-separated): f16, bf16, f32, f64 (or binary16, float32, …) and mpfr:P.")
    var formats: String = "binary64,binary32"
    @Option(help: "Activation whose kinks the generator targets.")
    var activation: String = "relu6"
    @Option(parsing: .unconditional, help: "Run seed: a 64-bit unsigned integer, decimal or 0x hex.")
    var seed: RunSeed = .ci

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be positive (got \(count))") }
        for name in formats.split(separator: ",") where NumberFormat(String(name)) == nil {
            throw ValidationError("--formats: unknown format '\(name)'; use \(FormatName.accepted(mpfr: true))")
        }
    }

    func run() throws {
        let target = try Catalogue.activation(activation)
        print("seed \(seed), kinks of \(target.spec): \(target.kinks.map(\.location.description).joined(separator: ", "))")
        for name in formats.split(separator: ",") {
            let format = NumberFormat(String(name))!
            let generator = InputGenerator(format: format, kinks: KinkTarget.targets(for: target))
            let n = format.ieee == nil ? Swift.min(count, 200_000) : count
            _ = GenerationBenchmark.mixture(generator, count: Swift.min(n, 100_000), seed: seed)   // warm-up
            print(GenerationBenchmark.mixture(generator, count: n, seed: seed))
            print(GenerationBenchmark.stream(generator, count: n, seed: seed))
        }
    }
}
