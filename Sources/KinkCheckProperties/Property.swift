import BigFloat
import KinkCheck
import KinkCheckGeneration
import KinkCheckSupport

/// What a property receives: one input, or a related tuple generated directly (never by
/// filtering unrelated draws).
public enum InputShape: String, Sendable, Hashable, CaseIterable {
    /// x.
    case single
    /// (x0 − δ, x0, x0 + δ): centred on a kink (or, a quarter of the time, on a random x), the
    /// same offset on both sides — n ulps, or m·2⁻ᵏ rounded.
    case kinkTriple
    /// (x, −x).
    case negationPair
    /// (x, nextUp x).
    case successorPair
    /// (a, b) with a ≤ b: for monotonicity. Half the time b is a few ulps above a.
    case orderedPair
    /// (a, b, c) with a ≤ b ≤ c: for convexity (use the actual values; b need not be the
    /// midpoint).
    case orderedTriple

    /// Inputs per case.
    public var arity: Int {
        switch self {
        case .single: 1
        case .negationPair, .successorPair, .orderedPair: 2
        case .kinkTriple, .orderedTriple: 3
        }
    }
}

/// One case's inputs, in the order the shape defines.
///
/// Edge cases: ordered shapes never contain NaN (a NaN draw becomes ±∞ with its sign);
/// `(x, nextUp x)` with x = +∞ or NaN repeats x.
public struct PropertyInput: Sendable, CustomStringConvertible {
    public let shape: InputShape
    public let values: [GeneratedInput]

    public init(shape: InputShape, values: [GeneratedInput]) {
        precondition(values.count == shape.arity, "\(shape) takes \(shape.arity) inputs, got \(values.count)")
        self.shape = shape
        self.values = values
    }

    /// The first input (the only one for `.single`).
    public var x: GeneratedInput { values[0] }
    public subscript(index: Int) -> GeneratedInput { values[index] }
    public var format: NumberFormat { values[0].format }

    public var description: String {
        values.count == 1 ? values[0].description : "(" + values.map(\.decimalString).joined(separator: ", ") + ")"
    }
}

/// The result of checking a law on one case.
public enum PropertyOutcome: Sendable, Hashable {
    /// The law holds.
    case pass
    /// The law is violated; `metric` measures how badly (larger is worse: ulps of error, size
    /// of a jump, …) and is what "worst metric seen" reports.
    case fail(metric: Double, note: String)
    /// The case does not apply (for example NaN where the law speaks of finite inputs). Many
    /// discards trip a health check.
    case discard

    /// `.pass` when `condition` holds, else `.fail(metric:note:)`.
    public static func require(_ condition: Bool, metric: @autoclosure () -> Double = 1,
                               _ note: @autoclosure () -> String = "") -> PropertyOutcome {
        condition ? .pass : .fail(metric: metric(), note: note())
    }

    public var isFailure: Bool { if case .fail = self { return true } else { return false } }
    public var isDiscard: Bool { self == .discard }
    /// The metric of a failure (nil otherwise).
    public var metric: Double? { if case .fail(let m, _) = self { return m } else { return nil } }
}

/// A named law over generated inputs.
///
/// ```swift
/// let p = Property("ReLU6IsMonotone", law: "a ≤ b ⇒ relu6(a) ≤ relu6(b)", shape: .orderedPair) { input in
///     let (a, b) = (input[0].double, input[1].double)
///     return .require(ReLU6()(a) <= ReLU6()(b), metric: ReLU6()(a) - ReLU6()(b))
/// }
/// ```
///
/// Edge cases: `check` must be a pure function of its input (the runner may call it from
/// several threads, and shrinking calls it again on nearby inputs).
public struct Property: Sendable {
    /// Names the random stream (with the seed and case index) and the regression file.
    public var name: String
    /// The law in words or symbols; printed with every failure.
    public var law: String
    public var shape: InputShape
    public var check: @Sendable (PropertyInput) -> PropertyOutcome

    public init(_ name: String, law: String, shape: InputShape = .single,
                check: @escaping @Sendable (PropertyInput) -> PropertyOutcome) {
        self.name = name
        self.law = law
        self.shape = shape
        self.check = check
    }
}

// MARK: - Tuples

extension GeneratedInput {
    /// −0 < +0 ordering by value, for sorting ordered tuples (NaN never reaches here).
    package func precedes(_ other: GeneratedInput) -> Bool {
        if let codec = format.codec {
            let a = codec.ordinal(bits), b = codec.ordinal(other.bits)
            return a != b ? a < b : (signBit && !other.signBit)
        }
        let a = bigFloat, b = other.bigFloat
        return a != b ? a < b : (a.signBit && !b.signBit)
    }

    /// NaN replaced by ±∞ of its sign (ordered shapes need orderable values).
    package var orderable: GeneratedInput {
        guard isNaN else { return self }
        let inf = BigFloat.infinity(precision: format.precision, negative: signBit)
        return GeneratedInput(inf, format: format, provenance: provenance)
    }
}

extension InputGenerator {
    /// The sweep phase's cases for `shape`, in order (see the type's documentation for the
    /// single inputs; tuples are built around each of them).
    package func sweepTuples(_ shape: InputShape) -> [PropertyInput] {
        let singles = sweep
        switch shape {
        case .single: return singles.map { PropertyInput(shape: shape, values: [$0]) }
        case .negationPair: return singles.map { PropertyInput(shape: shape, values: [$0, $0.negated]) }
        case .successorPair: return singles.map { PropertyInput(shape: shape, values: [$0, $0.nextUp]) }
        case .kinkTriple, .orderedTriple, .orderedPair:
            var out: [PropertyInput] = []
            for v in singles {
                if case .kink(let index, let side, _) = v.provenance, side != .at,
                   let p = plannedPosition[index] {
                    let x0 = planned[p].x0
                    let mirror = self.mirror(v, around: x0)
                    let (lo, hi) = side == .left ? (v, mirror) : (mirror, v)
                    if shape == .orderedPair {
                        out.append(PropertyInput(shape: shape, values: side == .left ? [v, x0] : [x0, v]))
                    } else {
                        out.append(PropertyInput(shape: shape, values: [lo, x0, hi]))
                    }
                    continue
                }
                if v.isNaN && shape != .kinkTriple { continue }
                let c = v.orderable
                if shape == .orderedPair {
                    out.append(PropertyInput(shape: shape, values: [c, c.nextUp]))
                } else {
                    out.append(PropertyInput(shape: shape, values: [c.nextDown, c, c.nextUp]))
                }
            }
            return out
        }
    }

    /// 2·x0 − v rounded to the format, tagged as the opposite side with the same offset.
    package func mirror(_ v: GeneratedInput, around x0: GeneratedInput) -> GeneratedInput {
        var provenance = v.provenance
        if case .kink(let index, let side, let offset) = v.provenance {
            provenance = .kink(index: index, side: side == .left ? .right : .left, offset: offset)
            if case .ulps(let n) = offset {
                var m = x0.stepped(by: side == .left ? n : -n)
                m.provenance = provenance
                return m
            }
        }
        let a = x0.bigFloat, b = v.bigFloat
        let w = Swift.max(a.precision, 64) + Swift.abs((a.exponent ?? 0) - (b.exponent ?? 0)) + 4
        var twice = BigFloat(a, precision: w).timesPowerOfTwo(1)
        twice.formDifference(with: b)
        return GeneratedInput(twice, format: format, provenance: provenance)
    }

    /// The random case for `shape` from a per-case seed (``RunSeed/caseSeed(property:format:index:)``):
    /// exactly the case a property run makes for that seed.
    package func randomTuple(_ shape: InputShape, seed: UInt64) -> PropertyInput {
        var rng = Xoshiro256StarStar(seed: seed)
        return randomTuple(shape, using: &rng)
    }

    /// The random case for `shape` drawn from `rng` (one case's whole stream).
    package func randomTuple(_ shape: InputShape, using rng: inout Xoshiro256StarStar) -> PropertyInput {
        switch shape {
        case .single:
            return PropertyInput(shape: shape, values: [randomInput(using: &rng)])
        case .negationPair:
            let x = randomInput(using: &rng)
            return PropertyInput(shape: shape, values: [x, x.negated])
        case .successorPair:
            let x = randomInput(using: &rng)
            return PropertyInput(shape: shape, values: [x, x.nextUp])
        case .kinkTriple:
            if !planned.isEmpty && rng.next(below: 4) != 0 {
                return PropertyInput(shape: shape, values: kinkTriple(&rng))
            }
            let c = randomInput(using: &rng)
            let n = ulpCount(&rng)
            return PropertyInput(shape: shape, values: [c.stepped(by: -n), c, c.stepped(by: n)])
        case .orderedPair:
            let a = randomInput(using: &rng).orderable
            let b = rng.nextBool() ? a.stepped(by: ulpCount(&rng)) : randomInput(using: &rng).orderable
            return PropertyInput(shape: shape, values: b.precedes(a) ? [b, a] : [a, b])
        case .orderedTriple:
            switch rng.next(below: 3) {
            case 0 where !planned.isEmpty:
                return PropertyInput(shape: shape, values: kinkTriple(&rng))
            case 1:
                let a = randomInput(using: &rng).orderable
                let b = a.stepped(by: ulpCount(&rng))
                return PropertyInput(shape: shape, values: [a, b, b.stepped(by: ulpCount(&rng))])
            default:
                var v = [randomInput(using: &rng).orderable, randomInput(using: &rng).orderable, randomInput(using: &rng).orderable]
                v.sort { $0.precedes($1) }
                return PropertyInput(shape: shape, values: v)
            }
        }
    }

    /// (x0 − δ, x0, x0 + δ) for a random kink and offset (n ulps or m·2⁻ᵏ on both sides).
    package func kinkTriple(_ rng: inout Xoshiro256StarStar) -> [GeneratedInput] {
        let k = planned[Int(rng.next(below: UInt64(planned.count)))]
        let r = rng.next()
        if r & 1 == 1, let range = k.aboveK ?? k.belowK {
            let (m, e) = InputGenerator.dyadicOffset(r, exponents: range)
            let offset = KinkOffset.dyadic(m: m, k: e)
            let sides = [true, false].map { below -> GeneratedInput in
                let provenance = Provenance.kink(index: k.index, side: below ? .left : .right, offset: offset)
                if let codec {
                    let delta = Double(sign: .plus, exponent: -e, significand: Double(m))
                    return GeneratedInput(bits: codec.bits(rounding: below ? k.x0Double - delta : k.x0Double + delta),
                                          format: format, provenance: provenance)
                }
                return GeneratedInput(InputGenerator.dyadicNeighbour(k.x0Big, below: below, m: m, k: e),
                                      format: format, provenance: provenance)
            }
            return [sides[0], k.x0, sides[1]]
        }
        let n = ulpCount(&rng)
        var a = k.x0.stepped(by: -n), c = k.x0.stepped(by: n)
        a.provenance = .kink(index: k.index, side: .left, offset: .ulps(n))
        c.provenance = .kink(index: k.index, side: .right, offset: .ulps(n))
        return [a, k.x0, c]
    }
}
