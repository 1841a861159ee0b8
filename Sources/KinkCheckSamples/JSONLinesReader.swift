import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckSupport

/// The rows of a JSON Lines dump, line by line: each non-blank line one flat object (see
/// ``FlatJSONObject``). Lines end at LF, CRLF or CR; blank lines (only whitespace) are skipped and
/// not counted; the first object must have every required key.
package struct JSONLinesReader {
    package let name: String
    package let fileIndex: Int
    private var line: [UInt8] = []
    private var row = 0

    package init(name: String, fileIndex: Int) {
        self.name = name
        self.fileIndex = fileIndex
    }

    package mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ body: (DumpRow) throws(DumpError) -> Void) throws(DumpError) {
        var i = 0
        while i < chunk.count {
            var j = i
            while j < chunk.count, chunk[j] != 0x0A, chunk[j] != 0x0D { j += 1 }
            line.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[i ..< j]))
            if j < chunk.count, !line.isEmpty { try endLine(body) }
            i = j + 1
        }
    }

    package mutating func finish(_ body: (DumpRow) throws(DumpError) -> Void) throws(DumpError) {
        if !line.isEmpty { try endLine(body) }
        if row == 0 { throw DumpError(file: name, row: -1, column: nil, "empty file: expected JSON objects, one a line") }
    }

    private mutating func endLine(_ body: (DumpRow) throws(DumpError) -> Void) throws(DumpError) {
        defer { line.removeAll(keepingCapacity: true) }
        guard let text = DumpReader.text(line[...]) else { throw DumpError(file: name, row: row + 1, column: nil, "not UTF-8 text") }
        if text.allSatisfy(\.isWhitespace) { return }
        row += 1
        let object: [String: String?]
        do { object = try FlatJSONObject.parse(text) } catch { throw DumpError(file: name, row: row, column: nil, error.message) }
        let (row, name) = (self.row, self.name)
        if row == 1 {
            for c in DumpReader.requiredColumns where object[c] == nil {
                throw DumpError(file: name, row: row, column: c,
                                "missing required key '\(c)' (each line needs \(DumpReader.requiredColumns.joined(separator: ", ")))")
            }
        }
        func field(_ c: String) throws(DumpError) -> String? {
            guard let v = object[c] else {
                if DumpReader.requiredColumns.contains(c) { throw DumpError(file: name, row: row, column: c, "missing required key '\(c)'") }
                return nil
            }
            return v ?? ""
        }
        try body(DumpReader.makeRow(field, name: name, fileIndex: fileIndex, row: row))
    }
}
