import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import Testing

/// Every place that reads a format name reads it through `FormatName`, so each spelling names
/// the same format everywhere: IEEEFormat (dumps' dtype), NumberFormat (case ids, regression
/// files, `bench generate`) and SweepPrecision (`converge --precisions`).
@Suite struct FormatNameTests {
    static let spellings: [(String, IEEEFormat)] = FormatName.ieeeSpellings.flatMap { entry in
        entry.names.flatMap { [($0, entry.format), ($0.uppercased(), entry.format)] }
    }

    @Test(arguments: spellings)
    func everySpellingNamesItsFormatEverywhere(_ text: String, _ format: IEEEFormat) {
        #expect(FormatName(text) == .ieee(format))
        #expect(IEEEFormat(name: text) == format)
        #expect(NumberFormat(text) == format.numberFormat)
        #expect(SweepPrecision(text)?.bits == format.precision && SweepPrecision(text) != .mpfr(format.precision))
        // The names KinkCheck prints read back as the same format.
        #expect(IEEEFormat(name: format.name) == format && IEEEFormat(name: format.shortName) == format)
        #expect(NumberFormat(format.numberFormat.name) == format.numberFormat)
    }

    @Test(arguments: ["mpfr:256", "mpfr256", "MPFR(256)"])
    func mpfrSpellingsNameMPFRWhereItMakesSense(_ text: String) {
        #expect(FormatName(text) == .mpfr(precision: 256))
        #expect(NumberFormat(text) == .mpfr(precision: 256) && SweepPrecision(text) == .mpfr(256))
        #expect(IEEEFormat(name: text) == nil, "a dtype is never MPFR")
    }

    @Test(arguments: ["", "f8", "float128", "mpfr", "mpfr:1", "mpfr:0x10", "mpfr(256", "mpfr:99999999", "binary 32", "half "])
    func anythingElseIsRefused(_ text: String) {
        #expect(FormatName(text) == nil && IEEEFormat(name: text) == nil && NumberFormat(text) == nil && SweepPrecision(text) == nil)
    }

    /// Bits alone are a precision for `converge`, not a format name.
    @Test func bareBitsAreOnlyAPrecision() {
        #expect(SweepPrecision("53") == .mpfr(53) && FormatName("53") == nil && NumberFormat("53") == nil)
    }

    /// The error text lists every spelling.
    @Test func theAcceptedListNamesEverySpelling() {
        let text = FormatName.accepted(mpfr: true)
        for (name, _) in Self.spellings where name == name.lowercased() { #expect(text.contains(name), "\(name)") }
        #expect(text.contains("mpfr:P") && !FormatName.accepted(mpfr: false).contains("mpfr"))
    }
}
