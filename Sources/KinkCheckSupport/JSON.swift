/// A JSON value with object keys kept in insertion order, so output is byte-for-byte
/// deterministic. Numbers are written as given (callers pass decimal strings where the
/// contracts say so).
package indirect enum JSON: Sendable, Equatable {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([JSON])
    case object([(String, JSON)])

    package static func == (a: JSON, b: JSON) -> Bool { a.rendered() == b.rendered() }

    package static func int(_ n: Int) -> JSON { .number(String(n)) }

    /// Compact (`indent == nil`) or pretty-printed text.
    package func rendered(indent: Int? = 2) -> String {
        var out = ""
        write(into: &out, level: 0, indent: indent)
        return out
    }

    package func write(into out: inout String, level: Int, indent: Int?) {
        let nl = indent == nil ? "" : "\n"
        func pad(_ l: Int) -> String { indent.map { String(repeating: " ", count: $0 * l) } ?? "" }
        switch self {
        case .string(let s): JSON.quote(s, into: &out)
        case .number(let n): out += n
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[" + nl
            for (i, item) in items.enumerated() {
                out += pad(level + 1)
                item.write(into: &out, level: level + 1, indent: indent)
                out += (i + 1 < items.count ? "," : "") + nl
            }
            out += pad(level) + "]"
        case .object(let pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{" + nl
            for (i, (k, v)) in pairs.enumerated() {
                out += pad(level + 1)
                JSON.quote(k, into: &out)
                out += indent == nil ? ":" : ": "
                v.write(into: &out, level: level + 1, indent: indent)
                out += (i + 1 < pairs.count ? "," : "") + nl
            }
            out += pad(level) + "}"
        }
    }

    package static func quote(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else { out.unicodeScalars.append(u) }
            }
        }
        out += "\""
    }
}

extension JSON {
    /// Reads a JSON string's body from `s` (just after its opening quote) through its closing
    /// quote, which it consumes: the escapes `\n \t \r \b \f \uXXXX` (a surrogate pair as one
    /// scalar) and `\x` for any other x. nil when malformed (an unterminated string, a bad `\u`).
    /// A body without escapes is taken whole.
    package static func readStringBody(_ s: inout ArraySlice<UInt8>) -> String? {
        if let end = s.firstIndex(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }), s[end] == UInt8(ascii: "\"") {
            defer { s = s[(end + 1)...] }
            return String(decoding: s[..<end], as: UTF8.self)
        }
        func hex4() -> UInt32? {
            guard s.count >= 4, let v = UInt32(String(decoding: s.prefix(4), as: UTF8.self), radix: 16) else { return nil }
            s.removeFirst(4)
            return v
        }
        var out: [UInt8] = []
        while let c = s.popFirst() {
            if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
            guard c == UInt8(ascii: "\\") else { out.append(c); continue }
            guard let e = s.popFirst() else { return nil }
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                guard var v = hex4() else { return nil }
                if (0xD800...0xDBFF).contains(v), s.starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) {
                    let saved = s
                    s.removeFirst(2)
                    if let low = hex4(), (0xDC00...0xDFFF).contains(low) { v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00) } else { s = saved }
                }
                guard let u = Unicode.Scalar(v) else { return nil }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default: out.append(e)
            }
        }
        return nil
    }
}
