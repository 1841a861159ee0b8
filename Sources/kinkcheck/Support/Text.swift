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

/// A word as a POSIX shell reads it back: unchanged when it holds only letters, digits and
/// `_-.,:=/+@%^`, else in single quotes (a quote inside as `'\''`).
func shellQuoted(_ word: String) -> String {
    let plain = !word.isEmpty && word.unicodeScalars.allSatisfy {
        ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "_-.,:=/+@%^".unicodeScalars.contains($0)
    }
    return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
