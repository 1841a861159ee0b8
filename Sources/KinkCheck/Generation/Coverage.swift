/// What a run must exercise, checked after a passing run. Unmet contracts are warnings
/// locally and errors under `CI`.
///
/// Edge cases: cells a format cannot reach (no finite value above a kink at the largest finite
/// number, a kink that overflows the format) are not required.
public struct CoverageContract: Sendable, Hashable {
    /// Every reachable kink × side × offset class cell (see ``KinkCell``) must be hit.
    public var kinkCells: Bool
    /// Hits each required cell needs (non-discarded cases).
    public var minimumHitsPerCell: Int
    /// Provenance categories (``Provenance/category``) that must each appear at least once per
    /// format, e.g. `["special", "log-uniform"]`.
    public var requiredCategories: [String]

    public init(kinkCells: Bool = true, minimumHitsPerCell: Int = 1, requiredCategories: [String] = []) {
        self.kinkCells = kinkCells
        self.minimumHitsPerCell = minimumHitsPerCell
        self.requiredCategories = requiredCategories
    }

    /// Every reachable kink cell at least once (the default).
    public static let kinkNeighbourhoods = CoverageContract()
    /// No requirement.
    public static let none = CoverageContract(kinkCells: false)

    func check(_ coverage: [KinkCoverage], statistics: StatisticsAccumulator, severity: HealthFinding.Severity,
               property: String) -> [HealthFinding] {
        var out: [HealthFinding] = []
        if kinkCells {
            for k in coverage {
                let missing = k.cells.filter { $0.reachable && $0.hits < minimumHitsPerCell }
                if !missing.isEmpty {
                    out.append(HealthFinding(severity: severity, kind: .coverage,
                        message: "\(property): coverage contract unmet in \(k.format) for \(k.label): " +
                            missing.map { "\($0.cell) (\($0.hits) hit\($0.hits == 1 ? "" : "s"))" }.joined(separator: ", ") +
                            " — need \(minimumHitsPerCell) each; is the sweep off, or are these inputs discarded?"))
                }
            }
        }
        for category in requiredCategories {
            for format in statistics.formats where statistics.count(category: category, format: format) == 0 {
                out.append(HealthFinding(severity: severity, kind: .coverage,
                                         message: "\(property): coverage contract unmet in \(format): no \(category) inputs were run"))
            }
        }
        return out
    }
}

/// Hits per coverage cell of one kink in one format.
public struct KinkCoverage: Sendable {
    public struct Cell: Sendable {
        public let cell: KinkCell
        public let hits: Int
        public let reachable: Bool
    }
    public let format: NumberFormat
    public let kinkIndex: Int
    public let label: String
    public let cells: [Cell]

    /// True when every reachable cell was hit at least once.
    public var isComplete: Bool { cells.allSatisfy { !$0.reachable || $0.hits > 0 } }
}

struct CoverageAccumulator {
    var hits: [Int]
    init(kinkCount: Int) { hits = Array(repeating: 0, count: kinkCount * KinkCell.allCases.count) }

    mutating func record(_ input: PropertyInput) {
        for v in input.values {
            if case .kink(let index, let side, let offset) = v.provenance, index * 5 + 4 < hits.count {
                hits[index * 5 + KinkCell(side: side, offset: offset.offsetClass).rawValue] += 1
            }
        }
    }

    func report(format: NumberFormat, generator: InputGenerator, kinks: [KinkTarget]) -> [KinkCoverage] {
        kinks.indices.map { i in
            let reachable = Set(generator.reachableCells(ofKink: i))
            return KinkCoverage(format: format, kinkIndex: i, label: kinks[i].label,
                                cells: KinkCell.allCases.map { KinkCoverage.Cell(cell: $0, hits: hits[i * 5 + $0.rawValue], reachable: reachable.contains($0)) })
        }
    }
}

/// Cases per provenance source, with their outcomes.
public struct ProvenanceStatistics: Sendable {
    public let format: NumberFormat
    /// `special`, `kink <label>: <cell>`, `log-uniform`, `raw-bits`, `region <name>`, `regression`.
    public let source: String
    public let category: String
    public let cases: Int
    public let passed: Int
    public let failed: Int
    public let discarded: Int
}

struct StatisticsAccumulator {
    enum Key: Hashable {
        case special, kink(Int, KinkCell), logUniform, rawBits, region(Int), threshold, regression
    }
    /// A row's key and its provenance's category (``Provenance/category``), taken from the input.
    struct Row { let format: NumberFormat; let key: Key; let category: String; var cases = 0, passed = 0, failed = 0, discarded = 0 }
    var rows: [Row] = []
    var index: [FormatKey: Int] = [:]
    struct FormatKey: Hashable { let format: NumberFormat; let key: Key }

    var formats: [NumberFormat] {
        var out: [NumberFormat] = []
        for r in rows where !out.contains(r.format) { out.append(r.format) }
        return out
    }

    /// The input a tuple is counted under: its first value beside a kink, else its middle (kink
    /// triples) or first value.
    static func primary(_ input: PropertyInput) -> GeneratedInput {
        input.values.first { v in
            if case .kink(_, let side, _) = v.provenance { return side != .at } else { return false }
        } ?? (input.shape == .kinkTriple ? input[1] : input.x)
    }

    static func key(_ input: PropertyInput) -> Key {
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

    mutating func record(format: NumberFormat, input: PropertyInput, outcome: PropertyOutcome) {
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

    func count(category: String, format: NumberFormat) -> Int {
        rows.filter { $0.format == format && $0.category == category }.reduce(0) { $0 + $1.cases - $1.discarded }
    }

    func rows(kinks: [KinkTarget], regions: [Region]) -> [ProvenanceStatistics] {
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

/// A problem with how a property was run (as opposed to a counterexample to its law).
public struct HealthFinding: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable { case warning, error }
    public enum Kind: String, Sendable, Hashable { case discards, coverage, regressions, environment }
    public let severity: Severity
    public let kind: Kind
    public let message: String
    public var description: String { "\(severity.rawValue): \(message)" }
}
