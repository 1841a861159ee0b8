import BigFloat
import Foundation
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckSupport

/// The rows of a CSV dump, record by record: the header first (its column names, each at most
/// once, the required ones present), then each data row, which must have as many fields as the
/// header.
package struct CSVDumpReader {
    package let name: String
    package let fileIndex: Int
    /// The header's column names (trimmed, lower case); nil until it is read.
    package private(set) var header: [String]? = nil
    private var index: [String: Int] = [:]
    /// The columns a row is made of (required and optional ones present), with their fields.
    private var known: [(String, Int)] = []
    /// The same, by name.
    private var columns: (dtype: Int, activation: Int, x: Int, value: Int, derivative: Int, framework: Int?, mode: Int?,
                          version: Int?, device: Int?)? = nil
    private var row = 0

    package init(name: String, fileIndex: Int) {
        self.name = name
        self.fileIndex = fileIndex
    }

    /// Reads one record: the header, or a data row handed to `body`.
    package mutating func read(_ record: CSVRecords.Record, _ body: (DumpRow) throws(DumpError) -> Void) throws(DumpError) {
        guard let header else { return try readHeader(record) }
        row += 1
        // Every field must be UTF-8, the ignored ones too; a row of ASCII (nearly all) needs no check.
        if !record.bytes.allSatisfy({ $0 < 0x80 }) {
            for i in 0 ..< record.count where DumpReader.text(record.field(i)) == nil {
                throw DumpError(file: name, row: row, column: i < header.count ? header[i] : nil, "not UTF-8 text")
            }
        }
        guard record.count == header.count else {
            throw DumpError(file: name, row: row, column: nil, "the row has \(record.count) field(s), the header \(header.count)"
                            + (record.count > header.count ? " (a field holding a comma must be quoted)" : ""))
        }
        if let r = directRow(record) { return try body(r) }
        let (known, row, name) = (self.known, self.row, self.name)
        func field(_ c: String) -> String? {
            for (n, i) in known where n == c { return String(decoding: record.field(i), as: UTF8.self) }
            return nil
        }
        try body(DumpReader.makeRow(field, name: name, fileIndex: fileIndex, row: row))
    }

    /// The text of a field as in the last row, reused while its bytes repeat (labels, specs and
    /// dtypes do, for long runs of a dump).
    package struct Repeated<Value> {
        package var bytes: [UInt8] = []
        package var value: Value? = nil
        package mutating func value(_ f: ArraySlice<UInt8>, _ make: (ArraySlice<UInt8>) -> Value?) -> Value? {
            if let value, f.elementsEqual(bytes) { return value }
            bytes = Array(f)
            value = make(f)
            return value
        }
    }
    private var framework = Repeated<String>(), mode = Repeated<String>(), spec = Repeated<String>()
    private var version = Repeated<String>(), device = Repeated<String>()
    private var format = Repeated<IEEEFormat>()

    /// The row as ``DumpReader/makeRow(_:name:fileIndex:row:)`` makes it, built straight from
    /// the bytes when that is plain: ASCII, no blanks around the fields, a known dtype, numbers
    /// that ``DumpNumber/readDirectly(_:in:)`` reads. Nil for anything else (and for every
    /// mistake), which makeRow then handles, so the rows and the errors are the same.
    private mutating func directRow(_ record: CSVRecords.Record) -> DumpRow? {
        guard let c = columns else { return nil }
        func plain(_ i: Int) -> ArraySlice<UInt8>? {
            let f = record.field(i)
            guard let a = f.first, let b = f.last else { return f }
            return a > 0x20 && a < 0x80 && b > 0x20 && b < 0x80 ? f : nil
        }
        let text = { (f: ArraySlice<UInt8>) -> String? in String(decoding: f, as: UTF8.self) }
        guard let dtypeBytes = plain(c.dtype), let specBytes = plain(c.activation), !specBytes.isEmpty,
              let dtype = format.value(dtypeBytes, { IEEEFormat(name: String(decoding: $0, as: UTF8.self)) }) else { return nil }
        func number(_ i: Int) -> Double? {
            guard let f = plain(i), !f.isEmpty else { return nil }
            return f.withUnsafeBufferPointer { DumpNumber.readDirectly($0, in: dtype) }
        }
        guard let x = number(c.x), let value = number(c.value), let derivativeBytes = plain(c.derivative) else { return nil }
        var derivative: Double? = nil
        if !derivativeBytes.isEmpty {
            guard let d = number(c.derivative) else { return nil }
            derivative = d
        }
        var versionText = "", deviceText = ""
        if let i = c.version {
            guard let f = plain(i) else { return nil }
            versionText = version.value(f, text)!
        }
        if let i = c.device {
            guard let f = plain(i) else { return nil }
            deviceText = device.value(f, text)!
        }
        return DumpRow(file: fileIndex, row: row, framework: c.framework.flatMap { framework.value(record.field($0), text) } ?? "",
                       mode: c.mode.flatMap { mode.value(record.field($0), text) } ?? "",
                       version: versionText, device: deviceText, dtype: dtype,
                       activation: spec.value(specBytes, text)!, x: x, value: value, derivative: derivative)
    }

    private mutating func readHeader(_ record: CSVRecords.Record) throws(DumpError) {
        var names: [String] = []
        for i in 0 ..< record.count {
            guard let t = DumpReader.text(record.field(i)) else { throw DumpError(file: name, row: 0, column: nil, "not UTF-8 text") }
            let n = t.trimmingCharacters(in: .whitespaces).lowercased()
            if let j = index[n] {
                throw DumpError(file: name, row: 0, column: n, "the column is named twice (fields \(j + 1) and \(i + 1)); "
                                + "which one holds the data cannot be told")
            }
            index[n] = i
            names.append(n)
        }
        for c in DumpReader.requiredColumns where index[c] == nil {
            throw DumpError(file: name, row: 0, column: c,
                            "missing required column '\(c)' (the header needs \(DumpReader.requiredColumns.joined(separator: ", ")))")
        }
        header = names
        known = (DumpReader.requiredColumns + DumpReader.optionalColumns).compactMap { c in index[c].map { (c, $0) } }
        columns = (index["dtype"]!, index["activation"]!, index["x"]!, index["value"]!, index["derivative"]!, index["framework"], index["mode"],
                   index["framework_version"], index["device"])
    }
}
