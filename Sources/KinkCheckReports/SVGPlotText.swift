import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

/// Number and text formatting for plots: fixed two-decimal pixel coordinates, shortest
/// round-trip decimals for the CSV beside a plot, XML escaping and a rough text width. (CSV
/// fields are quoted by ``CSV/field(_:)`` in KinkCheckSupport.) Nothing here depends on the
/// locale or Foundation.
package enum PlotText {
    /// The Unicode minus sign used in tick labels (clearer than a hyphen at small sizes).
    package static let minus = "\u{2212}"

    /// `v` rounded to two decimals (ties away from zero), trailing zeros dropped: `12.5`, `-3.05`,
    /// `0`. Integer arithmetic after one rounding, so the text depends only on `v`.
    /// Precondition: `v` finite with |v| < 1e15 (callers clamp pixel values first).
    package static func fixed2(_ v: Double) -> String {
        let n = Int((v * 100).rounded(.toNearestOrAwayFromZero))
        if n == 0 { return "0" }
        let m = n.magnitude
        let whole = m / 100, frac = m % 100
        var s = (n < 0 ? "-" : "") + String(whole)
        if frac != 0 {
            s += frac % 10 == 0 ? "." + String(frac / 10) : (frac < 10 ? ".0" : ".") + String(frac)
        }
        return s
    }

    /// The shortest decimal that reads back as exactly `v` (`0.1`, `-2.5e-300`, `1e+22` is
    /// written `1e22`); `nan`, `inf`, `-inf`, `-0` for the specials.
    ///
    /// The digits are those of Swift's `description`, which is specified to be the shortest
    /// round-tripping digit string (SwiftDtoa, the same on every platform); only its layout is
    /// normalised here: plain notation for 1e-5 ≤ |v| < 1e21, otherwise `d.ddde±N` without a
    /// plus sign or leading exponent zeros.
    package static func shortest(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        if v == 0 { return v.sign == .minus ? "-0" : "0" }
        var text = Substring(v.magnitude.description)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = parts[0], fracPart = parts.count > 1 ? parts[1] : ""
        // value = 0.digits × 10^point
        var digits = Array(intPart + fracPart)
        var point = exponent + intPart.count
        while digits.first == "0" { digits.removeFirst(); point -= 1 }
        while digits.last == "0" { digits.removeLast() }
        // 0.d₁d₂… × 10^point, laid out as `BigFloat.description` lays out its digits.
        return BigFloat.layout(digits: String(digits), exponent: point, negative: v < 0)
    }

    /// Text safe inside an XML element or a double-quoted attribute. Characters XML 1.0 forbids
    /// (C0 controls other than tab, newline and return; U+FFFE, U+FFFF) are dropped.
    package static func xml(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out += " "
            default:
                if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// A rough width of `s` at font size `size` in a Helvetica-like font, for layout only.
    package static func width(_ s: String, size: Double) -> Double {
        Double(s.count) * size * 0.58
    }
}

extension Plot {
    /// The data behind the plot: header `series,x,y`, then one row per point of every series,
    /// in order, numbers as given in the shortest decimal that reads back exactly (`nan`, `inf`,
    /// `-inf` for the specials — non-plottable points are listed too). When an axis takes
    /// `.log2` coordinates its column is named `log2_x` (`log2_y`): the numbers are the log₂ of
    /// the values, exactly as given. Names are quoted per RFC 4180 when needed; lines end in LF.
    package func csv() -> String {
        var out = "series,"
            + (xCoordinates == .log2 ? "log2_x" : "x") + ","
            + (yCoordinates == .log2 ? "log2_y" : "y") + "\n"
        for s in series {
            let name = CSV.field(s.name)
            for p in s.points {
                out += name + "," + PlotText.shortest(p.x) + "," + PlotText.shortest(p.y) + "\n"
            }
        }
        return out
    }
}
