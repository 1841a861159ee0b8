import BigFloat
import KinkCheck
import KinkCheckGeneration
import KinkCheckSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One line of a regression file: the inputs of a case that once failed.
package struct RegressionEntry: Sendable, Hashable {
    /// The format the inputs were found in; nil replays them (rounded) in every format run.
    package var format: NumberFormat?
    /// The input values as written: hex-floats (exact), decimals, `inf`, `-inf`, `nan`.
    package var values: [String]
    package var comment: String
    /// 1-based line number in the file (0 for entries made in code).
    package var line: Int

    package init(format: NumberFormat?, values: [String], comment: String = "", line: Int = 0) {
        self.format = format; self.values = values; self.comment = comment; self.line = line
    }

    /// The entry's inputs in `format` (each rounded to nearest), or nil when the entry belongs
    /// to another format or a value does not parse.
    package func inputs(in format: NumberFormat) -> [GeneratedInput]? {
        if let own = self.format, own != format { return nil }
        var out: [GeneratedInput] = []
        for text in values {
            guard let v = try? BigFloat(parsing: text, precision: Swift.max(format.precision, 64) + 2200) else { return nil }
            out.append(GeneratedInput(v, format: format, provenance: .regression(line: line, ulps: 0)))
        }
        return out
    }

    /// The line as written to a file: `format v1 v2  # comment`.
    package var text: String {
        ((format.map { [$0.name] } ?? []) + values).joined(separator: " ") + (comment.isEmpty ? "" : "  # " + comment)
    }
}

/// A property's committed regression file: `<directory>/<property file name>.txt`, one case per
/// line, replayed before anything else in every run.
///
/// ```text
/// # KinkCheck regression inputs. One case per line: [format] value [value …]  # comment
/// binary64 0x1.8p+2  # relu6 one ulp off at its kink (seed 0x…, case binary64/sweep/4312)
/// 0x1p-40             # no format: replayed in every format, rounded
/// ```
///
/// Edge cases: blank lines and lines starting with `#` are ignored; a malformed line is
/// reported in ``problems`` (and by the runner as a health warning), never skipped silently.
package struct RegressionFile: Sendable {
    package var path: String
    package var entries: [RegressionEntry]
    /// Lines that could not be read, with the reason.
    package var problems: [String]

    /// The file name for a property: its name lower-cased, runs of other characters than
    /// letters and digits replaced by `-`, plus `.txt`.
    package static func fileName(for property: String) -> String {
        var out = ""
        var dash = false
        for u in property.unicodeScalars {
            let c = Character(u)
            if u.isASCII && (c.isLetter || c.isNumber) {
                out.append(Character(String(c).lowercased())); dash = false
            } else if !dash && !out.isEmpty {
                out.append("-"); dash = true
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return (out.isEmpty ? "property" : out) + ".txt"
    }

    /// Reads `directory/fileName(for: property)`; a missing file is an empty file.
    package init(directory: String, property: String) {
        let path = directory.hasSuffix("/") ? directory + RegressionFile.fileName(for: property)
                                            : directory + "/" + RegressionFile.fileName(for: property)
        self.init(path: path, text: RegressionFile.read(path) ?? "")
    }

    /// Parses `text` as the contents of `path`.
    package init(path: String, text: String) {
        self.path = path
        entries = []
        problems = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            var comment = ""
            if let hash = line.firstIndex(of: "#") {
                comment = String(line[line.index(after: hash)...]).trimmingBlanks
                line = line[..<hash]
            }
            let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            if tokens.isEmpty { continue }
            var format: NumberFormat? = nil
            var values = tokens
            if let f = NumberFormat(tokens[0]) { format = f; values.removeFirst() }
            let bad = values.filter { (try? BigFloat(parsing: $0, precision: 64)) == nil }
            if values.isEmpty || !bad.isEmpty {
                problems.append("\(path):\(i + 1): " + (values.isEmpty ? "no values" : "not a number: \(bad.joined(separator: ", "))"))
                continue
            }
            entries.append(RegressionEntry(format: format, values: values, comment: comment, line: i + 1))
        }
    }

    /// Appends `entry` (creating the file with a header if needed). Returns false on I/O error.
    @discardableResult
    package static func append(_ entry: RegressionEntry, to path: String) -> Bool {
        let exists = read(path) != nil
        guard let f = fopen(path, "a") else { return false }
        defer { fclose(f) }
        var text = exists ? "" : "# KinkCheck regression inputs, replayed first in every run.\n# One case per line: [format] value [value …]  # comment\n"
        text += entry.text + "\n"
        return text.withCString { fputs($0, f) } >= 0
    }

    package static func read(_ path: String) -> String? {
        guard let f = fopen(path, "r") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            bytes += buffer[0 ..< n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
