import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckReports
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

/// A decimal string cut to 20 significant digits for a terminal (JSON keeps all of them).
func short(_ decimal: String) -> String {
    guard let v = BigFloat(decimal, precision: 128) else { return decimal }
    return v.decimalString(significantDigits: 20).trimmingFractionZeros
}

/// Decimal digits that distinguish every p-bit value: 1 + ⌈p·log₁₀2⌉.
func decimalDigits(forBits p: Int) -> Int { 1 + Int((Double(p) * 0.30102999566398120).rounded(.up)) }
