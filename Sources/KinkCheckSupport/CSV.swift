/// CSV writing (RFC 4180): one quoting rule for every file KinkCheck writes.
package enum CSV {
    /// A field, quoted when it holds a comma, a quote or a line break (quotes doubled).
    package static func field(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) ? "\"" + s.replacingAll("\"", with: "\"\"") + "\"" : s
    }

    /// One record: the fields quoted as needed, joined by commas, ending in a newline.
    package static func row(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\n" }
}
