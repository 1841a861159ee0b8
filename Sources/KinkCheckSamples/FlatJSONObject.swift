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
            guard let text = JSON.readStringBody(&s) else { throw Failure(message: "malformed JSON: an unterminated string or a bad \\u escape") }
            return text
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
