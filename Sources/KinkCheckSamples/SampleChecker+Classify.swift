import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckSupport

extension SampleChecker {
    /// The class of one row (nil when it is right). `truth` is nil only for x = NaN; `zero` is
    /// the truth at x = 0 (for flush_to_zero).
    ///
    /// Rules, in precedence order (each for the value and then the derivative):
    /// 1. `not_finite`: the ulp error is infinite because one side is NaN or ±∞ (an overflow to
    ///    the ±∞ the truth rounds to is 0 ulps, so it is right). At x = NaN only the value is
    ///    checked (it must be NaN); where the truth itself is NaN (f or f′ undefined at ±∞) that
    ///    number is not checked.
    /// 2. `flush_to_zero`: the number is farther from its truth than one underflowing rounding
    ///    can put it (``beyondOneUnderflow(_:condition:)``) and either x is a nonzero subnormal and
    ///    the number is what x = 0 gives (f(0); f′(0) only where f is differentiable at 0 — beside
    ///    a kink at 0 that is `wrong_side`), or the number is ±0 and its truth rounds to a nonzero
    ///    subnormal of the dtype.
    /// 3. `outside_clarke`: x exactly at a declared or discovered kink with a Clarke set (where f is
    ///    differentiable after all, as CELU(α = 1) at 0, that set is {f′(x)}),
    ///    the derivative outside [min(lo, lo′) − K·ulp(lo), max(hi, hi′) + K·ulp(hi)] with lo′, hi′
    ///    the ends rounded to the dtype and ulp the dtype's (a NaN or ±∞ derivative there is
    ///    `not_finite`, except ±∞ at a jump).
    /// 4. `wrong_side`: x beside the nearest kink (``besideExponent``), the derivative outside
    ///    tolerance of f′(x) and within k·u·(|D| + |x·f″(x)|) + k·tiny/2 of the other side's limit D.
    /// 5. `value_inaccurate`, 6. `derivative_inaccurate` (not at a kink): outside the tolerance of
    ///    ``Accuracy``.
    /// 7. `at_jump`: x exactly at a jump, any derivative given.
    package func classify(_ row: DumpRow, truth: AccuracyTruth?, kinks: [SampleKink], zero: AccuracyTruth) -> SampleVerdict {
        let f = row.dtype
        var v = SampleVerdict(row: row, kind: nil, isDefect: false, quantity: .value, got: row.value, want: "", ulps: nil,
                              valueULPs: nil, derivativeULPs: nil)
        func flag(_ c: SampleClass, _ q: AccuracyQuantity, want: String, ulps: Double?, tolerance: SampleTolerance) -> SampleVerdict {
            var r = v
            r.kind = c
            r.isDefect = c.isDefect(allowFTZ: allowFTZ)
            r.quantity = q
            r.got = q == .value ? row.value : row.derivative ?? .nan
            r.want = want
            r.ulps = ulps
            r.tolerance = tolerance
            return r
        }
        guard let truth else {
            v.valueULPs = row.value.isNaN ? 0 : .infinity
            return row.value.isNaN ? v : flag(.notFinite, .value, want: "nan", ulps: .infinity, tolerance: SampleTolerance(expected: "nan"))
        }
        let x = row.x
        let vm = truth.value.isNaN ? nil : Accuracy.measure(computed: row.value, truth: truth, .value, in: f, k: k)
        v.valueULPs = vm?.ulps
        let atKink = x.isFinite ? kinks.first { $0.exact == x } : nil
        let g = row.derivative
        var dm: AccuracyMeasurement? = nil
        if let g, atKink == nil, !truth.derivative.isNaN {
            dm = Accuracy.measure(computed: g, truth: truth, .derivative, in: f, k: k)
        }
        v.derivativeULPs = dm?.ulps
        v.valueNarrowing = SampleNarrowing(row.value, in: f, measurement: vm)
        v.derivativeNarrowing = SampleNarrowing(g, in: f, measurement: dm)
        func want(_ m: AccuracyMeasurement) -> String { SampleVerdict.hex(m.rounded) }
        // The flag of a measured number, with the tolerance it was held to (n underflows).
        func measured(_ c: SampleClass, _ m: AccuracyMeasurement, underflows: Double? = nil) -> SampleVerdict {
            let condition = m.quantity == .value ? truth.valueCondition : truth.derivativeCondition
            return flag(c, m.quantity, want: want(m), ulps: m.ulps, tolerance: SampleTolerance(m, condition: condition, underflows: underflows))
        }
        let clarkeDue = SampleTolerance(expected: "in the Clarke set widened by \(Accuracy.ulpText(k)) ulps at each end")

        // 1. not_finite
        func notFinite(_ m: AccuracyMeasurement) -> Bool { m.ulps.isInfinite && (!m.computed.isFinite || !m.rounded.isFinite) }
        if let vm, notFinite(vm) { return measured(.notFinite, vm) }
        if let dm, notFinite(dm) { return measured(.notFinite, dm) }
        if let kink = atKink, let g, g.isNaN || (g.isInfinite && kink.classification != .jump) {
            return flag(.notFinite, .derivative, want: clarkeText(kink, f), ulps: nil,
                        tolerance: kink.clarke == nil ? SampleTolerance(expected: "a finite number") : clarkeDue)
        }

        // 2. flush_to_zero
        let leastNormal = Double(BigFloat.leastNormal(f))
        let subnormalX = x != 0 && x.isFinite && Swift.abs(x) < leastNormal
        func flushedResult(_ got: Double, _ m: AccuracyMeasurement) -> Bool {
            got == 0 && m.rounded != 0 && Swift.abs(m.rounded) < leastNormal
        }
        if let vm, beyondOneUnderflow(vm, condition: truth.valueCondition) {
            let fZero = Double(zero.value.rounded(to: f).value)
            if (subnormalX && row.value == fZero) || flushedResult(row.value, vm) {
                return measured(.flushToZero, vm, underflows: 1)
            }
        }
        if let g, let dm, beyondOneUnderflow(dm, condition: truth.derivativeCondition) {
            let kinkAtZero = kinks.contains { $0.exact == 0 && $0.classification != .differentiable }
            let likeZero = subnormalX && !kinkAtZero && !zero.derivative.isNaN
                && Accuracy.measure(computed: g, truth: zero, .derivative, in: f, k: k).withinTolerance
            if likeZero || flushedResult(g, dm) { return measured(.flushToZero, dm, underflows: 1) }
        }

        // 3. outside_clarke
        if let kink = atKink, let g, let c = kink.clarke, !clarkeContains(c, g, f) {
            return flag(.outsideClarke, .derivative, want: clarkeText(kink, f), ulps: nil, tolerance: clarkeDue)
        }

        // 4. wrong_side
        if let g, let dm, !dm.withinTolerance, let (kink, left) = nearbyKink(x, kinks),
           let other = left ? kink.rightLimit : kink.leftLimit,
           within(g, of: other, condition: truth.derivativeCondition, f) {
            return measured(.wrongSide, dm)
        }

        // 5, 6. accuracy
        if let vm, !vm.withinTolerance { return measured(.valueInaccurate, vm) }
        if let dm, !dm.withinTolerance { return measured(.derivativeInaccurate, dm) }

        // 7. at_jump
        if let kink = atKink, kink.classification == .jump, g != nil {
            return flag(.atJump, .derivative, want: "jump (no Clarke set)", ulps: nil,
                        tolerance: SampleTolerance(expected: "any number (no Clarke set at a jump: information only)"))
        }
        return v
    }

    /// g ∈ the Clarke set widened by K ulps of the dtype at each end (and by the ends' rounding).
    package func clarkeContains(_ c: DerivativeSet, _ g: Double, _ f: IEEEFormat) -> Bool {
        guard c.lower.isFinite, c.upper.isFinite else { return true }   // an estimate that failed: no verdict
        let (lo, hi) = (BigFloat(c.lower, precision: 128), BigFloat(c.upper, precision: 128))
        let loR = BigFloat(c.lower.rounded(to: f).value, precision: 128), hiR = BigFloat(c.upper.rounded(to: f).value, precision: 128)
        let kk = BigFloat(k, precision: 64)
        let lower = BigFloat.minimum(lo, loR) - kk.timesPowerOfTwo(Accuracy.ulpExponent(of: c.lower, in: f))
        let upper = BigFloat.maximum(hi, hiR) + kk.timesPowerOfTwo(Accuracy.ulpExponent(of: c.upper, in: f))
        let gb = BigFloat(g, precision: 53)
        return gb >= lower && gb <= upper
    }

    /// The Clarke set with its ends rounded to the dtype: `[0x1p-7, 0x1p+0]`.
    package func clarkeText(_ kink: SampleKink, _ f: IEEEFormat) -> String {
        guard let c = kink.clarke else { return "jump (no Clarke set)" }
        let lo = Double(c.lower.rounded(to: f).value), hi = Double(c.upper.rounded(to: f).value)
        return "[\(SampleVerdict.hex(lo)), \(SampleVerdict.hex(hi))]"
    }

    /// The nearest kink when x is beside it (0 < |x − x₀| ≤ 2^besideExponent·max(|x₀|, 1)), and
    /// whether x is on its left.
    package func nearbyKink(_ x: Double, _ kinks: [SampleKink]) -> (SampleKink, Bool)? {
        guard x.isFinite, let kink = kinks.min(by: { Swift.abs($0.approximate - x) < Swift.abs($1.approximate - x) }) else { return nil }
        let xb = BigFloat(x, precision: 53)
        guard !(xb == kink.location) else { return nil }
        let d = BigFloat.abs(xb - kink.location)
        let reach = BigFloat.maximum(BigFloat.abs(kink.location), BigFloat(1, precision: 64)).timesPowerOfTwo(Self.besideExponent)
        guard d <= reach else { return nil }
        return (kink, xb < kink.location)
    }

    /// A finite number farther from its truth than one underflowing rounding can put it:
    /// |y − f| > k·u·(|f| + condition) + λ/2 (the accuracy rule with one operation's absolute
    /// error, not k). A flush to zero is told from the rounding of an underflowing result by
    /// this, so flushing the least subnormals is caught though the accuracy rule's k·λ/2 admits
    /// a few least subnormals of error.
    package func beyondOneUnderflow(_ m: AccuracyMeasurement, condition: BigFloat) -> Bool {
        guard m.isFinite else { return false }
        let diff = BigFloat.abs(BigFloat(m.computed, precision: 53) - BigFloat(m.exact, precision: 128))
        return diff > Accuracy.tolerance(BigFloat.abs(m.exact), condition: condition, in: m.format, k: k, underflows: 1)
    }

    /// |g − D| ≤ k·u·(|D| + |x·f″(x)|) + k·(least subnormal)/2 (``Accuracy/tolerance(_:condition:in:k:)``).
    package func within(_ g: Double, of d: BigFloat, condition: BigFloat, _ f: IEEEFormat) -> Bool {
        guard g.isFinite, d.isFinite else { return false }
        let diff = BigFloat.abs(BigFloat(g, precision: 53) - BigFloat(d, precision: 128))
        return diff <= Accuracy.tolerance(BigFloat.abs(d), condition: condition, in: f, k: k)
    }
}
