import BigFloat
import BigFloatTestSupport
import Testing

/// Every temporary's storage (one allocation holding MPFR's header and limbs) is freed.
@Suite(.serialized, .enabled(if: residentBytes() > 0, "reads /proc/self/statm (Linux)")) struct MemoryTests {
    /// A million temporaries (x = x·y + 1: two per iteration) after a warm-up round of the same
    /// size: resident memory may move by a few MB (other tests run concurrently), while a leak
    /// of even 32 bytes per temporary would add 64 MB. The growth is measured twice and the
    /// smaller taken, so one burst of allocation elsewhere cannot fail the test.
    @Test func aMillionTemporariesDoNotGrowResidentMemory() {
        let iterations = 500_000
        var x = BigFloat(1, precision: 256)
        let y = BigFloat(1, precision: 256) / 3
        func round() {
            for _ in 0..<iterations { x = x * y + 1 }
        }
        round()                                              // warm-up: malloc's arenas settle
        var growth = Int.max
        for _ in 0..<2 {
            let before = residentBytes()
            round(); round()                                 // a million iterations, two million temporaries
            growth = Swift.min(growth, residentBytes() - before)
        }
        #expect(residentBytes() > 0, "could not read /proc/self/statm")
        #expect(growth < 8 << 20, "resident memory grew by \(growth >> 10) KiB over two million temporaries")
        #expect(x > 1.49 && x < 1.51)                      // the loop's fixed point is 3/2
    }

    /// `UniqueBigFloat`'s ways in and out (a copy in, a move in, `value`, a move out, and
    /// `withValue` whose body keeps a copy) free what they allocate: 500 000 rounds of them,
    /// five allocations each, would add far more than 8 MB if any one leaked.
    @Test func uniqueBigFloatsDoNotLeak() {
        let rounds = 100_000
        let y = BigFloat(1, precision: 256) / 3
        var total = BigFloat.zero(precision: 256)
        func round() {
            for _ in 0..<rounds {
                var u = UniqueBigFloat(y)                      // copied: y stays shared
                var kept = BigFloat.nan(precision: 256)
                u.withValue { kept = $0 }                      // kept: u copies on return
                u.formSum(with: kept)
                var v = UniqueBigFloat(consume kept)           // moved in
                v.formProduct(with: u)
                total = v.value                                // copied out
                total = BigFloat(v)                            // moved out
            }
        }
        round()
        var growth = Int.max
        for _ in 0..<2 {
            let before = residentBytes()
            round(); round(); round(); round(); round()
            growth = Swift.min(growth, residentBytes() - before)
        }
        #expect(growth < 8 << 20, "resident memory grew by \(growth >> 10) KiB over \(5 * rounds) rounds")
        #expect(total == (y + y) * y)                          // the last round's value
    }

    /// The string paths allocate with MPFR's allocator (mpfr_get_str) and must free it too.
    @Test func formattingAndParsingDoNotLeak() throws {
        let x = BigFloat.pi(precision: 1000)
        let rounds = 20_000
        func round() throws {
            for _ in 0..<rounds {
                _ = try BigFloat(parsing: x.description, precision: 1000)    // 302 digits
                _ = x.scientificString(fractionDigits: 300)
                _ = x.hexString                                              // 1000 binary digits
                _ = x.rounded(to: .binary16)
            }
        }
        try round()
        var growth = Int.max
        for _ in 0..<2 {
            let before = residentBytes()
            try round()
            growth = Swift.min(growth, residentBytes() - before)
        }
        // Leaking any one of the three MPFR strings per round would add at least 6 MB.
        #expect(growth < 4 << 20, "resident memory grew by \(growth >> 10) KiB over \(rounds) format/parse rounds")
    }
}
