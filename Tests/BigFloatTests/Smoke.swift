import Testing
@testable import BigFloat
@Test func smoke() throws {
    let x = BigFloat(1, precision: 53) / 3
    print("third", x, x.hexString, x.scientificString(fractionDigits: 6))
    let y = try BigFloat(parsing: "0x1.8p+3", precision: 53); print("hex", y, y.hexString)
    print("ln2", BigFloat.ln2(precision: 200))
    print("sub", try BigFloat(parsing: "1e-310", precision: 200).rounded(to: .binary64).value.hexString, Double(try BigFloat(parsing: "1e-310", precision: 200)))
    print("lit", (0.5 as BigFloat).precision, (6 as BigFloat).precision, (BigFloat(1, precision: 100) + 6).precision)
    var z = BigFloat(3, precision: 64); let w = z; z *= z; print("alias", z, w)
    print("bad", (try? BigFloat(parsing: "1.2.3", precision: 53)) as Any, (try? BigFloat(parsing: " 1", precision: 53)) as Any, try BigFloat(parsing: "-0", precision: 53), try BigFloat(parsing: "-Inf", precision: 53))
    print("big", BigFloat(1e300, precision: 53) * 1e300, BigFloat(123456789, precision: 60), BigFloat(0.000123, precision: 53), BigFloat(1e22, precision: 80))
    print("h16", try BigFloat(parsing: "65520", precision: 64).rounded(to: .binary16).value, try BigFloat(parsing: "65519", precision: 64).rounded(to: .binary16).value)
    print("ulp", BigFloat(1, precision: 53).ulp, BigFloat.zero(precision: 53).ulp.exponent as Any, BigFloat.isThreadSafe)
}
