import ArgumentParser
import BigFloat
import KinkCheck

/// `kinkcheck samples`: checks what a framework computed (a dump, see scripts/dump/) against
/// MPFR truth, row by row.
struct Samples: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check framework dumps (activation, dtype, x, value, derivative) against MPFR truth.",
        discussion: """
        Each FILE is CSV with a header (columns activation, dtype, x, value, derivative; optional \
        framework, mode; any order) or JSON Lines (.jsonl) with the same keys. Numbers: hex floats \
        exact in the dtype, decimals (read as the nearest dtype number), nan, inf, -inf; an empty \
        derivative means none was given. Each row gets at most one class, in this precedence: \
        not_finite, flush_to_zero, outside_clarke, wrong_side, value_inaccurate, \
        derivative_inaccurate, at_jump (information only). Exit 0 when no row is a defect, 1 when \
        one is, 2 for bad input.
        """)

    /// Defect rows printed per group in text mode (`--json` lists all).
    static let printedDefects = 20

    enum Allowance: String, CaseIterable, ExpressibleByArgument {
        /// flush_to_zero rows are reported but do not fail the run.
        case ftz
    }

    @Argument(help: "Dump files (.csv, or .jsonl for JSON Lines).")
    var files: [String]
    @OptionGroup var variants: VariantsOption
    @OptionGroup var accuracy: AccuracyULPsOption
    @Option(name: .customLong("allow"), parsing: .singleValue, help: "ftz: flush_to_zero is not a defect (still reported).")
    var allow: [Allowance] = []
    @OptionGroup var output: JSONOption
    @Option(parsing: .unconditional, help: "Write a Markdown page with an ulp-error plot per group into this folder.")
    var report: String?
    @Flag(help: "With --report: replace the folder even if kinkcheck did not write it.")
    var force = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one dump file") }
        if report?.isEmpty == true { throw ValidationError("--report must name a folder") }
    }

    func run() throws {
        let folder = try report.map { try ReportFolder($0, force: force, option: "--report") }
        if let note = folder?.cleanStaleTemporaries() { FileHandleOutput.standardError(note) }
        var rows: [DumpRow] = []
        for (i, path) in files.enumerated() {
            do { rows += try DumpReader.read(path: path, fileIndex: i) } catch { throw InputError(error.description) }
        }
        let activations = try resolve(rows)
        let result = SampleChecker(k: accuracy.ulps, allowFTZ: allow.contains(.ftz)).check(rows, activations: activations)
        if output.json { print(json(result).rendered()) } else { print(text(result), terminator: "") }
        if let folder { try folder.write(SamplesReport.files(result, sources: files)) }
        if !result.holds { throw ExitCode(1) }
    }

    /// Every spec once; an unknown one is an error naming the first row that uses it.
    func resolve(_ rows: [DumpRow]) throws -> [String: any Activation] {
        let file = try variants.load()
        var out: [String: any Activation] = [:]
        for r in rows where out[r.activation] == nil {
            do { out[r.activation] = try parseActivation(r.activation, variants: file) } catch {
                let why = (error as? SpecError)?.description ?? (error as? InputError)?.message ?? "\(error)"
                throw InputError(DumpError(file: files[r.file], row: r.row, column: "activation", why).description)
            }
        }
        return out
    }

    func place(_ r: DumpRow) -> String { files.count > 1 ? "\(r.file + 1):\(r.row)" : "\(r.row)" }

    func text(_ result: SampleCheckResult) -> String {
        func ulps(_ m: (ulps: Double, x: Double)?) -> String {
            m.map { "\(Accuracy.ulpText($0.ulps)) (x = \(SampleVerdict.hex($0.x)))" } ?? "·"
        }
        func classes(_ g: SampleGroup) -> String {
            g.counts.isEmpty ? "none" : g.classCounts.map { "\($0.0.rawValue) \($0.1)" }.joined(separator: ", ")
        }
        let table = [["framework", "mode", "dtype", "activation", "rows", "max value ulps (at x)", "max derivative ulps (at x)", "classes"]]
            + result.groups.map { g in
                [g.framework, g.mode, g.dtype.name, g.activation, String(g.rows), ulps(g.maxValueULPs), ulps(g.maxDerivativeULPs), classes(g)]
            }
        var out = columns(table)
        for g in result.groups where !g.flagged.isEmpty {
            out += "\n\(g.framework) \(g.mode) \(g.dtype.name) \(g.activation):\n"
            var lines = [["row", "x", "quantity", "got", "want", "ulps", "class"]]
            for i in g.flagged.prefix(Self.printedDefects) {
                let v = result.verdicts[i]
                lines.append([place(v.row), SampleVerdict.hex(v.row.x), v.quantity.rawValue, SampleVerdict.hex(v.got), v.want,
                              v.ulps.map(Accuracy.ulpText) ?? "·", v.kind!.rawValue + (v.isDefect ? "" : " (not a defect)")])
            }
            out += columns(lines, indent: "  ")
            if g.flagged.count > Self.printedDefects { out += "  … and \(g.flagged.count - Self.printedDefects) more (--json lists all)\n" }
        }
        let defects = result.verdicts.filter(\.isDefect).count
        out += "\n\(result.verdicts.count) rows in \(result.groups.count) groups (k = \(Accuracy.ulpText(result.k))): "
            + (defects == 0 ? "no defect" : "\(defects) defect row(s)") + "\n"
        return out
    }

    /// Left-aligned columns, two spaces apart.
    func columns(_ rows: [[String]], indent: String = "") -> String {
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { r in indent + r.indices.map { r[$0].padded(to: widths[$0]) }.joined(separator: "  ").trimmingBlanks + "\n" }.joined()
    }

    func json(_ result: SampleCheckResult) -> JSON {
        func ulps(_ u: Double?) -> JSON { u.map { .string(Accuracy.ulpText($0)) } ?? .null }
        let groups: [JSON] = result.groups.map { g in
            .object([("framework", .string(g.framework)), ("mode", .string(g.mode)), ("dtype", .string(g.dtype.name)),
                     ("activation", .string(g.activation)), ("rows", .int(g.rows)),
                     ("max_value_ulps", ulps(g.maxValueULPs?.ulps)), ("max_derivative_ulps", ulps(g.maxDerivativeULPs?.ulps)),
                     ("defects", .object(g.classCounts.map { ($0.0.rawValue, .int($0.1)) }))])
        }
        let defects: [JSON] = result.defects.map { v in
            var pairs: [(String, JSON)] = files.count > 1 ? [("file", .int(v.row.file + 1))] : []
            pairs += [("row", .int(v.row.row)), ("framework", .string(v.row.framework)), ("mode", .string(v.row.mode)),
                      ("dtype", .string(v.row.dtype.name)), ("activation", .string(v.row.activation)),
                      ("x", .string(SampleVerdict.hex(v.row.x))), ("class", .string(v.kind!.rawValue)),
                      ("quantity", .string(v.quantity.rawValue)), ("defect", .bool(v.isDefect)),
                      ("got", .string(SampleVerdict.hex(v.got))), ("want", .string(v.want)), ("ulps", ulps(v.ulps))]
            return .object(pairs)
        }
        return .object([("rows", .int(result.verdicts.count)), ("holds", .bool(result.holds)), ("k", .string(Accuracy.ulpText(result.k))),
                        ("groups", .array(groups)), ("defects", .array(defects))])
    }
}
