import BigFloat
import KinkCheckSupport

/// One token of a formula, with the 1-based column (in Unicode scalars) where it starts.
package struct FormulaToken: Sendable, Hashable {
    package enum Kind: Sendable, Hashable {
        /// A number exactly as written (decimal or hex-float, no sign).
        case number(String)
        case identifier(String)
        /// One of `+ - * / ^ ( ) , ; = < <= > >=`.
        case symbol(String)
        case end
    }
    package var kind: Kind
    package var column: Int
    /// Length in Unicode scalars (0 for the end).
    package var length: Int

    /// How the token reads in a message: `'*'`, `'foo'`, `the end of the formula`.
    package var quoted: String {
        switch kind {
        case .number(let t), .identifier(let t), .symbol(let t): "'\(t)'"
        case .end: "the end of the formula"
        }
    }
}

/// Splits a formula into tokens. Numbers are the maximal run of digits, letters and `.` that
/// starts with a digit or `.` (with a sign after an exponent marker), so `1.2.3` and `2x` are one
/// malformed number rather than two confusing tokens.
package enum FormulaLexer {
    /// The longest formula accepted, in Unicode scalars.
    package static let maximumLength = 10_000

    package static func tokens(_ text: String, field: FormulaError.Field = .formula) throws(FormulaError) -> [FormulaToken] {
        let s = Array(text.unicodeScalars)
        guard s.count <= maximumLength else {
            throw FormulaError(field, column: maximumLength + 1,
                               "formula too long: \(s.count) characters (at most \(maximumLength))")
        }
        var out: [FormulaToken] = []
        var i = 0
        while i < s.count {
            let c = s[i]
            let column = i + 1
            if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
            if isDigit(c) || (c == "." && i + 1 < s.count && isDigit(s[i + 1])) {
                let start = i
                i = endOfNumber(s, from: i)
                let word = String(String.UnicodeScalarView(s[start..<i]))
                guard isWellFormedNumber(word), (try? DecimalConstant(word)) != nil else {
                    let product = !word.lowercased().hasPrefix("0x") && word.contains { $0.isLetter && $0 != "e" && $0 != "E" }
                    let hint = product ? " (write a product with '*', e.g. 2*x)" : ""
                    throw FormulaError(field, column: column, "malformed number '\(word)'\(hint)")
                }
                out.append(FormulaToken(kind: .number(word), column: column, length: i - start))
                continue
            }
            if isLetter(c) || c == "_" {
                let start = i
                while i < s.count, isLetter(s[i]) || isDigit(s[i]) || s[i] == "_" { i += 1 }
                out.append(FormulaToken(kind: .identifier(String(String.UnicodeScalarView(s[start..<i]))), column: column, length: i - start))
                continue
            }
            if (c == "<" || c == ">"), i + 1 < s.count, s[i + 1] == "=" {
                out.append(FormulaToken(kind: .symbol(String(c) + "="), column: column, length: 2))
                i += 2
                continue
            }
            if "+-*/^(),;=<>".unicodeScalars.contains(c) {
                out.append(FormulaToken(kind: .symbol(String(c)), column: column, length: 1))
                i += 1
                continue
            }
            throw FormulaError(field, column: column, "unexpected character '\(c)'\(hint(for: c))")
        }
        out.append(FormulaToken(kind: .end, column: s.count + 1, length: 0))
        return out
    }

    package static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    package static func isLetter(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") }

    /// The end of the number run starting at `i`: digits, letters and dots, and a sign right
    /// after `e`/`E` (decimal) or `p`/`P` (hex-float).
    package static func endOfNumber(_ s: [Unicode.Scalar], from start: Int) -> Int {
        let hex = start + 1 < s.count && s[start] == "0" && (s[start + 1] == "x" || s[start + 1] == "X")
        var i = start
        while i < s.count {
            let c = s[i]
            if isDigit(c) || isLetter(c) || c == "." || c == "_" { i += 1; continue }
            if (c == "+" || c == "-"), i > start, i + 1 < s.count, isDigit(s[i + 1]) {
                let marker = s[i - 1]
                if hex ? (marker == "p" || marker == "P") : (marker == "e" || marker == "E") { i += 1; continue }
            }
            break
        }
        return i
    }

    /// Decimal `d*[.d*][e[±]d+]` or hex-float `0x h*[.h*][p[±]d+]`, with at least one mantissa digit.
    package static func isWellFormedNumber(_ word: String) -> Bool {
        var s = Substring(word)
        let hex = s.lowercased().hasPrefix("0x")
        if hex { s = s.dropFirst(2) }
        let isMantissaDigit: (Character) -> Bool = hex ? { $0.isHexDigit } : { $0.isASCII && $0.isNumber }
        let marker: Set<Character> = hex ? ["p", "P"] : ["e", "E"]
        var mantissa = s, exponent: Substring? = nil
        if let m = s.firstIndex(where: { marker.contains($0) }) {
            mantissa = s[..<m]
            exponent = s[s.index(after: m)...]
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(isMantissaDigit) }),
              parts.contains(where: { !$0.isEmpty }) else { return false }
        if var e = exponent {
            if e.first == "+" || e.first == "-" { e = e.dropFirst() }
            guard !e.isEmpty, e.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        }
        return true
    }

    package static func hint(for c: Unicode.Scalar) -> String {
        switch c {
        case "·", "×", "⋅": " (write '*')"
        case "−", "–": " (write '-')"
        case "÷": " (write '/')"
        case "≤": " (write '<=')"
        case "≥": " (write '>=')"
        case "[", "{", "]", "}": " (use parentheses)"
        case "|": " (write abs(x))"
        default: ""
        }
    }
}
