import BigFloat
import Foundation
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckReports
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

/// Bad input found while running (as opposed to while parsing arguments): exit 2.
struct InputError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

enum FileHandleOutput {
    static func standardError(_ line: String) {
        var text = line + "\n"
        text.withUTF8 { buffer in _ = write(2, buffer.baseAddress, buffer.count) }
    }
}

/// Parses a command-line number exactly (correctly rounded at `precision`); exit 2 if malformed.
func parseNumber(_ text: String, precision: Int, option: String = "--at") throws -> BigFloat {
    do { return try BigFloat(parsing: text, precision: precision) }
    catch let e as NumberParseError { throw InputError("\(option): \(e.description)") }
}

/// Parses a command-line point exactly: a typed decimal is the decimal (0.7 is 7/10), not its
/// binary rounding; exit 2 if malformed.
func parsePoint(_ text: String, option: String = "--at") throws -> ExactPoint {
    do { return try ExactPoint(parsing: text) }
    catch let e as NumberParseError { throw InputError("\(option): \(e.description)") }
}

/// A spec's activation: a name from the variant file (when given), else a built-in, a composite
/// or an `expr:` formula.
func parseActivation(_ spec: String, variants: VariantFile? = nil) throws -> any Activation {
    if let variants, let a = try variants.activation(spec) { return a }
    return try Catalogue.activation(spec)
}

/// A spec's activation of several inputs: a variant of the file (when given), else a built-in, a
/// parameter view or an `expr:` formula in named inputs; nil for one of one input.
func parseMultiInputActivation(_ spec: String, variants: VariantFile? = nil) throws -> (any MultiInputActivation)? {
    do {
        if let variants, let f = try variants.multiInputActivation(spec) { return f }
        return try Catalogue.multiInputActivation(spec)
    } catch let e as SpecError { throw InputError(e.message) }
}

/// The kinks near `point` that cap extrapolation steps there (declared, and discovered nearby),
/// without the point itself: a kink at the point is what the analysis is about.
func neighbourhoodKinks(_ activation: any Activation, around point: ExactPoint, precision p: Int) -> [BigFloat] {
    let x = point.rounded(toPrecision: BigFloat.clampedPrecision(Swift.max(p, point.bits) + 64))
    return KinkDiscovery.neighbourhoodKinks(of: activation, around: x, precision: p).filter { k in
        point.compare(to: k) != 0 && BigFloat.abs(k - x) > BigFloat.abs(x).timesPowerOfTwo(-(p - 16))
    }
}

/// The commands about points and intervals a user types (eval, limits, subgradient, kinks,
/// converge, distribution) compute and print every value in MPFR's widest exponent range (about
/// 2^±4.6·10¹⁸): 1e999999999 and sigmoid(−7.5e8) are finite numbers, not ∞ and 0. The
/// verification commands (check, report, grid, samples) keep MPFR's default range, which holds
/// every IEEE format many times over, and set the widest range themselves where an analysis needs
/// it (their one-sided limits do): in the default range an evaluation far out (e^(−10¹⁰))
/// underflows at once instead of being computed to no purpose.
func useWidestExponentRange() {
    BigFloat.useWidestExponentRange()
}
