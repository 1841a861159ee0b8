import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckSupport

/// RFC 4180 records: fields separated by commas, records by CRLF or LF; a quoted field may hold
/// commas, line breaks and doubled quotes. Blank lines are skipped. Fed UTF-8 bytes in chunks of
/// any size (the separators are ASCII), it hands out each record as soon as it is complete, so a
/// dump is never held whole.
///
/// Edge cases: a carriage return outside quotes is dropped wherever it is; a field is bytes, not
/// yet checked to be UTF-8 (a byte-order mark is the caller's to drop).
package struct CSVRecords {
    /// The file's name, for errors.
    package let name: String

    /// One record: its fields' bytes one after another, and where each field ends.
    package struct Record {
        package var bytes: [UInt8] = []
        package var ends: [Int] = []
        package var count: Int { ends.count }
        package func field(_ i: Int) -> ArraySlice<UInt8> { bytes[(i == 0 ? 0 : ends[i - 1]) ..< ends[i]] }
    }

    /// Records handed out so far (the header included).
    package private(set) var records = 0
    private var record = Record()
    private var fieldStart = 0
    private var quoted = false, inQuotes = false, afterQuote = false

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    package init(name: String) { self.name = name }

    /// Reads `chunk`, calling `body` with every record it completes.
    package mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ body: (Record) throws(DumpError) -> Void) throws(DumpError) {
        // Runs of ordinary bytes (and the inside of quotes) are copied whole; the separators and
        // quotes go through ``consume(_:_:)`` one by one.
        var i = 0
        let n = chunk.count
        while i < n {
            var j = i
            if inQuotes {
                while j < n, chunk[j] != Self.quote { j += 1 }
            } else if !afterQuote {
                while j < n, chunk[j] != Self.quote, chunk[j] != Self.comma, chunk[j] != Self.lf, chunk[j] != Self.cr { j += 1 }
            }
            if j > i {
                record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[i ..< j]))
                i = j
                continue
            }
            try consume(chunk[i], body)
            i += 1
        }
    }

    /// Ends the input, handing out the last record if it has no line break.
    package mutating func finish(_ body: (Record) throws(DumpError) -> Void) throws(DumpError) {
        if inQuotes { throw failure("unterminated quoted field") }
        if record.bytes.count > fieldStart || !record.ends.isEmpty || quoted { try endRecord(body) }
    }

    private mutating func consume(_ c: UInt8, _ body: (Record) throws(DumpError) -> Void) throws(DumpError) {
        if inQuotes {
            if c == Self.quote { inQuotes = false; afterQuote = true } else { record.bytes.append(c) }
            return
        }
        switch c {
        case Self.quote:
            if afterQuote { record.bytes.append(Self.quote); inQuotes = true; afterQuote = false }
            else if record.bytes.count == fieldStart && !quoted { quoted = true; inQuotes = true }
            else { throw failure("stray quote in an unquoted field") }
        case Self.comma: endField()
        case Self.lf: try endRecord(body)
        case Self.cr: return
        default:
            if afterQuote { throw failure("text after a closing quote") }
            record.bytes.append(c)
        }
    }

    /// An error in the record being read (data row `records`; the header is 0).
    private func failure(_ message: String) -> DumpError { DumpError(file: name, row: records, column: nil, message) }

    private mutating func endField() {
        record.ends.append(record.bytes.count)
        fieldStart = record.bytes.count
        quoted = false; afterQuote = false
    }

    private mutating func endRecord(_ body: (Record) throws(DumpError) -> Void) throws(DumpError) {
        let blank = record.ends.isEmpty && record.bytes.isEmpty && !quoted
        endField()
        if !blank {
            records += 1
            try body(record)
        }
        record.bytes.removeAll(keepingCapacity: true)
        record.ends.removeAll(keepingCapacity: true)
        fieldStart = 0
    }
}
