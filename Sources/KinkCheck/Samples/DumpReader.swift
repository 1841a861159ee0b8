import BigFloat
import Foundation

/// Reads framework dumps: CSV with a header line, or JSON Lines (`.jsonl`), with the same keys.
///
/// Required columns: `activation`, `dtype`, `x`, `value`, `derivative`; optional `framework` and
/// `mode` (empty when missing). Columns come in any order; others are ignored. Numbers: see
/// ``DumpNumber``; an empty `derivative` (or JSON `null`) means the framework gave none. A dtype
/// is `float16`, `bfloat16`, `float32` or `float64` (or a spelling ``IEEEFormat/init(name:)``
/// accepts). Blank lines are skipped and not counted.
///
/// Edge cases: CSV fields may be quoted (RFC 4180, so a spec with commas such as
/// `"hardtanh:min=-2,max=2"` works); JSON values may be strings, numbers (read from their text,
/// so exactly) or null. Every error names the file, the data row and the column.
public enum DumpReader {
    public static let requiredColumns = ["activation", "dtype", "x", "value", "derivative"]
    public static let optionalColumns = ["framework", "mode"]

    /// Reads the file at `path` (JSON Lines when its name ends in `.jsonl`).
    public static func read(path: String, fileIndex: Int = 0) throws(DumpError) -> [DumpRow] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DumpError(file: path, row: 0, column: nil, "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DumpError(file: path, row: 0, column: nil, "not UTF-8 text")
        }
        return try parse(text, name: path, fileIndex: fileIndex, jsonLines: path.lowercased().hasSuffix(".jsonl"))
    }

    /// Parses dump text; `name` is used in errors.
    public static func parse(_ text: String, name: String, fileIndex: Int = 0, jsonLines: Bool = false) throws(DumpError) -> [DumpRow] {
        jsonLines ? try parseJSONLines(text, name: name, fileIndex: fileIndex) : try parseCSV(text, name: name, fileIndex: fileIndex)
    }

    static func parseCSV(_ text: String, name: String, fileIndex: Int) throws(DumpError) -> [DumpRow] {
        let records: [[String]]
        do { records = try CSVRecords.parse(text) } catch { throw DumpError(file: name, row: error.row, column: nil, error.message) }
        guard let header = records.first else { throw DumpError(file: name, row: 0, column: nil, "empty file: expected a header line") }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var index: [String: Int] = [:]
        for (i, n) in names.enumerated() where index[n] == nil { index[n] = i }
        for c in requiredColumns where index[c] == nil {
            throw DumpError(file: name, row: 0, column: c, "missing required column '\(c)' (the header needs \(requiredColumns.joined(separator: ", ")))")
        }
        var rows: [DumpRow] = []
        rows.reserveCapacity(records.count - 1)
        for (r, fields) in records.dropFirst().enumerated() {
            let row = r + 1
            func field(_ c: String) throws(DumpError) -> String? {
                guard let i = index[c] else { return nil }
                guard i < fields.count else {
                    throw DumpError(file: name, row: row, column: c, "the row has \(fields.count) field(s), the header \(names.count)")
                }
                return fields[i]
            }
            rows.append(try makeRow(field, name: name, fileIndex: fileIndex, row: row))
        }
        return rows
    }

    static func parseJSONLines(_ text: String, name: String, fileIndex: Int) throws(DumpError) -> [DumpRow] {
        var rows: [DumpRow] = []
        var row = 0
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            if line.allSatisfy(\.isWhitespace) { continue }
            row += 1
            let object: [String: String?]
            do { object = try FlatJSONObject.parse(String(line)) } catch { throw DumpError(file: name, row: row, column: nil, error.message) }
            if row == 1 {
                for c in requiredColumns where object[c] == nil {
                    throw DumpError(file: name, row: row, column: c, "missing required key '\(c)' (each line needs \(requiredColumns.joined(separator: ", ")))")
                }
            }
            func field(_ c: String) throws(DumpError) -> String? {
                guard let v = object[c] else {
                    if requiredColumns.contains(c) { throw DumpError(file: name, row: row, column: c, "missing required key '\(c)'") }
                    return nil
                }
                return v ?? ""
            }
            rows.append(try makeRow(field, name: name, fileIndex: fileIndex, row: row))
        }
        if row == 0 { throw DumpError(file: name, row: 0, column: nil, "empty file: expected JSON objects, one a line") }
        return rows
    }

    /// One row from its fields (`field(c)` is nil for a missing optional column).
    static func makeRow(_ field: (String) throws(DumpError) -> String?, name: String, fileIndex: Int, row: Int) throws(DumpError) -> DumpRow {
        func required(_ c: String) throws(DumpError) -> String { (try field(c) ?? "").trimmingCharacters(in: .whitespaces) }
        let dtypeText = try required("dtype")
        guard let dtype = IEEEFormat(name: dtypeText) else {
            throw DumpError(file: name, row: row, column: "dtype", "unknown dtype '\(dtypeText)' (use float16, bfloat16, float32 or float64)")
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
        return DumpRow(file: fileIndex, row: row, framework: try field("framework") ?? "", mode: try field("mode") ?? "",
                       dtype: dtype, activation: spec, x: try number("x")!, value: try number("value")!,
                       derivative: try number("derivative", optional: true))
    }
}
