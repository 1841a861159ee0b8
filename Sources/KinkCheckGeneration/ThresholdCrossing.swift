import BigFloat
import KinkCheck
import KinkCheckSupport

/// A magnitude where a format's results change kind: above it they overflow, below it they
/// leave the normal range, pass from one subnormal binade to the next, or round to zero.
@usableFromInline package enum ThresholdLevel: Sendable, Hashable, CustomStringConvertible {
    /// Half the least subnormal, 2^(emin − p): a result at or below it rounds to 0.
    case zero
    /// 2^(emin − j), j = 1 … p − 1: the top of the j-th subnormal binade from the top
    /// (j = p − 1 is the least subnormal).
    case subnormal(Int)
    /// The least normal number, 2^emin.
    case leastNormal
    /// The largest finite number plus half an ulp, (2 − 2^−p)·2^emax: a result at or above it
    /// rounds to ∞.
    case overflow

    /// Every level of an IEEE format, in increasing magnitude.
    package static func all(_ ieee: IEEEFormat) -> [ThresholdLevel] {
        [.zero] + (1 ..< ieee.precision).reversed().map { .subnormal($0) } + [.leastNormal, .overflow]
    }

    /// The level's magnitude in `ieee` (exact, at p + 1 bits).
    package func magnitude(_ ieee: IEEEFormat) -> BigFloat {
        let one = BigFloat(1, precision: ieee.precision + 1)
        switch self {
        case .zero: return one.timesPowerOfTwo(ieee.minExponent - ieee.precision)
        case .subnormal(let j): return one.timesPowerOfTwo(ieee.minExponent - j)
        case .leastNormal: return one.timesPowerOfTwo(ieee.minExponent)
        case .overflow: return (2 - one.timesPowerOfTwo(-ieee.precision)).timesPowerOfTwo(ieee.maxExponent)
        }
    }

    @usableFromInline package var description: String {
        switch self {
        case .zero: "rounding to 0"
        case .subnormal(let j): "2^(emin-\(j))"
        case .leastNormal: "least normal"
        case .overflow: "overflow"
        }
    }
}

/// Where |f(x)| or |f′(x)| crosses one of a format's ``ThresholdLevel``s: the two adjacent
/// numbers of the format between which the magnitude passes the level. Accuracy is tested at
/// both, so every run visits where an activation's results underflow — tanh′ near x = 44 … 52 in
/// float32, GELU far left — and overflow, whatever the seed.
///
/// Found from the activation itself, not from a table per activation: f and the backward f′ are
/// evaluated in MPFR (64 bits, enough to place a level among a format's neighbours) at 0 and at
/// every power of two ±2^e of the format (and its largest finite value); between two grid points
/// whose magnitudes lie on different sides of some levels, bisection over the format's numbers
/// (ulp space) finds, for each level, a pair of neighbours on either side. The evaluations are
/// shared by the formats (their grids are powers of two in one range).
///
/// Edge cases: a level crossed between grid points and back again is not seen (the magnitude is
/// sampled per binade of x; an activation's tails and its behaviour near 0 are monotone per binade
/// in every built-in); NaN results end a segment (no crossing is sought through them); at most
/// ``perLevel`` crossings per level, sign of x and quantity, nearest 0 first; MPFR formats have
/// none.
package struct ThresholdCrossing: Sendable, CustomStringConvertible {
    package var level: ThresholdLevel
    /// |f′| (the backward derivative) rather than |f|.
    package var derivative: Bool
    /// The neighbours, left < right, adjacent in the format.
    package var left: GeneratedInput
    package var right: GeneratedInput

    package var description: String {
        "|\(derivative ? "f′" : "f")| crosses \(level) between \(left.decimalString) and \(right.decimalString)"
    }

    /// Crossings of one level per sign of x and quantity, at most.
    package static let perLevel = 2
    /// Bits of the MPFR evaluations.
    package static let evaluationPrecision = 64

    /// The crossings of `activation` in each of `formats` (none for MPFR formats), in a fixed
    /// order: per format, f then f′, negative x then positive, levels in increasing magnitude.
    package static func crossings(of activation: any Activation, in formats: [NumberFormat]) -> [[ThresholdCrossing]] {
        var memo = MagnitudeMemo(activation)
        return formats.map { format in
            guard let ieee = format.ieee, let codec = format.codec else { return [] }
            var out: [ThresholdCrossing] = []
            for derivative in [false, true] {
                for negative in [true, false] {
                    var search = Search(format: format, ieee: ieee, codec: codec, derivative: derivative, negative: negative)
                    search.run(&memo)
                    out += search.found
                }
            }
            return out
        }
    }
}

/// f and f′ at x in MPFR, remembered by x's Double bits (the formats' grids share their points).
package struct MagnitudeMemo {
    package let activation: any Activation
    package var values: [UInt64: (BigFloat, BigFloat)] = [:]

    package init(_ activation: any Activation) { self.activation = activation }

    package mutating func both(_ x: Double) -> (BigFloat, BigFloat) {
        if let v = values[x.bitPattern] { return v }
        let v = activation.valueAndDerivative(at: BigFloat(x, precision: ThresholdCrossing.evaluationPrecision))
        values[x.bitPattern] = (v.value, v.derivative)
        return (v.value, v.derivative)
    }

    package func one(_ x: Double, derivative: Bool) -> BigFloat {
        if let v = values[x.bitPattern] { return derivative ? v.1 : v.0 }
        let xb = BigFloat(x, precision: ThresholdCrossing.evaluationPrecision)
        return derivative ? activation.backward(xb) : activation(xb)
    }
}

/// One (format, quantity, sign of x) search: the grid, then a search per segment (``split``).
private struct Search {
    let format: NumberFormat
    let ieee: IEEEFormat
    let codec: IEEECodec
    let derivative: Bool
    let negative: Bool
    let levels: [ThresholdLevel]
    let magnitudes: [BigFloat]
    var found: [ThresholdCrossing] = []
    var count: [Int]

    init(format: NumberFormat, ieee: IEEEFormat, codec: IEEECodec, derivative: Bool, negative: Bool) {
        self.format = format; self.ieee = ieee; self.codec = codec
        self.derivative = derivative; self.negative = negative
        levels = ThresholdLevel.all(ieee)
        magnitudes = levels.map { $0.magnitude(ieee) }
        count = Array(repeating: 0, count: levels.count)
    }

    /// The number of levels at or below |q| (nil for NaN).
    func category(_ q: BigFloat) -> Int? {
        if q.isNaN { return nil }
        let m = BigFloat.abs(q)
        var lo = 0, hi = magnitudes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if magnitudes[mid] <= m { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The value at |ordinal| o on this search's side of 0.
    func x(_ o: Int64) -> Double { codec.double(codec.bits(ordinal: negative ? -o : o)) }

    /// Magnitude ordinals of the grid: 0, 2^e for every e of the format, the largest finite value.
    var grid: [Int64] {
        let least = ieee.leastSubnormalExponent
        var out: [Int64] = [0]
        for e in least ... ieee.maxExponent {
            out.append(codec.ordinal(codec.bits(rounding: Double(sign: .plus, exponent: e, significand: 1))))
        }
        out.append(codec.ordinal(codec.largestFiniteBits))
        return out
    }

    mutating func run(_ memo: inout MagnitudeMemo) {
        let points = grid.map { o -> (Int64, Int?, BigFloat) in
            let (v, d) = memo.both(x(o))
            let q = derivative ? d : v
            return (o, category(q), q)
        }
        for (a, b) in zip(points, points.dropFirst()) {
            guard let ca = a.1, let cb = b.1, ca != cb else { continue }
            split((a.0, ca, a.2), (b.0, cb, b.2), depth: 0, &memo)
        }
    }

    /// Where to split (oa, ob): at even depths where log₂|q| interpolated linearly between the
    /// ends reaches the middle level of those crossed (the tails of the built-ins are near
    /// exponential, so this lands next to the crossing), kept 1/64 of the way from either end;
    /// at odd depths, and where the ends give no logarithm, at the midpoint — so every two steps
    /// at least halve a segment. Any split inside finds the same crossings where |q| is monotone
    /// between the ends.
    func splitPoint(_ a: (Int64, Int, BigFloat), _ b: (Int64, Int, BigFloat), depth: Int) -> Int64 {
        let width = b.0 - a.0
        let middle = a.0 + width / 2
        let (la, lb) = (a.2.log2Magnitude, b.2.log2Magnitude)
        let target = magnitudes[(Swift.min(a.1, b.1) + Swift.max(a.1, b.1) - 1) / 2].log2Magnitude
        guard depth % 2 == 0, width > 64, la.isFinite, lb.isFinite, target.isFinite, la != lb else { return middle }
        let fraction = Swift.min(Swift.max((target - la) / (lb - la), 1.0 / 64), 63.0 / 64)
        return a.0 + Int64((Double(width) * fraction).rounded(.down))
    }

    /// Some level strictly between categories ca and cb (those at or below the larger, above the
    /// smaller) still wants a crossing.
    func wanted(_ ca: Int, _ cb: Int) -> Bool {
        (Swift.min(ca, cb) ..< Swift.max(ca, cb)).contains { count[$0] < ThresholdCrossing.perLevel }
    }

    /// Search over magnitude ordinals oa < ob whose categories differ (ordinal, category, q).
    mutating func split(_ a: (Int64, Int, BigFloat), _ b: (Int64, Int, BigFloat), depth: Int, _ memo: inout MagnitudeMemo) {
        let (oa, ca, ob, cb) = (a.0, a.1, b.0, b.1)
        guard wanted(ca, cb) else { return }
        if ob - oa == 1 {
            // x grows in magnitude from oa to ob: on the negative side oa is the right neighbour.
            let near = GeneratedInput(bits: codec.bits(ordinal: negative ? -oa : oa), format: format, provenance: .logUniform)
            let far = GeneratedInput(bits: codec.bits(ordinal: negative ? -ob : ob), format: format, provenance: .logUniform)
            let (left, right) = negative ? (far, near) : (near, far)
            for i in Swift.min(ca, cb) ..< Swift.max(ca, cb) where count[i] < ThresholdCrossing.perLevel {
                count[i] += 1
                func tagged(_ v: GeneratedInput, _ side: Side) -> GeneratedInput {
                    var v = v
                    v.provenance = .threshold(levels[i], derivative: derivative, side: side)
                    return v
                }
                found.append(ThresholdCrossing(level: levels[i], derivative: derivative,
                                               left: tagged(left, .left), right: tagged(right, .right)))
            }
            return
        }
        let om = splitPoint(a, b, depth: depth)
        let qm = memo.one(x(om), derivative: derivative)
        guard let cm = category(qm) else { return }
        split(a, (om, cm, qm), depth: depth + 1, &memo)
        split((om, cm, qm), b, depth: depth + 1, &memo)
    }
}
