import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckReports
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

/// Decimal digits that distinguish every p-bit value: 1 + ⌈p·log₁₀2⌉.
func decimalDigits(forBits p: Int) -> Int { 1 + Int((Double(p) * 0.30102999566398120).rounded(.up)) }
