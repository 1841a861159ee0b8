import BigFloat
import Foundation
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckSupport

/// Reads framework dumps: CSV with a header line, or JSON Lines (`.jsonl`), with the same keys;
/// or a `.npy` array with its JSON sidecar (``NPYDumpReader``).
///
/// Required columns: `activation`, `dtype`, `x`, `value`, `derivative`; optional `framework`,
/// `mode`, `framework_version` and `device` (empty when missing; the dump scripts write all
/// four). Columns come in any order; others are ignored. Numbers: see ``DumpNumber``; an empty
/// `derivative` (or JSON `null`) means the framework gave none. A dtype is `float16`,
/// `bfloat16`, `float32` or `float64` (or a spelling ``IEEEFormat/init(name:)`` accepts). Blank
/// lines are skipped and not counted. Files are read in chunks, row by row, so their size is not
/// limited by memory.
///
/// Edge cases: CSV fields may be quoted (RFC 4180, so a spec with commas such as
/// `"hardtanh:min=-2,max=2"` works); a column named twice in the header, a row with more or
/// fewer fields than the header, and a JSON key given twice are errors (which value was meant
/// cannot be told); JSON values may be strings, numbers (read from their text, so exactly) or
/// null. An empty file (`/dev/null`) is an error that says so. Every error names the file, the
/// data row and the column.
package enum DumpReader {
    package static let requiredColumns = ["activation", "dtype", "x", "value", "derivative"]
    package static let optionalColumns = ["framework", "mode", "framework_version", "device"]

    /// Calls `body` with every row of the file at `path` in order (JSON Lines when its name ends
    /// in `.jsonl`, a `.npy` dump when in `.npy`), reading it in chunks: the file is never held whole.
    package static func forEachRow(path: String, fileIndex: Int = 0, _ body: (DumpRow) throws(DumpError) -> Void) throws(DumpError) {
        if path.lowercased().hasSuffix(".npy") { return try NPYDumpReader.forEachRow(path: path, fileIndex: fileIndex, body) }
        try forEachRow(DumpSource(path: path), name: path, fileIndex: fileIndex, jsonLines: path.lowercased().hasSuffix(".jsonl"), body)
    }

    /// Every row of the file at `path` (for dumps small enough to hold; see ``forEachRow(path:fileIndex:_:)``).
    package static func read(path: String, fileIndex: Int = 0) throws(DumpError) -> [DumpRow] {
        var rows: [DumpRow] = []
        try forEachRow(path: path, fileIndex: fileIndex) { rows.append($0) }
        return rows
    }

    /// Parses dump text; `name` is used in errors. (`chunkSize`: read as if the text came in
    /// chunks of that many bytes, as a file does.)
    package static func parse(_ text: String, name: String, fileIndex: Int = 0, jsonLines: Bool = false,
                             chunkSize: Int = .max) throws(DumpError) -> [DumpRow] {
        var rows: [DumpRow] = []
        let source = DumpSource(bytes: Array(text.utf8), path: name, chunkSize: chunkSize)
        try forEachRow(source, name: name, fileIndex: fileIndex, jsonLines: jsonLines) { rows.append($0) }
        return rows
    }

    package static func forEachRow(_ source: DumpSource, name: String, fileIndex: Int, jsonLines: Bool,
                           _ body: (DumpRow) throws(DumpError) -> Void) throws(DumpError) {
        var reader = CSVDumpReader(name: name, fileIndex: fileIndex), records = CSVRecords(name: name)
        var lines = JSONLinesReader(name: name, fileIndex: fileIndex)
        func feed(_ bytes: UnsafeBufferPointer<UInt8>) throws(DumpError) {
            if jsonLines { return try lines.feed(bytes, body) }
            try records.feed(bytes) { r throws(DumpError) in try reader.read(r, body) }
        }
        // A byte-order mark at the start is dropped: the first three bytes are held until known.
        var start: [UInt8] = []
        var started = false
        func begin() throws(DumpError) {
            started = true
            guard start != [0xEF, 0xBB, 0xBF] else { return }
            var error: DumpError? = nil
            start.withUnsafeBufferPointer { b in do throws(DumpError) { try feed(b) } catch let e { error = e } }
            if let error { throw error }
        }
        try source.forEachChunk { chunk throws(DumpError) in
            var rest = chunk[...]
            if !started {
                while start.count < 3, let c = rest.first { start.append(c); rest = rest.dropFirst() }
                if start.count < 3 { return }
                try begin()
            }
            try feed(UnsafeBufferPointer(rebasing: rest))
        }
        if !started { try begin() }
        if jsonLines { return try lines.finish(body) }
        try records.finish { r throws(DumpError) in try reader.read(r, body) }
        guard reader.header != nil else { throw DumpError(file: name, row: -1, column: nil, "empty file: expected a header line") }
    }

    /// A field as text: nil when its bytes are not UTF-8.
    package static func text(_ bytes: ArraySlice<UInt8>) -> String? {
        bytes.allSatisfy { $0 < 0x80 } ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
    }

    /// Without leading and trailing blanks (Unicode spaces and tabs, as Foundation's
    /// `.whitespaces`), with no work for the common field that has none.
    package static func trimmed(_ s: String) -> String {
        guard let f = s.utf8.first, let l = s.utf8.last else { return s }
        if f < 0x80 && l < 0x80 && f != 0x20 && f != 0x09 && l != 0x20 && l != 0x09 { return s }
        return s.trimmingCharacters(in: .whitespaces)
    }

    /// One row from its fields (`field(c)` is nil for a missing optional column).
    package static func makeRow(_ field: (String) throws(DumpError) -> String?, name: String, fileIndex: Int, row: Int) throws(DumpError) -> DumpRow {
        func required(_ c: String) throws(DumpError) -> String { trimmed(try field(c) ?? "") }
        let dtypeText = try required("dtype")
        guard let dtype = IEEEFormat(name: dtypeText) else {
            throw DumpError(file: name, row: row, column: "dtype", "unknown dtype '\(dtypeText)'; use \(FormatName.accepted(mpfr: false))")
        }
        let spec = try required("activation")
        guard !spec.isEmpty else { throw DumpError(file: name, row: row, column: "activation", "empty activation spec") }
        func number(_ c: String, optional: Bool = false) throws(DumpError) -> Double? {
            let t = try required(c)
            if t.isEmpty {
                if optional { return nil }
                throw DumpError(file: name, row: row, column: c, "empty field (a number is required)")
            }
            do { return try DumpNumber.read(t, in: dtype) } catch { throw DumpError(file: name, row: row, column: c, error.description) }
        }
        let xText = try required("x")
        if xText.contains(";") {
            // Several inputs: `a;b` and a gradient `g1;g2` with as many components (each may be empty).
            func components(_ c: String, _ text: String, optional: Bool) throws(DumpError) -> [Double?] {
                var out: [Double?] = []
                for part in text.split(separator: ";", omittingEmptySubsequences: false) {
                    let t = trimmed(String(part))
                    if t.isEmpty {
                        if optional { out.append(nil); continue }
                        throw DumpError(file: name, row: row, column: c, "empty component (a number is required)")
                    }
                    do { out.append(try DumpNumber.read(t, in: dtype)) } catch { throw DumpError(file: name, row: row, column: c, error.description) }
                }
                return out
            }
            let inputs = try components("x", xText, optional: false).map { $0! }
            let gradientText = try required("derivative")
            let gradient = gradientText.isEmpty ? inputs.map { _ in nil } : try components("derivative", gradientText, optional: true)
            guard gradient.count == inputs.count else {
                throw DumpError(file: name, row: row, column: "derivative", "\(gradient.count) gradient component(s) for \(inputs.count) inputs")
            }
            var r = DumpRow(file: fileIndex, row: row, framework: try field("framework") ?? "", mode: try field("mode") ?? "",
                            version: trimmed(try field("framework_version") ?? ""), device: trimmed(try field("device") ?? ""),
                            dtype: dtype, activation: spec, x: inputs[0], value: try number("value")!, derivative: nil)
            r.inputs = inputs
            r.gradient = gradient
            return r
        }
        return DumpRow(file: fileIndex, row: row, framework: try field("framework") ?? "", mode: try field("mode") ?? "",
                       version: trimmed(try field("framework_version") ?? ""), device: trimmed(try field("device") ?? ""),
                       dtype: dtype, activation: spec, x: try number("x")!, value: try number("value")!,
                       derivative: try number("derivative", optional: true))
    }
}
