import BigFloat
import KinkCheckSupport

/// A truncated Taylor series c₀ + c₁t + … + c_N·t^N whose coefficients are ``MPFRInterval``
/// enclosures: Taylor-mode automatic differentiation with outward rounding.
///
/// Evaluating a definition on the variable series x₀ + t (``init(variable:order:precision:)``)
/// gives enclosures of g⁽ⁱ⁾(x₀)/i!, i = 0 … N, where g is the function the definition's branches
/// compute at x₀. With an interval x₀ = X, coefficient i encloses g⁽ⁱ⁾(ξ)/i! for every ξ ∈ X at
/// once (each coefficient is a fixed arithmetic program in ξ, and interval arithmetic is
/// inclusion-isotone) — which is what the remainder of Taylor's theorem needs.
///
/// Branches compare the constant terms (the values) with ``MPFRInterval``'s comparisons, so a
/// comparison whose answer is not the same for every point of X is counted in the active
/// ``IntervalAmbiguity`` tracker; so is `abs` of a non-constant series whose value may be 0 (|x|
/// has no Taylor series there). A caller that relies on g being one smooth branch on X requires
/// zero ambiguities and finite coefficients: then the same straight-line program of analytic
/// functions runs at every point of X (a pole or a branch point of sqrt/log shows up as an
/// infinite or NaN coefficient).
///
/// Precision: the coefficients of a non-constant series are computed, rounded outward, at
/// `precision` bits; a constant (from a literal or ``constant(_:like:)``) has order `Int.max`
/// (all higher coefficients are exactly 0). Results take the larger precision of the operands,
/// as ``MPFRInterval`` does.
///
/// Mathematical properties: the recurrences are the standard ones (Griewank and Walther,
/// *Evaluating Derivatives*, ch. 13), with k·y_k = Σⱼ j·x_j·(…)_{k−j}:
/// exp e_k = (1/k)Σ j x_j e_{k−j}; log l_k = (x_k − (1/k)Σ_{j<k} j l_j x_{k−j})/x₀ (log1p divides
/// by 1 + x₀); sqrt r_k = (x_k − Σ_{0<j<k} r_j r_{k−j})/(2r₀); tanh y′ = (1 − y²)x′;
/// erf y′ = (2/√π)e^(−x²)x′ (erfc = −erf above order 0); sin/cos s′ = c·x′, c′ = −s·x′;
/// quotient c_k = (a_k − Σ_{j≥1} b_j c_{k−j})/b₀. Exactly-zero coefficients are skipped, so a
/// sparse argument (the variable x₀ + t has two terms) costs O(N) instead of O(N²).
///
/// Edge cases: a product 0·∞ inside a coefficient gives NaN (not 0 as in ``MPFRInterval``): a
/// series with an infinite coefficient is unusable anyway, and NaN says so.
package struct TaylorSeries: ActivationScalar, CustomStringConvertible {
    /// c₀ … c_n (n ≤ order); coefficients past the end are exactly 0.
    package private(set) var coefficients: [MPFRInterval]
    /// The truncation order N: coefficients above it are not computed. `Int.max` for a constant.
    package let order: Int
    /// Working precision of the coefficients; 0 for a constant made from an integer literal
    /// (which then holds its integer exactly at the literal's own precision).
    package let precision: Int

    package init(coefficients: [MPFRInterval], order: Int, precision: Int) {
        self.coefficients = coefficients
        self.order = order
        self.precision = precision
    }

    /// The series x₀ + t truncated at `order`, with x₀ rounded outward to `precision` bits.
    package init(variable x0: MPFRInterval, order: Int, precision: Int) {
        precondition(order >= 0)
        BigFloat.requireValidPrecision(precision)
        var lo = BigFloat(nanWithPrecision: precision), hi = BigFloat(nanWithPrecision: precision)
        lo.set(x0.lower, rounding: .down)
        hi.set(x0.upper, rounding: .up)
        var c = [MPFRInterval(lower: lo, upper: hi)]
        if order >= 1 { c.append(MPFRInterval(BigFloat(1, precision: precision))) }
        self.init(coefficients: c, order: order, precision: precision)
    }

    /// A constant series (order `Int.max`).
    package init(constant c: MPFRInterval, precision: Int) {
        self.init(coefficients: [c], order: .max, precision: precision)
    }

    package init(integerLiteral value: Int) { self.init(constant: MPFRInterval(integerLiteral: value), precision: 0) }
    package init(exactInteger n: Int) { self.init(integerLiteral: n) }

    /// The value enclosure c₀.
    package var value: MPFRInterval { coefficients[0] }
    /// Coefficient i (exactly 0 past the stored ones).
    package func coefficient(_ i: Int) -> MPFRInterval {
        i < coefficients.count ? coefficients[i] : MPFRInterval(BigFloat.zero(precision: Swift.max(precision, 2)))
    }
    package var isConstant: Bool { order == .max }
    /// True when every stored coefficient has finite ends.
    package var isFinite: Bool { coefficients.allSatisfy { $0.lower.isFinite && $0.upper.isFinite } }

    package var description: String { "TaylorSeries(order \(order == .max ? "const" : String(order)), \(coefficients))" }
}

// MARK: - Interval kernels (fixed precision, outward rounding)

/// A running interval sum at a fixed precision, rounded outward; one fused multiply-add per end
/// per product, no allocation per term. Noncopyable: its ends and temporaries are
/// ``UniqueBigFloat``s, owned outright, so the products write into them with no uniqueness check.
package struct IntervalAccumulator: ~Copyable {
    private var lower: UniqueBigFloat
    private var upper: UniqueBigFloat
    private var s1: UniqueBigFloat
    private var s2: UniqueBigFloat
    package let precision: Int

    package init(precision p: Int) {
        precision = p
        lower = UniqueBigFloat(0, precision: p)
        upper = UniqueBigFloat(0, precision: p)
        s1 = UniqueBigFloat(nanWithPrecision: p)
        s2 = UniqueBigFloat(nanWithPrecision: p)
    }

    /// Starts a new sum at +0.
    package mutating func reset() {
        lower.set(0)
        upper.set(0)
    }

    /// The sum so far, as a new interval (copies of the ends; the sum keeps its storage).
    package var interval: MPFRInterval { MPFRInterval(lower: lower.value, upper: upper.value) }

    package mutating func add(_ a: MPFRInterval) {
        lower.formSum(with: a.lower, rounding: .down)
        upper.formSum(with: a.upper, rounding: .up)
    }

    /// −1: ≤ 0; 1: ≥ 0; 0: straddles 0 (NaN counts as ≥ 0 and propagates through the products).
    @inline(__always)
    package static func signClass(_ x: MPFRInterval) -> Int {
        if x.lower.signum >= 0 { return 1 }
        if x.upper.signum <= 0 { return -1 }
        return 0
    }

    @inline(__always)
    package static func isExactZero(_ x: MPFRInterval) -> Bool { x.lower.isZero && x.upper.isZero }

    /// sum += a·b, the product's ends chosen by the signs of the factors.
    package mutating func addProduct(_ a: MPFRInterval, _ b: MPFRInterval) {
        switch (IntervalAccumulator.signClass(a), IntervalAccumulator.signClass(b)) {
        case (1, 1):
            lower.formFusedMultiplyAdd(a.lower, b.lower, rounding: .down)
            upper.formFusedMultiplyAdd(a.upper, b.upper, rounding: .up)
        case (1, -1):
            lower.formFusedMultiplyAdd(a.upper, b.lower, rounding: .down)
            upper.formFusedMultiplyAdd(a.lower, b.upper, rounding: .up)
        case (1, _):
            lower.formFusedMultiplyAdd(a.upper, b.lower, rounding: .down)
            upper.formFusedMultiplyAdd(a.upper, b.upper, rounding: .up)
        case (-1, 1):
            lower.formFusedMultiplyAdd(a.lower, b.upper, rounding: .down)
            upper.formFusedMultiplyAdd(a.upper, b.lower, rounding: .up)
        case (-1, -1):
            lower.formFusedMultiplyAdd(a.upper, b.upper, rounding: .down)
            upper.formFusedMultiplyAdd(a.lower, b.lower, rounding: .up)
        case (-1, _):
            lower.formFusedMultiplyAdd(a.lower, b.upper, rounding: .down)
            upper.formFusedMultiplyAdd(a.lower, b.lower, rounding: .up)
        case (_, 1):
            lower.formFusedMultiplyAdd(a.lower, b.upper, rounding: .down)
            upper.formFusedMultiplyAdd(a.upper, b.upper, rounding: .up)
        case (_, -1):
            lower.formFusedMultiplyAdd(a.upper, b.lower, rounding: .down)
            upper.formFusedMultiplyAdd(a.lower, b.lower, rounding: .up)
        default:
            s1.setProduct(a.lower, b.upper, rounding: .down)
            s2.setProduct(a.upper, b.lower, rounding: .down)
            if s2 < s1 { lower.formSum(with: s2, rounding: .down) } else { lower.formSum(with: s1, rounding: .down) }
            s1.setProduct(a.lower, b.lower, rounding: .up)
            s2.setProduct(a.upper, b.upper, rounding: .up)
            if s2 > s1 { upper.formSum(with: s2, rounding: .up) } else { upper.formSum(with: s1, rounding: .up) }
        }
    }

    /// sum += Σ a_j·b_{k−j} over the indices j ≤ k of `indices` (ascending; the caller leaves
    /// out those whose a_j is exactly 0): the convolution the Taylor recurrences are built from.
    package mutating func addConvolution(_ a: [MPFRInterval], at indices: [Int], with b: [MPFRInterval], order k: Int) {
        for j in indices {
            if j > k { break }
            addProduct(a[j], b[k - j])
        }
    }

    /// x·k for an integer k ≥ 1, rounded outward at `p` bits.
    package static func scaled(_ x: MPFRInterval, by k: Int, precision p: Int) -> MPFRInterval {
        if k == 1 { return x }
        return outward(x, k, precision: p) { _ = $0.setProduct($1, $2, rounding: $3) }
    }

    /// x/k for an integer k ≥ 1, rounded outward at `p` bits.
    package static func divided(_ x: MPFRInterval, by k: Int, precision p: Int) -> MPFRInterval {
        outward(x, k, precision: p) { _ = $0.setQuotient($1, $2, rounding: $3) }
    }

    /// x ∘ k for an integer k ≥ 1 (a product or quotient, monotone increasing in x), each end
    /// rounded outward at `p` bits.
    private static func outward(_ x: MPFRInterval, _ k: Int, precision p: Int,
                                _ operation: (inout BigFloat, BigFloat, BigFloat, Rounding) -> Void) -> MPFRInterval {
        let m = BigFloat(k, precision: 64)
        var lo = BigFloat(nanWithPrecision: p), hi = BigFloat(nanWithPrecision: p)
        operation(&lo, x.lower, m, .down)
        operation(&hi, x.upper, m, .up)
        return MPFRInterval(lower: lo, upper: hi)
    }

    /// x·y as an interval at `p` bits.
    package static func product(_ x: MPFRInterval, _ y: MPFRInterval, precision p: Int) -> MPFRInterval {
        if isExactZero(x) || isExactZero(y) { return MPFRInterval(BigFloat.zero(precision: p)) }
        var acc = IntervalAccumulator(precision: p)
        acc.addProduct(x, y)
        return acc.interval
    }
}

// MARK: - Arithmetic

extension TaylorSeries {
    package static func workingPrecision(_ a: TaylorSeries, _ b: TaylorSeries) -> Int {
        let p = Swift.max(a.precision, b.precision)
        return p > 0 ? p : Swift.max(a.value.precision, b.value.precision)
    }

    /// Indices of the coefficients that are not exactly 0.
    package var nonzeroIndices: [Int] {
        coefficients.indices.filter { !IntervalAccumulator.isExactZero(coefficients[$0]) }
    }

    package static func + (a: TaylorSeries, b: TaylorSeries) -> TaylorSeries {
        let order = Swift.min(a.order, b.order)
        let n = Swift.min(Swift.max(a.coefficients.count, b.coefficients.count), order == .max ? 1 : order + 1)
        var c: [MPFRInterval] = []
        c.reserveCapacity(n)
        for i in 0..<n {
            switch (i < a.coefficients.count, i < b.coefficients.count) {
            case (true, true): c.append(a.coefficients[i] + b.coefficients[i])
            case (true, false): c.append(a.coefficients[i])
            default: c.append(b.coefficients[i])
            }
        }
        return TaylorSeries(coefficients: c, order: order, precision: Swift.max(a.precision, b.precision))
    }

    package static prefix func - (a: TaylorSeries) -> TaylorSeries {
        TaylorSeries(coefficients: a.coefficients.map { -$0 }, order: a.order, precision: a.precision)
    }

    package static func - (a: TaylorSeries, b: TaylorSeries) -> TaylorSeries { a + (-b) }

    package static func * (a: TaylorSeries, b: TaylorSeries) -> TaylorSeries {
        let p = workingPrecision(a, b), order = Swift.min(a.order, b.order)
        let resultPrecision = Swift.max(a.precision, b.precision)
        if a.isConstant && b.isConstant {
            return TaylorSeries(constant: a.value * b.value, precision: resultPrecision)
        }
        let n = Swift.min(order + 1, a.coefficients.count + b.coefficients.count - 1)
        var acc = IntervalAccumulator(precision: p)
        var c: [MPFRInterval] = []
        c.reserveCapacity(n)
        let nzA = a.nonzeroIndices
        let nonzeroB = b.coefficients.map { !IntervalAccumulator.isExactZero($0) }
        for k in 0..<n {
            acc.reset()
            for j in nzA {
                if j > k { break }
                let r = k - j
                if r < nonzeroB.count && nonzeroB[r] { acc.addProduct(a.coefficients[j], b.coefficients[r]) }
            }
            c.append(acc.interval)
        }
        return TaylorSeries(coefficients: c, order: order, precision: resultPrecision)
    }

    package static func / (a: TaylorSeries, b: TaylorSeries) -> TaylorSeries {
        let p = workingPrecision(a, b), order = Swift.min(a.order, b.order)
        if !a.isConstant || !b.isConstant { noteSingularity(b.value, below: 0, inclusive: false) }
        let resultPrecision = Swift.max(a.precision, b.precision)
        if b.coefficients.count == 1 {
            let n = Swift.min(a.coefficients.count, order == .max ? 1 : order + 1)
            return TaylorSeries(coefficients: a.coefficients.prefix(n).map { $0 / b.value }, order: order, precision: resultPrecision)
        }
        // c_k = (a_k − Σ_{j≥1} b_j c_{k−j}) / b₀
        let n = order + 1
        let negatedB = b.coefficients.map { -$0 }
        let nzB = b.nonzeroIndices.filter { $0 >= 1 }
        var acc = IntervalAccumulator(precision: p)
        var c: [MPFRInterval] = []
        c.reserveCapacity(n)
        for k in 0..<n {
            acc.reset()
            if k < a.coefficients.count { acc.add(a.coefficients[k]) }
            acc.addConvolution(negatedB, at: nzB, with: c, order: k)
            c.append(acc.interval / b.value)
        }
        return TaylorSeries(coefficients: c, order: order, precision: resultPrecision)
    }
}

// MARK: - Elementary functions

extension TaylorSeries {
    /// j·x_j for j ≥ 1 (index j), with the indices where it is not exactly 0.
    package func weightedDerivative(precision p: Int) -> (terms: [MPFRInterval], nonzero: [Int]) {
        var d = [MPFRInterval](repeating: MPFRInterval(BigFloat.zero(precision: p)), count: coefficients.count)
        var nz: [Int] = []
        for j in 1..<Swift.max(1, coefficients.count) where !IntervalAccumulator.isExactZero(coefficients[j]) {
            d[j] = IntervalAccumulator.scaled(coefficients[j], by: j, precision: p)
            nz.append(j)
        }
        return (d, nz)
    }

    /// f of a series with only a value: the series f(c₀), same order and precision.
    package func mappingValue(_ f: (MPFRInterval) -> MPFRInterval) -> TaylorSeries {
        TaylorSeries(coefficients: [f(value)], order: order, precision: precision)
    }

    /// The precision coefficients of a function of this series are computed at.
    package var functionPrecision: Int { precision > 0 ? precision : value.precision }

    /// y with y_k = (scale/k)·Σ_{j=1}^{k} j·x_j·w_{k−j} for k ≥ 1, y₀ given: the solution of
    /// y′ = w·x′ when w is already known to order n − 1.
    package func integrated(_ y0: MPFRInterval, against w: [MPFRInterval]) -> [MPFRInterval] {
        let p = functionPrecision, n = order + 1
        let (dx, nz) = weightedDerivative(precision: p)
        var acc = IntervalAccumulator(precision: p)
        var y = [y0]
        y.reserveCapacity(n)
        for k in 1..<Swift.max(1, n) {
            acc.reset()
            acc.addConvolution(dx, at: nz, with: w, order: k)
            y.append(IntervalAccumulator.divided(acc.interval, by: k, precision: p))
        }
        return y
    }

    /// The series of e^x with constant term `e0` (e^x₀, or e^x₀ − 1 for expm1).
    package func exponential(replacingConstantWith e0: MPFRInterval? = nil) -> TaylorSeries {
        let p = functionPrecision, n = order + 1
        let (dx, nz) = weightedDerivative(precision: p)
        var acc = IntervalAccumulator(precision: p)
        var e = [MPFRInterval.exp(value)]
        e.reserveCapacity(n)
        for k in 1..<Swift.max(1, n) {
            acc.reset()
            acc.addConvolution(dx, at: nz, with: e, order: k)
            e.append(IntervalAccumulator.divided(acc.interval, by: k, precision: p))
        }
        if let e0 { e[0] = e0 }
        return TaylorSeries(coefficients: e, order: order, precision: precision)
    }

    /// l₀ given; l_k = (x_k − (1/k)·Σ_{j=1}^{k−1} j·l_j·x_{k−j}) / d (log: d = x₀; log1p: 1 + x₀).
    package func logarithm(_ l0: MPFRInterval, divisor d: MPFRInterval) -> TaylorSeries {
        let p = functionPrecision, n = order + 1
        let nzX = nonzeroIndices.filter { $0 >= 1 }
        var acc = IntervalAccumulator(precision: p)
        var l = [l0]
        var dl = [MPFRInterval(BigFloat.zero(precision: p))]   // j·l_j
        l.reserveCapacity(n)
        dl.reserveCapacity(n)
        for k in 1..<Swift.max(1, n) {
            acc.reset()
            for i in nzX {
                if i >= k { break }
                acc.addProduct(dl[k - i], coefficients[i])
            }
            var t = -IntervalAccumulator.divided(acc.interval, by: k, precision: p)
            if k < coefficients.count { t = t + coefficients[k] }
            let lk = t / d
            l.append(lk)
            dl.append(IntervalAccumulator.scaled(lk, by: k, precision: p))
        }
        return TaylorSeries(coefficients: l, order: order, precision: precision)
    }

    /// A non-constant series whose value reaches a singular point s of the function applied to
    /// it (a pole of 1/x at 0, the branch points of log and sqrt) has no Taylor series there: the
    /// event counts as an ambiguity, as a branch would. With `inclusive` false the value must
    /// contain s (division); otherwise its lower end at or below s suffices.
    package static func noteSingularity(_ v: MPFRInterval, below s: Int, inclusive: Bool = true) {
        let point = BigFloat(s, precision: 64)
        let touches = inclusive ? v.lower <= point : (v.lower <= point && v.upper >= point)
        if touches || v.isNaN { IntervalAmbiguity.current?.count += 1 }
    }

    package static func exp(_ x: TaylorSeries) -> TaylorSeries {
        if x.coefficients.count == 1 { return x.mappingValue(MPFRInterval.exp) }
        return x.exponential()
    }
    package static func expm1(_ x: TaylorSeries) -> TaylorSeries {
        if x.coefficients.count == 1 { return x.mappingValue(MPFRInterval.expm1) }
        return x.exponential(replacingConstantWith: MPFRInterval.expm1(x.value))
    }
    package static func log(_ x: TaylorSeries) -> TaylorSeries {
        if x.coefficients.count == 1 { return x.mappingValue(MPFRInterval.log) }
        noteSingularity(x.value, below: 0)
        return x.logarithm(MPFRInterval.log(x.value), divisor: x.value)
    }
    package static func log1p(_ x: TaylorSeries) -> TaylorSeries {
        if x.coefficients.count == 1 { return x.mappingValue(MPFRInterval.log1p) }
        noteSingularity(x.value, below: -1)
        return x.logarithm(MPFRInterval.log1p(x.value), divisor: 1 + x.value)
    }
    package static func sqrt(_ x: TaylorSeries) -> TaylorSeries {
        if x.coefficients.count == 1 { return x.mappingValue(MPFRInterval.sqrt) }
        noteSingularity(x.value, below: 0)
        let p = x.functionPrecision, n = x.order + 1
        let r0 = MPFRInterval.sqrt(x.value)
        let twoR0 = IntervalAccumulator.scaled(r0, by: 2, precision: p)
        var acc = IntervalAccumulator(precision: p)
        var r = [r0]
        r.reserveCapacity(n)
        for k in 1..<Swift.max(1, n) {
            acc.reset()
            if k < x.coefficients.count { acc.add(x.coefficients[k]) }
            for j in 1..<k { acc.addProduct(-r[j], r[k - j]) }
            r.append(acc.interval / twoR0)
        }
        return TaylorSeries(coefficients: r, order: x.order, precision: x.precision)
    }
    package static func tanh(_ x: TaylorSeries) -> TaylorSeries {
        if x.coefficients.count == 1 { return x.mappingValue(MPFRInterval.tanh) }
        // y′ = s·x′ with s = 1 − y² — but s₀ = sech²x₀ as (2e/(1 + e²))², e = e^(−|x₀|): 1 − y₀²
        // of an enclosure y₀ near ±1 is [0, 2^−p], far wider than sech²x₀ once |x₀| passes p·ln2/2
        // (the higher sₖ = −Σ yⱼyₖ₋ⱼ are products of small terms and stay tight).
        let p = x.functionPrecision, n = x.order + 1
        let (dx, nz) = x.weightedDerivative(precision: p)
        let y0 = MPFRInterval.tanh(x.value)
        let e = MPFRInterval.exp(-MPFRInterval.abs(x.value))
        let sech = 2 * e / (1 + IntervalAccumulator.product(e, e, precision: p))
        var y = [y0], s = [IntervalAccumulator.product(sech, sech, precision: p)]
        var acc = IntervalAccumulator(precision: p)
        for k in 1..<Swift.max(1, n) {
            acc.reset()
            acc.addConvolution(dx, at: nz, with: s, order: k)
            y.append(IntervalAccumulator.divided(acc.interval, by: k, precision: p))
            acc.reset()
            for j in 0...k { acc.addProduct(-y[j], y[k - j]) }
            s.append(acc.interval)
        }
        return TaylorSeries(coefficients: y, order: x.order, precision: x.precision)
    }

    /// Coefficients k ≥ 1 of erf(x): y′ = (2/√π)·e^(−x²)·x′.
    package func erfHigherTerms(_ y0: MPFRInterval) -> TaylorSeries {
        let p = functionPrecision
        let pi = MPFRInterval.pi(like: MPFRInterval(BigFloat.zero(precision: p)))
        let c = 2 / MPFRInterval.sqrt(pi)
        let e = (-(self * self)).exponential()
        let w = e.coefficients.map { IntervalAccumulator.product(c, $0, precision: p) }
        return TaylorSeries(coefficients: integrated(y0, against: w), order: order, precision: precision)
    }
    /// atan: y′ = x′/(1 + x²).
    package static func atan(_ x: TaylorSeries) -> TaylorSeries {
        if x.coefficients.count == 1 { return x.mappingValue(MPFRInterval.atan) }
        let w = (1 / (1 + x * x)).coefficients
        let n = x.order + 1
        let padded = (0..<n).map { $0 < w.count ? w[$0] : MPFRInterval(BigFloat.zero(precision: x.functionPrecision)) }
        return TaylorSeries(coefficients: x.integrated(MPFRInterval.atan(x.value), against: padded), order: x.order, precision: x.precision)
    }

    package static func erf(_ x: TaylorSeries) -> TaylorSeries {
        if x.coefficients.count == 1 { return x.mappingValue(MPFRInterval.erf) }
        return x.erfHigherTerms(MPFRInterval.erf(x.value))
    }
    package static func erfc(_ x: TaylorSeries) -> TaylorSeries {
        if x.coefficients.count == 1 { return x.mappingValue(MPFRInterval.erfc) }
        var y = x.erfHigherTerms(MPFRInterval(BigFloat.zero(precision: x.functionPrecision)))
        y.coefficients = y.coefficients.map { -$0 }
        y.coefficients[0] = MPFRInterval.erfc(x.value)
        return y
    }
    /// erfc(x)·e^(x²), the product of the two series.
    /// erfcx: y′ = w·x′ with w = 2x·y − 2/√π (erfcx′(v) = 2v·erfcx(v) − 2/√π); the value
    /// coefficient is ``MPFRInterval/erfcx(_:)``'s monotone enclosure. (erfc(x)·e^(x²) as a product
    /// of series would carry the dependency of its two factors into every coefficient.)
    package static func erfcx(_ x: TaylorSeries) -> TaylorSeries {
        if x.coefficients.count == 1 { return x.mappingValue(MPFRInterval.erfcx) }
        let p = x.functionPrecision, n = x.order + 1
        let (dx, nz) = x.weightedDerivative(precision: p)
        let c = 2 / MPFRInterval.sqrt(MPFRInterval.pi(like: MPFRInterval(BigFloat.zero(precision: p))))
        var y = [MPFRInterval.erfcx(x.value)], w: [MPFRInterval] = []
        var acc = IntervalAccumulator(precision: p)
        for k in 1..<Swift.max(1, n) {
            // w_{k−1} = 2·Σⱼ xⱼ·y_{k−1−j} (− 2/√π for k = 1), then y_k = (1/k)·Σⱼ j·xⱼ·w_{k−j}.
            acc.reset()
            for j in 0 ..< Swift.min(k, x.coefficients.count) { acc.addProduct(x.coefficients[j], y[k - 1 - j]) }
            let twice = 2 * acc.interval
            w.append(k == 1 ? twice - c : twice)
            acc.reset()
            acc.addConvolution(dx, at: nz, with: w, order: k)
            y.append(IntervalAccumulator.divided(acc.interval, by: k, precision: p))
        }
        return TaylorSeries(coefficients: y, order: x.order, precision: x.precision)
    }

    /// (sin x, cos x): s′ = c·x′, c′ = −s·x′.
    package func sineAndCosine() -> (TaylorSeries, TaylorSeries) {
        let p = functionPrecision, n = order + 1
        let (dx, nz) = weightedDerivative(precision: p)
        var s = [MPFRInterval.sin(value)], c = [MPFRInterval.cos(value)]
        var acc = IntervalAccumulator(precision: p)
        for k in 1..<Swift.max(1, n) {
            acc.reset()
            acc.addConvolution(dx, at: nz, with: c, order: k)
            let sk = IntervalAccumulator.divided(acc.interval, by: k, precision: p)
            acc.reset()
            acc.addConvolution(dx, at: nz, with: s, order: k)
            c.append(-IntervalAccumulator.divided(acc.interval, by: k, precision: p))
            s.append(sk)
        }
        return (TaylorSeries(coefficients: s, order: order, precision: precision),
                TaylorSeries(coefficients: c, order: order, precision: precision))
    }
    package static func sin(_ x: TaylorSeries) -> TaylorSeries {
        if x.coefficients.count == 1 { return x.mappingValue(MPFRInterval.sin) }
        return x.sineAndCosine().0
    }
    package static func cos(_ x: TaylorSeries) -> TaylorSeries {
        if x.coefficients.count == 1 { return x.mappingValue(MPFRInterval.cos) }
        return x.sineAndCosine().1
    }

    /// |x|: x or −x by the sign of the value; a non-constant series whose value may be 0 counts
    /// as an ambiguity (|x| is not smooth there).
    package static func abs(_ x: TaylorSeries) -> TaylorSeries {
        if x.coefficients.count == 1 { return x.mappingValue(MPFRInterval.abs) }
        if x > 0 { return x }
        if x < 0 { return -x }
        IntervalAmbiguity.current?.count += 1
        return x
    }
    package static func min(_ a: TaylorSeries, _ b: TaylorSeries) -> TaylorSeries { b < a ? b : a }
    package static func max(_ a: TaylorSeries, _ b: TaylorSeries) -> TaylorSeries { b > a ? b : a }

    package static func constant(_ c: DecimalConstant, like x: TaylorSeries) -> TaylorSeries {
        let p = x.functionPrecision
        return TaylorSeries(constant: MPFRInterval(lower: c.bigFloat(precision: p, rounding: .down),
                                                   upper: c.bigFloat(precision: p, rounding: .up)),
                            precision: x.precision)
    }
    package static func pi(like x: TaylorSeries) -> TaylorSeries {
        let p = x.functionPrecision
        return TaylorSeries(constant: MPFRInterval(lower: .pi(precision: p, rounding: .down), upper: .pi(precision: p, rounding: .up)),
                            precision: x.precision)
    }
    package static func choosingDerivative(_ value: TaylorSeries, slope: TaylorSeries, of x: TaylorSeries) -> TaylorSeries { value }

    package var isNaN: Bool { value.isNaN }
    package var isInfinite: Bool { value.isInfinite }
    package var signBit: Bool { value.signBit }

    // Comparisons look at the values only (counted by MPFRInterval when uncertain).
    package static func == (a: TaylorSeries, b: TaylorSeries) -> Bool { a.value == b.value }
    package static func < (a: TaylorSeries, b: TaylorSeries) -> Bool { a.value < b.value }
    package static func <= (a: TaylorSeries, b: TaylorSeries) -> Bool { a.value <= b.value }
    package static func > (a: TaylorSeries, b: TaylorSeries) -> Bool { a.value > b.value }
    package static func >= (a: TaylorSeries, b: TaylorSeries) -> Bool { a.value >= b.value }
}
