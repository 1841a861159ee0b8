import BigFloat
import BigFloatTestSupport
import Testing

/// `UniqueBigFloat` owns its storage: making one from a `BigFloat`, lending it out and handing it
/// back never lets a write reach a value that shares the storage, and its in-place operations
/// give exactly `BigFloat`'s results. (The suite name matches the release-build filter of
/// `scripts/test.sh`.)
@Suite struct UniqueBigFloatValueSemanticsTests {
    private func address(_ x: BigFloat) -> UInt { x.withUnsafeMPFRPointer { UInt(bitPattern: $0) } }

    @Test func madeFromASharedValueItCopiesAndLeavesTheOriginalAlone() {
        for p in [53, 256, 4096] {
            let original = BigFloat(1, precision: p) / 7
            let snapshot = original.hexString
            var u = UniqueBigFloat(original)
            let y = BigFloat(3, precision: p)
            for _ in 0..<1000 {
                u.formProduct(with: y)
                u.formSum(with: original)
                u.formFusedMultiplyAdd(y, y)
            }
            #expect(original.hexString == snapshot, "p = \(p): the BigFloat it was made from changed")
            #expect(u.value.hexString != snapshot, "p = \(p): the UniqueBigFloat did not change")
        }
    }

    @Test func madeFromAnUnsharedValueItTakesTheStorageAndGivesItBack() {
        let x = BigFloat(1, precision: 256) / 3
        let before = address(x)
        var u = UniqueBigFloat(consume x)
        u.formSum(with: BigFloat(1, precision: 256))
        let back = BigFloat(consume u)
        #expect(address(back) == before, "storage no other value shared was copied")
        #expect(back == BigFloat(4, precision: 256) / 3)
    }

    @Test func valueIsACopy() {
        var u = UniqueBigFloat(5, precision: 64)
        let v = u.value
        u.formProduct(with: BigFloat(2, precision: 64))
        #expect(v == BigFloat(5, precision: 64))
        #expect(u.value == BigFloat(10, precision: 64))
    }

    @Test func withValueUnsharesTheStorageOnlyWhenTheBodyKeptACopy() {
        var u = UniqueBigFloat(7, precision: 128)
        let one = BigFloat(1, precision: 128)
        // A body that keeps nothing: the storage stays where it is.
        let before = u.withValue { address($0) }
        u.formSum(with: one)
        let after = u.withValue { address($0) }
        #expect(before == after, "withValue copied storage nobody kept")
        // A body that keeps the value: later writes must not reach the kept copy.
        var kept: [BigFloat] = []
        for _ in 0..<100 {
            u.withValue { kept.append($0) }
            u.formSum(with: one)
        }
        for (i, k) in kept.enumerated() {
            #expect(k == BigFloat(8 + i, precision: 128), "kept copy \(i) was written through")
        }
        #expect(u.value == BigFloat(108, precision: 128))
    }

    @Test func inPlaceResultsEqualBigFloatsInPlaceResults() {
        var rng = LCG(seed: 13)
        for p in [53, 256, 4096] {
            for _ in 0..<20 {
                let a = rng.bigFloat(precision: p, exponent: -10...10)
                let b = rng.bigFloat(precision: p, exponent: -10...10)
                for rounding in Rounding.allCases {
                    func check(_ label: String, _ unique: (inout UniqueBigFloat) -> Ternary,
                               _ reference: (inout BigFloat) -> Ternary) {
                        var u = UniqueBigFloat(a)
                        var r = a
                        let tu = unique(&u), tr = reference(&r)
                        #expect(same(BigFloat(u), r) && tu == tr, "\(label), p = \(p), \(rounding)")
                    }
                    check("formSum", { $0.formSum(with: b, rounding: rounding) }, { $0.formSum(with: b, rounding: rounding) })
                    check("formDifference", { $0.formDifference(with: b, rounding: rounding) }, { $0.formDifference(with: b, rounding: rounding) })
                    check("formProduct", { $0.formProduct(with: b, rounding: rounding) }, { $0.formProduct(with: b, rounding: rounding) })
                    check("formQuotient", { $0.formQuotient(with: b, rounding: rounding) }, { $0.formQuotient(with: b, rounding: rounding) })
                    check("formSquare", { $0.formSquare(rounding: rounding) }, { $0.formSquare(rounding: rounding) })
                    check("setSum", { $0.setSum(a, b, rounding: rounding) }, { $0.setSum(a, b, rounding: rounding) })
                    check("setProduct", { $0.setProduct(b, a, rounding: rounding) }, { $0.setProduct(b, a, rounding: rounding) })
                    check("setQuotient", { $0.setQuotient(b, a, rounding: rounding) }, { $0.setQuotient(b, a, rounding: rounding) })
                    check("formFusedMultiplyAdd", { $0.formFusedMultiplyAdd(a, b, rounding: rounding) },
                          { $0.formFusedMultiplyAdd(a, b, rounding: rounding) })
                    check("set(.exp, of:)", { $0.set(.exp, of: b, rounding: rounding) }, { $0.set(.exp, of: b, rounding: rounding) })
                    check("formExp", { $0.formExp(rounding: rounding) }, { $0.formExp(rounding: rounding) })
                }
                // Integer operands, against BigFloat's compound assignments (round to nearest).
                var u7 = UniqueBigFloat(a), r7 = a
                u7.formProduct(with: 7); r7 *= 7
                u7.formQuotient(with: 3); r7 /= 3
                u7.formSum(with: 5); r7 += 5
                u7.formDifference(with: 11); r7 -= 11
                #expect(same(BigFloat(u7), r7), "integer operands, p = \(p)")
                // Operands that are themselves UniqueBigFloats, and comparisons.
                var u = UniqueBigFloat(a), v = UniqueBigFloat(b)
                u.formSum(with: v)
                #expect(same(BigFloat(u), a + b))
                #expect((v < a) == (b < a) && (v > a) == (b > a) && (v == b) && (v <= b) && (v >= b))
                #expect(v.signum == b.signum && v.exponent == b.exponent && v.isFinite && !v.isZero)
            }
        }
    }

    @Test func twoToTheKTimesIsExact() {
        var u = UniqueBigFloat(3, precision: 64)
        u.formTimesPowerOfTwo(-5)
        #expect(BigFloat(u) == BigFloat(3, precision: 64).timesPowerOfTwo(-5))
    }
}
