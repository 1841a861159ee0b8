import ArgumentParser
import BigFloat

@main
struct KinkCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kinkcheck",
        abstract: "Verify activation functions against their mathematics at and near their kinks.",
        discussion: "MPFR \(BigFloat.mpfrVersion) is the reference arithmetic.",
        subcommands: [Bench.self]
    )
}
