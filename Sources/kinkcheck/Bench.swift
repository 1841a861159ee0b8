import ArgumentParser
import BigFloat
import CMPFRBench
import Foundation
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckReports
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Benchmarks.", subcommands: [Ops.self, BenchGenerate.self, BenchFastPath.self])

    /// `kinkcheck bench ops`: the cost of BigFloat's in-place operations next to the same loop
    /// written in plain C against MPFR (Sources/CMPFRBench), measured in the same run: the
    /// hot-loop form (`UniqueBigFloat`, which owns its storage) and, for comparison, the same
    /// loop on a plain copy-on-write `BigFloat`.
    struct Ops: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "ns/op of in-place BigFloat multiply, add and exp next to a plain C loop over MPFR.",
            discussion: """
            Rows: x.formProduct(with: y), x.formSum(with: y), and x.set(seed) followed by \
            x.formExp(), at 53, 256 and 4096 bits, against cmpfr_bench_inplace() doing mpfr_mul, \
            mpfr_add and mpfr_set + mpfr_exp on the same operands (x₀ = 1 + 1/3; y = 1 − 2⁻²⁰ for \
            multiply, 2⁻³⁰ for add). "Swift" is x a UniqueBigFloat (owns its storage: no check \
            per operation), the form hot loops use; "CoW" is the same loop with x a plain \
            BigFloat, whose every in-place operation first calls isKnownUniquelyReferenced.

            Each row is timed --rounds times, C, Swift and CoW back to back (even rounds in that \
            order, odd rounds reversed) after an untimed warm-up; the best round of each counts, \
            and Swift/C and CoW/C are ratios of those (the median of the per-round Swift/C ratios \
            is shown too). The target applies to Swift/C. Costlier rows run fewer iterations, so \
            that every round takes about as long; the count is printed per row.

            Build with -c release; a debug build says so, and its numbers mean little.
            """)

        @Option(parsing: .unconditional, help: "Iterations per timed round of the cheapest rows (multiply and add at 53 bits); costlier rows divide it by their cost.")
        var iterations: Int = 2_000_000
        @Option(parsing: .unconditional, help: "Timed rounds per row (C and Swift alternate); the best round counts.")
        var rounds: Int = 5
        @OptionGroup var output: JSONOption

        static let iterationLimit = 1_000_000_000
        /// The Swift/C ratio BigFloat must stay within (docs/commands/bench.md).
        static let target = 1.15

        func validate() throws {
            guard (1...Ops.iterationLimit).contains(iterations) else {
                throw ValidationError("--iterations must be between 1 and \(Ops.iterationLimit) (got \(iterations)); the default, 2000000, takes a few seconds")
            }
            guard (1...100).contains(rounds) else {
                throw ValidationError("--rounds must be between 1 and 100 (got \(rounds)); 5 is the default")
            }
        }

        func run() throws {
            let rows = BenchOp.allCases.flatMap { op in BenchOp.precisions.map { BenchRow(op: op, precision: $0) } }
            var results: [BenchResult] = []
            for row in rows {
                let n = row.iterations(base: iterations)
                // Warm-up: caches, MPFR's constant caches (exp), page faults.
                _ = cmpfr_bench_inplace(row.op.cCode, row.precision, Swift.max(1, n / 10))
                _ = swiftInPlace(row.op, precision: row.precision, iterations: Swift.max(1, n / 10))
                _ = copyOnWriteInPlace(row.op, precision: row.precision, iterations: Swift.max(1, n / 10))
                var c: [Double] = [], swift: [Double] = [], cow: [Double] = []
                for round in 0..<rounds {
                    if round % 2 == 0 {
                        c.append(cmpfr_bench_inplace(row.op.cCode, row.precision, n))
                        swift.append(swiftInPlace(row.op, precision: row.precision, iterations: n))
                        cow.append(copyOnWriteInPlace(row.op, precision: row.precision, iterations: n))
                    } else {
                        cow.append(copyOnWriteInPlace(row.op, precision: row.precision, iterations: n))
                        swift.append(swiftInPlace(row.op, precision: row.precision, iterations: n))
                        c.append(cmpfr_bench_inplace(row.op.cCode, row.precision, n))
                    }
                }
                results.append(BenchResult(row: row, iterations: n, c: c, swift: swift, copyOnWrite: cow))
            }
            if output.json { printJSON(results) } else { printTable(results) }
        }

        func printTable(_ results: [BenchResult]) {
            print("kinkcheck bench ops: in-place MPFR operations, ns/op, best of \(rounds) interleaved round\(rounds == 1 ? "" : "s") (MPFR \(BigFloat.mpfrVersion))")
            if isDebugBuild { print("warning: debug build; build with -c release for meaningful numbers") }
            print("")
            let header = ["op", "bits", "iterations", "C ns/op", "Swift ns/op", "Swift/C", "median Swift/C", "CoW ns/op", "CoW/C"]
            let widths = [9, 6, 12, 11, 13, 9, 16, 11, 7]
            func line(_ cells: [String]) -> String {
                zip(cells, widths).enumerated().map { i, pair in
                    i == 0 ? pair.0.padded(to: pair.1) : pair.0.leftPadded(to: pair.1)
                }.joined(separator: " ")
            }
            print(line(header))
            for r in results {
                print(line([r.row.op.rawValue, String(r.row.precision), String(r.iterations),
                            fixed(r.cBest, 1), fixed(r.swiftBest, 1), fixed(r.ratio, 3), fixed(r.medianRatio, 3),
                            fixed(r.copyOnWriteBest, 1), fixed(r.copyOnWriteRatio, 3)]))
            }
            let over = results.filter { $0.ratio > Ops.target }
            print("")
            if over.isEmpty {
                print("target Swift/C ≤ \(Ops.target) at every row: met")
            } else {
                print("target Swift/C ≤ \(Ops.target) at every row: NOT met (\(over.map { "\($0.row.op.rawValue)@\($0.row.precision)" }.joined(separator: ", ")))")
            }
        }

        func printJSON(_ results: [BenchResult]) {
            func numbers(_ xs: [Double]) -> JSON { .array(xs.map { .number(fixed($0, 2)) }) }
            let rows: [JSON] = results.map { r in
                .object([
                    ("op", .string(r.row.op.rawValue)),
                    ("precision", .int(r.row.precision)),
                    ("iterations", .int(r.iterations)),
                    ("c_ns_per_op", .number(fixed(r.cBest, 2))),
                    ("swift_ns_per_op", .number(fixed(r.swiftBest, 2))),
                    ("ratio", .number(fixed(r.ratio, 4))),
                    ("median_ratio", .number(fixed(r.medianRatio, 4))),
                    ("cow_ns_per_op", .number(fixed(r.copyOnWriteBest, 2))),
                    ("cow_ratio", .number(fixed(r.copyOnWriteRatio, 4))),
                    ("c_rounds_ns_per_op", numbers(r.c)),
                    ("swift_rounds_ns_per_op", numbers(r.swift)),
                    ("cow_rounds_ns_per_op", numbers(r.copyOnWrite)),
                ])
            }
            let document = JSON.object([
                ("benchmark", .string("ops")),
                ("mpfr", .string(BigFloat.mpfrVersion)),
                ("build", .string(isDebugBuild ? "debug" : "release")),
                ("rounds", .int(rounds)),
                ("statistic", .string("best round")),
                ("target_ratio", .number(fixed(Ops.target, 2))),
                ("target_met", .bool(results.allSatisfy { $0.ratio <= Ops.target })),
                ("rows", .array(rows)),
            ])
            print(document.rendered())
        }
    }
}

/// The operations `bench ops` times; `cCode` is cmpfr_bench_inplace's `op` argument.
enum BenchOp: String, CaseIterable {
    case multiply, add, exp

    static let precisions = [53, 256, 4096]

    var cCode: Int32 {
        switch self { case .multiply: 0; case .add: 1; case .exp: 2 }
    }
}

struct BenchRow {
    let op: BenchOp
    let precision: Int

    /// Rough cost relative to a 53-bit multiply (measured on x86-64 with MPFR 4.2: about 11, 32
    /// and 91 ns for multiply, 8, 11 and 61 ns for add, 0.7, 1.8 and 93 µs for exp), so that a
    /// round of every row takes similar time.
    var cost: Int {
        switch (op, precision) {
        case (.multiply, 53), (.add, 53), (.add, 256): 1
        case (.multiply, 256): 3
        case (.add, _): 5
        case (.multiply, _): 8
        case (.exp, 53): 60
        case (.exp, 256): 160
        default: 8_000
        }
    }

    func iterations(base: Int) -> Int { Swift.max(1, base / cost) }
}

struct BenchResult {
    let row: BenchRow
    let iterations: Int
    let c: [Double]
    let swift: [Double]
    let copyOnWrite: [Double]

    var cBest: Double { c.min()! }
    var swiftBest: Double { swift.min()! }
    var copyOnWriteBest: Double { copyOnWrite.min()! }
    var ratio: Double { swiftBest / cBest }
    var copyOnWriteRatio: Double { copyOnWriteBest / cBest }
    /// The median of the per-round ratios (rounds pair up: C and Swift ran back to back).
    var medianRatio: Double {
        let ratios = zip(swift, c).map { $0 / $1 }.sorted()
        let n = ratios.count
        return n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2
    }
}

/// The operands the C baseline uses: x₀ = 1 + 1/3, and y = 1 − 2⁻²⁰ (multiply) or 2⁻³⁰.
func benchOperands(_ op: BenchOp, precision p: Int) -> (seed: BigFloat, y: BigFloat) {
    var seed = BigFloat(1, precision: p)
    seed /= 3
    seed += 1
    var y = BigFloat(1, precision: p)
    if op == .multiply { y -= 0x1p-20 } else { y = BigFloat(0x1p-30, precision: p) }
    return (seed, y)
}

/// The Swift side of the benchmark: the hot loop a BigFloat user writes, x a `UniqueBigFloat`
/// that owns its storage (as the C loop owns its mpfr_t). Returns ns per operation
/// (CLOCK_MONOTONIC, like the C side).
@inline(never)
func swiftInPlace(_ op: BenchOp, precision p: Int, iterations n: Int) -> Double {
    let (seed, y) = benchOperands(op, precision: p)
    var x = UniqueBigFloat(nanWithPrecision: p)
    x.set(seed)
    let start = monotonicNanoseconds()
    switch op {
    case .multiply:
        for _ in 0..<n { x.formProduct(with: y) }
    case .add:
        for _ in 0..<n { x.formSum(with: y) }
    case .exp:
        for _ in 0..<n { x.set(seed); x.formExp() }
    }
    let elapsed = monotonicNanoseconds() - start
    benchSink = Double(BigFloat(x))
    return elapsed / Double(n)
}

/// The same loop with x a plain `BigFloat`: every in-place operation first asks
/// `isKnownUniquelyReferenced` (x's storage is not shared, so nothing is ever copied).
@inline(never)
func copyOnWriteInPlace(_ op: BenchOp, precision p: Int, iterations n: Int) -> Double {
    let (seed, y) = benchOperands(op, precision: p)
    var x = BigFloat(nanWithPrecision: p)
    x.set(seed)
    let start = monotonicNanoseconds()
    switch op {
    case .multiply:
        for _ in 0..<n { x.formProduct(with: y) }
    case .add:
        for _ in 0..<n { x.formSum(with: y) }
    case .exp:
        for _ in 0..<n { x.set(seed); x.formExp() }
    }
    let elapsed = monotonicNanoseconds() - start
    benchSink = Double(x)
    return elapsed / Double(n)
}

/// Keeps the result observable, so no loop can be dropped.
nonisolated(unsafe) var benchSink = 0.0

func monotonicNanoseconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) * 1e9 + Double(ts.tv_nsec)
}

var isDebugBuild: Bool {
    #if DEBUG
    return true
    #else
    return false
    #endif
}

/// `x` with exactly `digits` digits after the point.
func fixed(_ x: Double, _ digits: Int) -> String {
    BigFloat(x, precision: 53).fixedString(fractionDigits: digits)
}
