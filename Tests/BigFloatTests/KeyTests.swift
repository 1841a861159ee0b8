import BigFloat
import Testing

/// `BigFloat.Key` (exact bits as a dictionary key) and `significantBits`/`trimmed`.
@Suite struct KeyTests {
    @Test func keysAreEqualExactlyForTheSameBitsAtTheSamePrecision() throws {
        let third = BigFloat(1, precision: 200) / BigFloat(3, precision: 200)
        let copy = BigFloat(third, precision: 200)
        #expect(BigFloat.Key(third) == BigFloat.Key(copy))
        #expect(BigFloat.Key(third).hashValue == BigFloat.Key(copy).hashValue)
        // The last bit, far beyond a Double's 53, tells keys apart (and spreads their hashes).
        #expect(BigFloat.Key(third) != BigFloat.Key(third.nextUp))
        // The same number at another precision is another key.
        #expect(BigFloat.Key(BigFloat(0.5, precision: 64)) != BigFloat.Key(BigFloat(0.5, precision: 65)))
        // Signed zeros differ; NaN equals NaN; infinities by sign.
        #expect(BigFloat.Key(.zero(precision: 64)) != BigFloat.Key(.zero(precision: 64, negative: true)))
        #expect(BigFloat.Key(.nan(precision: 64)) == BigFloat.Key(.nan(precision: 64)))
        #expect(BigFloat.Key(.infinity(precision: 64)) != BigFloat.Key(.infinity(precision: 64, negative: true)))
        #expect(BigFloat.Key(BigFloat(2, precision: 64)) != BigFloat.Key(BigFloat(-2, precision: 64)))
    }

    @Test func nodesBesideAnEndAreDistinctKeysInADictionary() throws {
        // 4096 values 1 − k·2^−150: equal as Doubles, distinct as keys.
        let one = BigFloat(1, precision: 160)
        var table: [BigFloat.Key: Int] = [:]
        for k in 0..<4096 { table[BigFloat.Key(one - BigFloat(k, precision: 160).timesPowerOfTwo(-150))] = k }
        #expect(table.count == 4096)
        #expect(table[BigFloat.Key(one - BigFloat(77, precision: 160).timesPowerOfTwo(-150))] == 77)
        let hashes = Set(table.keys.map(\.hashValue))
        #expect(hashes.count > 4000, "\(hashes.count) distinct hashes")
    }

    @Test func trimmedKeepsTheValueAtTheFewestBits() throws {
        #expect(BigFloat(1.5, precision: 2200).significantBits == 2)
        #expect(BigFloat(1.5, precision: 2200).trimmed.precision == 2)
        #expect(BigFloat.zero(precision: 300).trimmed.precision == BigFloat.minimumPrecision)
        // The midpoint of 1 and 2^−1000 needs 1002 bits, exactly.
        var m = BigFloat(nanWithPrecision: 2200)
        m.setSum(BigFloat(1, precision: 53), BigFloat(1, precision: 53).timesPowerOfTwo(-1000))
        m = m.timesPowerOfTwo(-1)
        #expect(m.significantBits == 1001)
        #expect(m.trimmed == m && m.trimmed.precision == 1001)
        #expect(BigFloat.nan(precision: 100).trimmed.isNaN)
        #expect(BigFloat.infinity(precision: 100, negative: true).trimmed == BigFloat.infinity(precision: 2, negative: true))
    }
}
