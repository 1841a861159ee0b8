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

/// `--seed` everywhere: the text ``RunSeed`` parses (a 64-bit unsigned integer, decimal or `0x`
/// hex); anything else is refused while parsing, naming the option. Defaults print as `0x` and 16
/// hex digits.
extension RunSeed: ExpressibleByArgument {
    public var defaultValueDescription: String { description }
}
