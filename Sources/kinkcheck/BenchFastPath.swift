import ArgumentParser
import Foundation
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckSupport
import KinkCheckVerification

/// `kinkcheck bench fastpath`: the exhaustive check's block models, which settle most inputs in
/// outward-rounded `Double` arithmetic, against the input-by-input path (each input its own
/// enclosure, then the correctly rounded truth by MPFR's Ziv loop), on random float32 blocks.
struct BenchFastPath: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fastpath",
        abstract: "The exhaustive check's block models against MPFR, input by input, on random float32 blocks.",
        discussion: """
        For each activation (default: every built-in of one input), draws --inputs float32 inputs \
        as random blocks of 1,024 consecutive finite values (block starts uniform over the \
        format's 4,278,190,080 finite values in order, so every binade is as likely, from the \
        seed), and runs accuracy and derivative_accuracy on each block twice: by the block \
        models of `check --exhaustive`, and input by input (each input's enclosure, then the \
        correctly rounded truth by the Ziv loop). In every block, for f and f′, the counts \
        (inputs, failures, correctly rounded, uncertified), the classes of the exact values, \
        and the largest error must agree, the error to the run's resolution (each path rounds \
        errors to multiples of 2^-20 ulp from its own enclosures, so they may be one step apart, \
        and the input each names as the largest may then differ); a block that differs is \
        printed. Exit 0 \
        when all agree, 1 when one differs, 2 for bad input. Heavy: about 9 µs of CPU per \
        input in a release build (scripts/fastpath-audit.sh).
        """)

    @Argument(help: "Activation specs of one input (default: every built-in of one input).")
    var specs: [String] = []
    @Option(parsing: .unconditional, help: "Inputs per activation, in whole blocks of 1024 (1024...10^9).")
    var inputs: Int = 1 << 20
    @Option(parsing: .unconditional, help: "Run seed: a 64-bit unsigned integer, decimal or 0x hex (default: the fixed CI seed).")
    var seed: RunSeed = .ci

    func validate() throws {
        guard (1024 ... 1_000_000_000).contains(inputs) else {
            throw ValidationError("--inputs must be between 1024 and 1000000000 (got \(inputs))")
        }
    }

    func run() throws {
        let list: [any Activation] = try specs.isEmpty ? Catalogue.all : specs.map { try parseActivation($0) }
        let values = FiniteValues(.binary32)!
        let size = ExhaustiveAccuracy.firstBlock
        let blocks = (inputs + size - 1) / size
        let k: [AccuracyQuantity: Double] = [.value: Accuracy.defaultK, .derivative: Accuracy.defaultK]
        // Each path rounds an error to a multiple of the run's resolution (2⁻²⁰ ulp), from
        // enclosures of its own: the same error may come out one step apart, and then the two
        // maxima may be at different inputs (which `at` names is not compared).
        let resolution = ExhaustiveAccuracy.resolution(in: .binary32)
        print("fast path vs input by input: \(blocks * size) float32 inputs per activation in \(blocks) random blocks of \(size) (seed \(seed))")
        var differs = false
        for f in list {
            var random = SplitMix64(seed: seed.value ^ FNV1a64.hash(f.spec))
            let starts = (0 ..< blocks).map { _ in Int(random.next() % UInt64(values.count / size)) * size }
            let clock = ContinuousClock()
            let start = clock.now
            let findings: [[String]] = parallelMap(blocks) { b in
                let xs = (starts[b] ..< starts[b] + size).map(values.value)
                let fast = ExhaustiveAccuracy.run(f, in: .binary32, k: k, truthActivation: f, inputs: xs, specials: false)
                let slow = ExhaustiveAccuracy.run(f, in: .binary32, k: k, truthActivation: f, inputs: xs, specials: false, blocks: false)
                return AccuracyQuantity.allCases.compactMap { q in
                    let a = fast[q]!.formatAccuracy(exhaustive: false), s = slow[q]!.formatAccuracy(exhaustive: false)
                    let same = a.cases == s.cases && a.failures == s.failures && a.correctlyRounded == s.correctlyRounded
                        && a.uncertified == s.uncertified && a.classes.map(\.1) == s.classes.map(\.1)
                        && Swift.abs(a.maxULPs - s.maxULPs) <= resolution
                    return same ? nil : "  \(q == .value ? "f" : "f′") from x = \(Accuracy.hex(xs[0])): blocks \(summary(a)); input by input \(summary(s))"
                }
            }
            let elapsed = (clock.now - start).components
            let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
            let bad = findings.flatMap { $0 }
            differs = differs || !bad.isEmpty
            print("\(f.spec): \(bad.isEmpty ? "agree in every block" : "\(bad.count) block(s) differ") (\(String(format: "%.1f", seconds)) s)")
            for line in bad { print(line) }
        }
        if differs { throw ExitCode(1) }
    }

    func summary(_ a: FormatAccuracy) -> String {
        "\(a.cases) inputs, \(a.failures) failures, \(a.correctlyRounded) correctly rounded, \(a.uncertified) uncertified, max \(a.maxULPs) ulps at \(Accuracy.hex(a.at))"
    }
}
