import ArgumentParser
import BigFloat
import CMPFRBench

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Benchmarks.", subcommands: [Ops.self])

    struct Ops: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "ns/op of in-place BigFloat multiply, add and exp next to a plain C loop over MPFR.")
        func run() throws { print("todo") }
    }
}
