import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckSupport

/// One line of a JSON Lines dump: a flat object whose values are strings, numbers or null.
/// Numbers are kept as their text (so `0.1` is read exactly later, in the row's dtype); nested
/// values and a key given twice are refused.
package enum FlatJSONObject {
    package struct Failure: Error { var message: String }

    /// key → value text (nil for `null`).
    package static func parse(_ line: String) throws(Failure) -> [String: String?] {
        var s = Array(line.utf8)[...]
        func skipSpace() { while let c = s.first, c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A { s.removeFirst() } }
        func expect(_ ch: Character) throws(Failure) {
            skipSpace()
            guard s.first == UInt8(ascii: ch.unicodeScalars.first!) else { throw Failure(message: "malformed JSON: expected '\(ch)'") }
            s.removeFirst()
        }
        func string() throws(Failure) -> String {
            try expect("\"")
            // Most strings hold no escape: taken whole.
            if let end = s.firstIndex(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }), s[end] == UInt8(ascii: "\"") {
                defer { s = s[(end + 1)...] }
                return String(decoding: s[..<end], as: UTF8.self)
            }
            var out: [UInt8] = []
            while let c = s.popFirst() {
                if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
                if c == UInt8(ascii: "\\") {
                    guard let e = s.popFirst() else { break }
                    switch e {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard s.count >= 4, let v = UInt32(String(decoding: s.prefix(4), as: UTF8.self), radix: 16),
                              let u = Unicode.Scalar(v) else { throw Failure(message: "malformed JSON: bad \\u escape") }
                        s.removeFirst(4)
                        out.append(contentsOf: Array(String(Character(u)).utf8))
                    default: out.append(e)
                    }
                } else { out.append(c) }
            }
            throw Failure(message: "malformed JSON: unterminated string")
        }
        var object: [String: String?] = [:]
        object.reserveCapacity(8)
        try expect("{")
        skipSpace()
        if s.first == UInt8(ascii: "}") { s.removeFirst() } else {
            while true {
                let key = try string()
                try expect(":")
                skipSpace()
                let value: String?
                if s.first == UInt8(ascii: "\"") { value = try string() }
                else {
                    var raw: [UInt8] = []
                    while let c = s.first, c != UInt8(ascii: ","), c != UInt8(ascii: "}"), c != 0x20, c != 0x09 { raw.append(c); s.removeFirst() }
                    let text = String(decoding: raw, as: UTF8.self)
                    if text == "null" { value = nil }
                    else if text.isEmpty || text.hasPrefix("{") || text.hasPrefix("[") || text == "true" || text == "false" {
                        throw Failure(message: "malformed JSON: the value of '\(key)' must be a string, a number or null")
                    } else { value = text }
                }
                guard object[key] == nil else {
                    throw Failure(message: "malformed JSON: the key '\(key)' appears twice; which value is meant cannot be told")
                }
                object[key] = .some(value)
                skipSpace()
                guard let c = s.popFirst() else { throw Failure(message: "malformed JSON: expected ',' or '}'") }
                if c == UInt8(ascii: "}") { break }
                guard c == UInt8(ascii: ",") else { throw Failure(message: "malformed JSON: expected ',' or '}'") }
            }
        }
        skipSpace()
        guard s.isEmpty else { throw Failure(message: "malformed JSON: text after the object") }
        return object
    }
}
