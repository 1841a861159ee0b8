import BigFloat
import KinkCheckSupport

/// Where a variant file's text holds a NUL character: raw, or written as an escape (`\u0000`,
/// `\U00000000`) in a basic string. TOMLKit hands the text to its parser, and every string back,
/// as C strings, which end at the first NUL: `a = "2\u00009"` would be read as 2 and a formula cut
/// short without a word. So a NUL anywhere is refused before the text is parsed.
///
/// The scan follows TOML's lexical structure just far enough to tell an escape from text that only
/// looks like one: comments (`# \u0000`) and literal strings (`'\u0000'`, six characters) hold no
/// escapes; basic (`"…"`) and multi-line basic (`"""…"""`) strings do.
package enum VariantFileNUL {
    /// The 1-based line and column (in characters) of the first NUL, or nil.
    package static func position(in text: String) -> (line: Int, column: Int)? {
        let s = Array(text.unicodeScalars)
        var i = 0, line = 1, lineStart = 0
        func here(_ at: Int) -> (line: Int, column: Int) { (line, at - lineStart + 1) }
        func run(of c: Unicode.Scalar, from j: Int) -> Int {
            var n = 0
            while j + n < s.count, s[j + n] == c { n += 1 }
            return n
        }
        func newline(at j: Int) { line += 1; lineStart = j + 1 }
        while i < s.count {
            let c = s[i]
            if c == "\0" { return here(i) }
            switch c {
            case "\n":
                newline(at: i)
                i += 1
            case "#":
                while i < s.count, s[i] != "\n" {
                    if s[i] == "\0" { return here(i) }
                    i += 1
                }
            case "\"", "'":
                let multiLine = run(of: c, from: i) >= 3
                i += multiLine ? 3 : 1
                // The body, to the closing delimiter (a multi-line one may be preceded by up to two
                // quotes that belong to the string: the whole run of quotes ends it).
                while i < s.count {
                    let d = s[i]
                    if d == "\0" { return here(i) }
                    if d == c {
                        if !multiLine { i += 1; break }
                        let n = run(of: c, from: i)
                        i += n
                        if n >= 3 { break }
                        continue
                    }
                    if d == "\n" {
                        newline(at: i)
                        i += 1
                        if !multiLine { break }   // unterminated: TOML's parser will say so
                        continue
                    }
                    if d == "\\" && c == "\"" {
                        let width = i + 1 < s.count ? (s[i + 1] == "u" ? 4 : s[i + 1] == "U" ? 8 : 0) : 0
                        if width > 0, i + 2 + width <= s.count,
                           let v = UInt32(String(String.UnicodeScalarView(s[(i + 2) ..< (i + 2 + width)])), radix: 16), v == 0,
                           s[(i + 2) ..< (i + 2 + width)].allSatisfy(\.properties.isASCIIHexDigit) {
                            return here(i)
                        }
                        i += 2   // the backslash and the character it escapes
                        if i - 1 < s.count, s[i - 1] == "\n" { newline(at: i - 1) }
                        continue
                    }
                    i += 1
                }
            default:
                i += 1
            }
        }
        return nil
    }
}
