import BigFloat
import KinkCheck
import KinkCheckGeneration
import KinkCheckSupport
import BigFloat
import KinkCheck
import KinkCheckGeneration
import KinkCheckSupport

/// Cases per provenance source, with their outcomes.
package struct ProvenanceStatistics: Sendable {
    package let format: NumberFormat
    /// `special`, `kink <label>: <cell>`, `log-uniform`, `raw-bits`, `region <name>`, `regression`.
    package let source: String
    package let category: String
    package let cases: Int
    package let passed: Int
    package let failed: Int
    package let discarded: Int
}

package struct StatisticsAccumulator {
    package enum Key: Hashable {
        case special, kink(Int, KinkCell), logUniform, rawBits, region(Int), threshold, regression
    }
    /// A row's key and its provenance's category (``Provenance/category``), taken from the input.
    package struct Row { let format: NumberFormat; let key: Key; let category: String; var cases = 0, passed = 0, failed = 0, discarded = 0 }
    package var rows: [Row] = []
    package var index: [FormatKey: Int] = [:]
    package struct FormatKey: Hashable { let format: NumberFormat; let key: Key }

    package var formats: [NumberFormat] {
        var out: [NumberFormat] = []
        for r in rows where !out.contains(r.format) { out.append(r.format) }
        return out
    }

    /// The input a tuple is counted under: its first value beside a kink, else its middle (kink
    /// triples) or first value.
    package static func primary(_ input: PropertyInput) -> GeneratedInput {
        input.values.first { v in
            if case .kink(_, let side, _) = v.provenance { return side != .at } else { return false }
        } ?? (input.shape == .kinkTriple ? input[1] : input.x)
    }

    package static func key(_ input: PropertyInput) -> Key {
        switch primary(input).provenance {
        case .special: return .special
        case .kink(let i, let side, let offset): return .kink(i, KinkCell(side: side, offset: offset.offsetClass))
        case .logUniform: return .logUniform
        case .rawBits: return .rawBits
        case .region(let i): return .region(i)
        case .threshold: return .threshold
        case .regression: return .regression
        }
    }

    package mutating func record(format: NumberFormat, input: PropertyInput, outcome: PropertyOutcome) {
        let k = FormatKey(format: format, key: StatisticsAccumulator.key(input))
        let i: Int
        if let existing = index[k] { i = existing } else {
            i = rows.count
            index[k] = i
            rows.append(Row(format: format, key: k.key, category: StatisticsAccumulator.primary(input).provenance.category))
        }
        rows[i].cases += 1
        switch outcome {
        case .pass: rows[i].passed += 1
        case .fail: rows[i].failed += 1
        case .discard: rows[i].discarded += 1
        }
    }

    package func count(category: String, format: NumberFormat) -> Int {
        rows.filter { $0.format == format && $0.category == category }.reduce(0) { $0 + $1.cases - $1.discarded }
    }

    package func rows(kinks: [KinkTarget], regions: [Region]) -> [ProvenanceStatistics] {
        rows.map { r in
            let source: String
            switch r.key {
            case .kink(let i, let cell): source = "kink \(i < kinks.count ? kinks[i].label : "#\(i)"): \(cell)"
            case .region(let i): source = "region \(i < regions.count ? regions[i].name : "#\(i)")"
            default: source = r.category
            }
            return ProvenanceStatistics(format: r.format, source: source, category: r.category,
                                        cases: r.cases, passed: r.passed, failed: r.failed, discarded: r.discarded)
        }
    }
}
