import BigFloat
import BigFloatTestSupport
import CMPFR
import Testing

/// In-place operations whose input is their output, and copy-on-write: a copy never sees a
/// mutation of the value it was copied from.
@Suite struct ValueSemanticsTests {
    let three = BigFloat(3, precision: 64)

    @Test func formProductWithItself() {
        var x = three
        let copy = x
        x.formProduct(with: x)
        #expect(x == BigFloat(9, precision: 64) && copy == three)
        x *= x
        #expect(x == BigFloat(81, precision: 64) && copy == three)
        x.formSquare()
        #expect(x == BigFloat(6561, precision: 64))
    }

    @Test func setSumOfItselfAndItself() {
        var x = three
        let copy = x
        x.setSum(x, x)
        #expect(x == BigFloat(6, precision: 64) && copy == three)
        x.setProduct(x, x)
        #expect(x == BigFloat(36, precision: 64))
        x.setDifference(x, x)
        #expect(x.isZero && !x.signBit)
        x = three
        x.setQuotient(x, x)
        #expect(x == BigFloat(1, precision: 64))
        x = three
        x.formFusedMultiplyAdd(x, x)        // x + x·x
        #expect(x == BigFloat(12, precision: 64))
        x = three
        x.set(.exp, of: x)
        #expect(same(x, BigFloat.exp(three)))
        x = three
        x.set(x)
        #expect(x == three)
    }

    @Test func compoundAssignmentWithItself() {
        var x = three
        x += x
        #expect(x == BigFloat(6, precision: 64))
        x -= x
        #expect(x.isZero)
        x = three
        x /= x
        #expect(x == BigFloat(1, precision: 64))
        // Through a second variable sharing the storage.
        var y = three
        let z = y
        y += z
        #expect(y == BigFloat(6, precision: 64) && z == three)
    }

    @Test func copiesAreUnaffectedByEveryMutatingMethod() {
        let original = BigFloat(1, precision: 80) / 7
        let snapshot = original.hexString
        func check(_ label: String, _ mutate: (inout BigFloat) -> Void) {
            var copy = original
            mutate(&copy)
            #expect(original.hexString == snapshot, "\(label) changed the value it was copied from")
            #expect(copy.hexString != snapshot, "\(label) did not change the copy")
        }
        let y = BigFloat(3, precision: 80)
        check("formSum") { $0.formSum(with: y) }
        check("formDifference") { $0.formDifference(with: y) }
        check("formProduct") { $0.formProduct(with: y) }
        check("formQuotient") { $0.formQuotient(with: y) }
        check("formSquare") { $0.formSquare() }
        check("negate") { $0.negate() }
        check("formMagnitude") { $0 = -$0; $0.formMagnitude(); $0.formNextUp() }
        check("formNextUp") { $0.formNextUp() }
        check("formNextDown") { $0.formNextDown() }
        check("formExp") { $0.formExp() }
        check("form(.sin)") { $0.form(.sin) }
        check("set(_:of:)") { $0.set(.cos, of: y) }
        check("setSum") { $0.setSum(y, y) }
        check("formFusedMultiplyAdd") { $0.formFusedMultiplyAdd(y, y) }
        check("set(Double)") { $0.set(0.25) }
        check("set(Int)") { $0.set(5) }
        check("+= Int") { $0 += 1 }
        check("*= Double") { $0 *= 2.5 }
        check("withUnsafeMutableMPFRPointer") { x in x.withUnsafeMutableMPFRPointer { _ = mpfr_neg($0, $0, MPFR_RNDN) } }
        // Many copies, one mutation.
        let copies = Array(repeating: original, count: 5)
        var mutated = copies[2]
        mutated.formExp()
        #expect(copies.allSatisfy { $0.hexString == snapshot })
    }

    @Test func inPlaceResultsEqualTheirOperatorForms() {
        var rng = LCG(seed: 11)
        for p in [53, 256, 4096] {
            for _ in 0..<20 {
                let a = rng.bigFloat(precision: p, exponent: -10...10)
                let b = rng.bigFloat(precision: p, exponent: -10...10)
                var s = a; s.formSum(with: b)
                var d = a; d.formDifference(with: b)
                var m = a; m.formProduct(with: b)
                var q = a; q.formQuotient(with: b)
                #expect(same(s, a + b) && same(d, a - b) && same(m, a * b) && same(q, a / b), "p = \(p)")
                var r = BigFloat.nan(precision: p)
                r.setProduct(a, b)
                #expect(same(r, a * b))
            }
        }
    }

    /// The case an optimizer could break: a copy taken right before in-place writes to the value
    /// it was copied from, and read only afterwards. Were the copy's retain moved past the
    /// uniqueness check, or the check wrong, the writes would land in the shared storage and the
    /// saved copies would all hold the last value. `scripts/test.sh` runs this in a release build
    /// too.
    @Test func copiesTakenInsideAnInPlaceLoopKeepTheirValues() {
        for p in [53, 256, 4096] {
            let y = BigFloat(3, precision: p)
            var x = BigFloat(1, precision: p) / 7
            let start = x
            var saved: [BigFloat] = []
            for _ in 0..<200 {
                saved.append(x)
                x.formProduct(with: y)
                x.formSum(with: y)
                x.formQuotient(with: y)               // x ← (3x + 3)/3 = x + 1, rounded
            }
            var expected = start
            for (i, s) in saved.enumerated() {
                #expect(same(s, expected), "p = \(p): copy \(i) was written through the shared storage")
                expected = (expected * y + y) / y
            }
            #expect(same(x, expected), "p = \(p)")
            #expect(same(start, BigFloat(1, precision: p) / 7), "p = \(p): the first value changed")
        }
    }

    /// A copy of a value, mutated in place in a loop, leaves the value it was copied from alone.
    @Test func aCopyMutatedInPlaceLeavesTheOriginalAlone() {
        for p in [53, 256, 4096] {
            let original = BigFloat.sqrt(BigFloat(2, precision: p))
            let snapshot = original.hexString
            var copy = original
            let y = BigFloat(1, precision: p) / 3
            for _ in 0..<1000 {
                copy.formProduct(with: y)
                copy.formSum(with: original)
                copy.formFusedMultiplyAdd(y, y)
            }
            #expect(original.hexString == snapshot, "p = \(p): the original changed")
            #expect(copy.hexString != snapshot, "p = \(p): the copy did not change")
        }
    }

    @Test func inPlaceOperationsDoNotReallocateUnsharedStorage() {
        var x = BigFloat(1, precision: 256)
        let y = BigFloat(1, precision: 256) / 3
        let before = x.withUnsafeMPFRPointer { UInt(bitPattern: $0) }
        for _ in 0..<100 {
            x.formProduct(with: y); x.formSum(with: y); x.formExp(); x += 1; x *= 0.5
        }
        let after = x.withUnsafeMPFRPointer { UInt(bitPattern: $0) }
        #expect(before == after, "an in-place operation on unshared storage moved it")
        var z = x
        z.formSum(with: y)
        #expect(z.withUnsafeMPFRPointer { UInt(bitPattern: $0) } != after, "a shared value was written in place")
    }
}
