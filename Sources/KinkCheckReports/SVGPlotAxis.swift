import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification
import RealModule

/// A tick label: plain text, or a base with a raised exponent (2⁻¹⁰).
package enum PlotTickLabel: Equatable, Sendable {
    case text(String)
    case power(base: String, exponent: String)

    /// Rough width at font size `size` (the exponent is set at 3/4 size).
    package func width(size: Double) -> Double {
        switch self {
        case .text(let s): PlotText.width(s, size: size)
        case .power(let b, let e): PlotText.width(b, size: size) + PlotText.width(e, size: size * 0.75)
        }
    }
}

/// One axis after fitting: the shown interval in *axis coordinates* (the value for linear, its
/// log₂ or log₁₀ for log scales) and the ticks in it.
package struct PlotAxis: Sendable {
    package let scale: AxisScale
    package let lower: Double
    package let upper: Double
    package let ticks: [(position: Double, label: PlotTickLabel)]

    /// Axis coordinate of a number given in `form`, or `nil` when it cannot be plotted.
    package static func coordinate(_ v: Double, form: CoordinateForm, scale: AxisScale) -> Double? {
        guard v.isFinite else { return nil }
        let c: Double
        switch (form, scale) {
        case (.value, .linear), (.log2, .log2): c = v
        case (.value, .log2): guard v > 0 else { return nil }; c = Double.log2(v)
        case (.value, .log10): guard v > 0 else { return nil }; c = Double.log10(v)
        case (.log2, .linear): c = Double.exp2(v)
        case (.log2, .log10): c = v * log10Of2
        case (.value, .symlog2(let least)):
            let t = Double(symlogLeast(least)), m = v.magnitude
            let magnitude = m >= Double(sign: .plus, exponent: Int(t), significand: 1)
                ? Double.log2(m) - t + 1 : m / Double(sign: .plus, exponent: Int(t), significand: 1)
            c = v < 0 ? -magnitude : magnitude
        case (.log2, .symlog2(let least)):
            let t = Double(symlogLeast(least))
            c = v >= t ? v - t + 1 : Double.exp2(v - t)
        }
        return c.isFinite ? c : nil
    }

    /// The threshold exponent of a `symlog2` axis as used: at least −1074.
    package static func symlogLeast(_ t: Int) -> Int { Swift.max(t, -1074) }

    package static let log10Of2 = 0.30102999566398119521373889472449302676818988146211

    /// Fits the axis to the data extent (axis coordinates) with a 4% margin each side, then
    /// applies the overrides, then places about `targetTicks` ticks.
    package static func fitted(scale: AxisScale, extent: (lower: Double, upper: Double)?,
                       override: (lower: Double?, upper: Double?), targetTicks: Int) -> PlotAxis {
        var lo: Double, hi: Double
        if let (a, b) = extent {
            if a == b {
                let pad = scale != .linear ? 1 : (a == 0 ? 1 : Swift.abs(a) * 0.1)
                (lo, hi) = (a - pad, b + pad)
            } else {
                let pad = (b - a) * 0.04
                (lo, hi) = (a - pad, b + pad)
                // Keep at least one whole power in view on a log axis.
                if scale.isLogarithmic && hi - lo < 1 {
                    (lo, hi) = ((lo).rounded(.down), (hi).rounded(.up))
                    if lo == hi { hi = lo + 1 }
                }
            }
        } else {
            (lo, hi) = (0, 1)
        }
        if let l = override.lower { lo = l }
        if let u = override.upper { hi = u }
        if !(lo < hi) {
            // Overrides collapsed or crossed the interval: centre a unit interval on it.
            let mid = lo.isFinite ? lo : 0
            (lo, hi) = (mid - 0.5, mid + 0.5)
        }
        if !(hi - lo).isFinite {
            (lo, hi) = (-Double.greatestFiniteMagnitude / 4, Double.greatestFiniteMagnitude / 4)
        }
        let ticks: [(position: Double, label: PlotTickLabel)]
        switch scale {
        case .linear: ticks = linearTicks(lo, hi, target: targetTicks)
        case .log2, .log10: ticks = logTicks(lo, hi, target: targetTicks, scale: scale)
        case .symlog2(let least): ticks = symlogTicks(lo, hi, target: targetTicks, least: symlogLeast(least))
        }
        return PlotAxis(scale: scale, lower: lo, upper: hi, ticks: ticks)
    }

    // MARK: - Ticks

    /// 10^k, correctly rounded for |k| ≤ 22 and built by exact operations beyond (no libm).
    package static func pow10(_ k: Int) -> Double {
        var p = 1.0
        for _ in 0..<Swift.min(Swift.abs(k), 400) { p *= 10 }
        return k >= 0 ? p : 1 / p
    }

    /// The smallest s × 10^k ≥ raw with s ∈ {1, 2, 5}; nil if raw is not a positive normal number.
    package static func niceStep(_ raw: Double) -> (s: Int, k: Int)? {
        guard raw.isNormal, raw > 0 else { return nil }
        var k = 0
        while k < 310 && pow10(k + 1) <= raw { k += 1 }
        while k > -330 && pow10(k) > raw { k -= 1 }
        for s in [1, 2, 5] where Double(s) * pow10(k) >= raw { return (s, k) }
        return (1, k + 1)
    }

    /// Value m × 10^k, correctly rounded for |k| ≤ 22 and |m| < 2^53.
    package static func scaled(_ m: Int, _ k: Int) -> Double {
        k >= 0 ? Double(m) * pow10(k) : Double(m) / pow10(-k)
    }

    /// Ticks at multiples of a 1-2-5 step; each tick value is m × 10^k with integer m, so its
    /// label is printed from integers.
    package static func linearTicks(_ lo: Double, _ hi: Double, target: Int) -> [(position: Double, label: PlotTickLabel)] {
        guard let (s, k) = niceStep((hi - lo) / Double(Swift.max(target, 1))) else { return [] }
        let step = scaled(s, k)
        let first = (lo / step - 1e-9).rounded(.up), last = (hi / step + 1e-9).rounded(.down)
        guard first.magnitude < 1e15, last.magnitude < 1e15, first <= last, last - first <= 100 else { return [] }
        let ms = (Int(first)...Int(last)).map { $0 * s }
        let largest = ms.map { $0.magnitude }.max() ?? 0
        let magnitude = String(largest).count - 1 + k  // decimal exponent of the largest label
        let scientific = k <= -5 || magnitude >= 6
        return ms.map { m in
            (Swift.min(Swift.max(scaled(m, k), lo), hi), .text(decimalLabel(m, k, scientific: scientific)))
        }
    }

    /// m × 10^k as compact text: `0`, `−3`, `0.25`, `1500`, or with `scientific` `1.5e6`, `2e−7`.
    package static func decimalLabel(_ m: Int, _ k: Int, scientific: Bool) -> String {
        if m == 0 { return "0" }
        let sign = m < 0 ? PlotText.minus : ""
        var digits = Array(String(m.magnitude))
        if scientific {
            var k = k
            while digits.count > 1 && digits.last == "0" { digits.removeLast(); k += 1 }
            let e = k + digits.count - 1
            let tail = String(digits.dropFirst())
            return sign + String(digits[0]) + (tail.isEmpty ? "" : "." + tail) + "e" + signed(e)
        }
        if k >= 0 { return sign + String(digits) + String(repeating: "0", count: k) }
        let places = -k
        if digits.count <= places { digits = Array(repeating: "0", count: places + 1 - digits.count) + digits }
        let whole = String(digits[..<(digits.count - places)])
        var frac = Array(digits[(digits.count - places)...])
        while frac.last == "0" { frac.removeLast() }
        return sign + whole + (frac.isEmpty ? "" : "." + String(frac))
    }

    /// Ticks at whole powers (axis coordinates are exponents), at a 1-2-5 × 10^j step.
    package static func logTicks(_ lo: Double, _ hi: Double, target: Int, scale: AxisScale) -> [(position: Double, label: PlotTickLabel)] {
        guard lo.magnitude < 1e15, hi.magnitude < 1e15,
              let (s, k) = niceStep((hi - lo) / Double(Swift.max(target, 1))), k < 15 else { return [] }
        let step = k < 0 ? 1 : s * Int(pow10(k))  // exponents are whole numbers
        let first = (lo / Double(step) - 1e-9).rounded(.up), last = (hi / Double(step) + 1e-9).rounded(.down)
        guard first.magnitude < 1e15, last.magnitude < 1e15, first <= last, last - first <= 100 else { return [] }
        let powers = (Int(first)...Int(last)).map { $0 * step }
        let plain = powers.allSatisfy { (-2...3).contains($0) }
        return powers.map { n in
            (Swift.min(Swift.max(Double(n), lo), hi), powerLabel(n, scale: scale, plain: plain))
        }
    }

    /// Ticks of a `symlog2(least: t)` axis over axis coordinates [lo, hi]: 0 when in view, and
    /// ±2ⁿ (at ±(n − t + 1)) for n a multiple of a 1-2-5 × 10^j step, about `target` a side
    /// (the renderer lowers `target` until the labels do not touch), mirrored on both sides;
    /// a power closer to 0 than half a step is left out, so its label cannot touch the 0's.
    package static func symlogTicks(_ lo: Double, _ hi: Double, target: Int, least t: Int) -> [(position: Double, label: PlotTickLabel)] {
        guard lo.magnitude < 1e15, hi.magnitude < 1e15 else { return [] }
        let reach = Swift.max(hi, -lo)   // the largest |coordinate| in view
        var ticks: [(position: Double, label: PlotTickLabel)] = []
        if lo <= 0 && hi >= 0 { ticks.append((0, .text("0"))) }
        guard reach > 1, let (s, k) = niceStep((reach - 1) / Double(Swift.max(target - 1, 1))), k < 15 else { return ticks }
        let step = k < 0 ? 1 : s * Int(pow10(k))
        let first = (Double(t) / Double(step)).rounded(.up), last = ((reach - 1 + Double(t)) / Double(step) + 1e-9).rounded(.down)
        guard first <= last, last - first <= 100 else { return ticks }
        for n in (Int(first)...Int(last)).map({ $0 * step }) {
            let c = Double(n - t + 1)
            guard 2 * c >= Double(step) else { continue }
            if c <= hi { ticks.append((c, .power(base: "2", exponent: signed(n)))) }
            if -c >= lo { ticks.append((-c, .power(base: PlotText.minus + "2", exponent: signed(n)))) }
        }
        return ticks.sorted { $0.position < $1.position }
    }

    /// 2ⁿ as 2 with a raised exponent. 10ⁿ as `0.01` … `1000` when every tick on the axis is in
    /// that range (`plain`), otherwise as `1e−10` (and `1` for 10⁰).
    package static func powerLabel(_ n: Int, scale: AxisScale, plain: Bool) -> PlotTickLabel {
        if scale == .log2 { return .power(base: "2", exponent: signed(n)) }
        if plain || n == 0 { return .text(decimalLabel(1, n, scientific: false)) }
        return .text("1e" + signed(n))
    }

    package static func signed(_ n: Int) -> String { (n < 0 ? PlotText.minus : "") + String(n.magnitude) }
}
