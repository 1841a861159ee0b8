/// RFC 4180 records: fields separated by commas, records by CRLF or LF; a quoted field may hold
/// commas, line breaks and doubled quotes. Blank lines are skipped. Works on UTF-8 bytes (the
/// separators are ASCII), which keeps a 3 MB dump fast even in a debug build.
enum CSVRecords {
    struct Failure: Error {
        /// The data row (the header is 0).
        var row: Int
        var message: String
    }

    /// The records, the header first.
    static func parse(_ text: String) throws(Failure) -> [[String]] {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var records: [[String]] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false, inQuotes = false, afterQuote = false
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true); quoted = false; afterQuote = false
        }
        func endRecord() {
            let blank = fields.isEmpty && field.isEmpty && !quoted
            endField()
            if !blank { records.append(fields) }
            fields = []
        }
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }   // a byte-order mark
        for c in bytes {
            if inQuotes {
                if c == quote { inQuotes = false; afterQuote = true } else { field.append(c) }
                continue
            }
            switch c {
            case quote:
                if afterQuote { field.append(quote); inQuotes = true; afterQuote = false }
                else if field.isEmpty && !quoted { quoted = true; inQuotes = true }
                else { throw Failure(row: records.count, message: "stray quote in an unquoted field") }
            case comma: endField()
            case lf: endRecord()
            case cr: continue
            default:
                if afterQuote { throw Failure(row: records.count, message: "text after a closing quote") }
                field.append(c)
            }
        }
        if inQuotes { throw Failure(row: records.count, message: "unterminated quoted field") }
        if !field.isEmpty || !fields.isEmpty || quoted { endRecord() }
        return records
    }
}
