import BigFloat
import Foundation
import KinkCheck

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

/// A spec's activation: a name from the variant file (when given), else a built-in, a composite
/// or an `expr:` formula.
func parseActivation(_ spec: String, variants: VariantFile? = nil) throws -> any Activation {
    if let variants, let a = try variants.activation(spec) { return a }
    return try Catalogue.activation(spec)
}
