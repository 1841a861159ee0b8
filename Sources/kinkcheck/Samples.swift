import ArgumentParser
import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckReports
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

/// `kinkcheck samples`: checks what a framework computed (a dump, see scripts/dump/) against
/// MPFR truth, row by row.
struct Samples: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check framework dumps (activation, dtype, x, value, derivative) against MPFR truth.",
        discussion: """
        Each FILE is CSV with a header (columns activation, dtype, x, value, derivative; optional \
        framework, mode, framework_version, device; any order) or JSON Lines (.jsonl) with the same keys, \
        or a .npy array of shape (N, 3) (x, value, derivative per row, in the dtype's layout) with \
        its sidecar FILE.npy.json naming activation and dtype, as the dump scripts write them. \
        Numbers: hex floats exact in the dtype, decimals (read as the nearest dtype number), nan, \
        inf, -inf; an empty derivative means none was given. A column named twice, a row with more or fewer fields \
        than the header and an empty file are bad input. Files are read in chunks (twice when \
        larger than \(heldRows) rows), never whole. Each row gets at most one class, in this precedence: \
        not_finite, flush_to_zero, outside_clarke, wrong_side, value_inaccurate, \
        derivative_inaccurate, at_jump (information only). Every flagged row shows its ulp error \
        beside the tolerance it was held to, k·u·|f| + k·u·|x·f′| + n·λ/2 in ulps (rounding + \
        conditioning + underflow), or what was due where no ulp count applies. A float64 group \
        whose nonzero values (or derivatives) are all float32 numbers, some of them wrong where the \
        truth is not one, is reported as computed in float32 (narrowed); --allow ftz does not \
        excuse its flushes. Exit 0 when no row is a defect, 1 when one is, 2 for bad input.
        """)

    /// Defect rows printed per group in text mode (`--json` lists all).
    static let printedDefects = 20

    enum Allowance: String, CaseIterable, ExpressibleByArgument {
        /// flush_to_zero rows are reported but do not fail the run.
        case ftz
    }

    @Argument(help: "Dump files (.csv; .jsonl for JSON Lines; .npy with a sidecar .npy.json).")
    var files: [String]
    @OptionGroup var variants: VariantsOption
    @OptionGroup var accuracy: AccuracyULPsOption
    @Option(name: .customLong("allow"), parsing: .singleValue, help: "ftz: flush_to_zero is not a defect (still reported).")
    var allow: [Allowance] = []
    @OptionGroup var output: JSONOption
    @Option(parsing: .unconditional, help: "Write a Markdown page with its plots per group into this folder.")
    var report: String?
    @Flag(help: "With --report: replace the folder even if kinkcheck did not write it.")
    var force = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one dump file") }
        if report?.isEmpty == true { throw ValidationError("--report must name a folder") }
    }

    /// Rows kept from the first pass, so that a dump of up to this many rows is read once; a
    /// larger one is read again, a chunk of ``chunkRows`` rows at a time.
    static let heldRows = 1 << 14
    static let chunkRows = 1 << 14

    func run() throws {
        let folder = try report.map { try ReportFolder($0, force: force, option: "--report") }
        if let note = folder?.cleanStaleTemporaries() { FileHandleOutput.standardError(note) }
        var multiRows: [DumpRow] = []
        let result = try check(keepErrors: folder != nil, multiRows: &multiRows)
        let multi = try checkMultiInput(multiRows, keepPoints: folder != nil)
        if output.json {
            var doc = json(result)
            if let multi, case .object(var pairs) = doc {
                pairs.append(("several_inputs", multiJSON(multi)))
                doc = .object(pairs)
            }
            print(doc.rendered())
        } else {
            if result.rows > 0 || multi == nil { print(text(result), terminator: "") }
            if let multi { print(multiText(multi), terminator: "") }
        }
        if let folder { try folder.write(SamplesReport.files(result, multi: multi, sources: files)) }
        if !result.holds || multi?.holds == false { throw ExitCode(1) }
    }

    /// Every row checked. First pass: every row read (so bad input stops the run before anything
    /// is computed), the specs and the range of x each is used over; the rows are kept while
    /// there are at most ``heldRows``. Second pass, only for a larger dump: the files read again,
    /// a chunk of rows checked at a time.
    func check(keepErrors: Bool, multiRows: inout [DumpRow]) throws -> SampleCheckResult {
        var survey = SampleSurvey()
        var held: [DumpRow] = [], holding = true
        var multi: [DumpRow] = []
        var tooMany = false
        try forEachRow { row in
            // Rows of several inputs go to their own check (held: such dumps are small).
            if row.inputs != nil {
                if multi.count < Self.multiInputRows { multi.append(row) } else { tooMany = true }
                return
            }
            survey.add(row)
            guard holding else { return }
            if held.count < Self.heldRows { held.append(row) } else { holding = false; held = [] }
        }
        if tooMany { throw InputError("more than \(Self.multiInputRows) rows of activations of several inputs: split the dump (their check holds every row)") }
        multiRows = multi
        var run = SampleRun(SampleChecker(k: accuracy.ulps, allowFTZ: allow.contains(.ftz)), survey: survey,
                            activations: try resolve(survey), keepErrors: keepErrors)
        guard !holding else {
            for start in stride(from: 0, to: held.count, by: Self.chunkRows) {
                run.add(Array(held[start ..< Swift.min(start + Self.chunkRows, held.count)]))
            }
            return run.result()
        }
        var chunk: [DumpRow] = []
        chunk.reserveCapacity(Self.chunkRows)
        // A file that changed since the first pass could hold specs or x values the kinks were
        // not found for: it is refused.
        var changed: String? = nil
        try forEachRow { row in
            guard changed == nil, row.inputs == nil else { return }
            guard survey.covers(row) else { changed = files[row.file]; return }
            chunk.append(row)
            if chunk.count == Self.chunkRows { run.add(chunk); chunk.removeAll(keepingCapacity: true) }
        }
        run.add(chunk)
        if changed == nil && run.result().rows != survey.rows { changed = files.count == 1 ? files[0] : "a dump file" }
        if let changed { throw InputError("\(changed): changed while it was being read; check a copy that is not being written to") }
        return run.result()
    }

    /// The most rows of activations of several inputs one run holds.
    static let multiInputRows = 1 << 20

    /// The rows of activations of several inputs checked (nil when there are none); a spec that
    /// is not one, or a row whose inputs do not match its arity, is bad input naming the row.
    func checkMultiInput(_ rows: [DumpRow], keepPoints: Bool) throws -> MultiInputSampleResult? {
        guard !rows.isEmpty else { return nil }
        var functions: [String: any MultiInputActivation] = [:]
        let file = try variants.load()
        for r in rows {
            if functions[r.activation] == nil {
                let f: (any MultiInputActivation)?
                do { f = try parseMultiInputActivation(r.activation, variants: file) } catch {
                    throw InputError(DumpError(file: files[r.file], row: r.row, column: "activation", (error as? InputError)?.message ?? "\(error)").description)
                }
                guard let f else {
                    throw InputError(DumpError(file: files[r.file], row: r.row, column: "x",
                                               "\(r.activation) takes one input; x holds \(r.inputs!.count) (joined by ';')").description)
                }
                functions[r.activation] = f
            }
            let n = functions[r.activation]!.arity
            guard r.inputs!.count == n else {
                throw InputError(DumpError(file: files[r.file], row: r.row, column: "x", "\(r.activation) takes \(n) inputs; x holds \(r.inputs!.count)").description)
            }
        }
        return MultiInputSampleCheck.check(rows, activations: functions, k: accuracy.ulps, allowFTZ: allow.contains(.ftz), keepPoints: keepPoints)
    }

    func multiText(_ m: MultiInputSampleResult) -> String {
        func u(_ v: Double?) -> String { v.map(Accuracy.ulpText) ?? "·" }
        let table = [["framework", "version", "device", "mode", "dtype", "activation", "rows", "on a kink", "max value ulps", "max gradient ulps", "classes"]]
            + m.groups.map { g in
                [g.framework, g.version.isEmpty ? "·" : g.version, g.device.isEmpty ? "·" : g.device, g.mode, g.dtype.name, g.activation,
                 String(g.rows), String(g.onNonSmoothSet), u(g.maxValueULPs), u(g.maxGradientULPs),
                 SampleClass.summary(g.counts)]
            }
        var out = "several inputs (x = a;b; the gradient on a non-smooth set is checked against the Clarke set):\n" + columns(table)
        for g in m.groups where !g.flagged.isEmpty {
            out += "\n\([g.framework, g.version, g.device, g.mode, g.dtype.name, g.activation].filter { !$0.isEmpty }.joined(separator: " ")):\n"
            var lines = [["row", "x", "quantity", "got", "want", "ulps", "tolerance", "class"]]
            for i in g.flagged.prefix(Self.printedDefects) {
                let v = m.flagged[i]
                lines.append([place(v.row), v.row.inputs!.map(SampleVerdict.hex).joined(separator: ";"), v.quantity, SampleVerdict.hex(v.got), v.want,
                              v.ulps.map(Accuracy.ulpText) ?? "·", v.tolerance.map(Accuracy.ulpText) ?? "·",
                              v.kind.rawValue + (v.kind.isDefect(allowFTZ: m.allowFTZ) ? "" : " (not a defect)")])
            }
            out += columns(lines, indent: "  ")
            if g.flagged.count > Self.printedDefects { out += "  … and \(g.flagged.count - Self.printedDefects) more (--json lists all)\n" }
        }
        let defects = m.defectRows
        out += "\n\(m.rows) rows of several inputs in \(m.groups.count) groups: " + (defects == 0 ? "no defect" : "\(defects) defect row(s)") + "\n"
        return out
    }

    func multiJSON(_ m: MultiInputSampleResult) -> JSON {
        func u(_ v: Double?) -> JSON { v.map { .string(Accuracy.ulpText($0)) } ?? .null }
        return .object([
            ("rows", .int(m.rows)), ("holds", .bool(m.holds)),
            ("groups", .array(m.groups.map { g in
                .object([("framework", .string(g.framework)), ("framework_version", g.version.isEmpty ? .null : .string(g.version)),
                         ("device", g.device.isEmpty ? .null : .string(g.device)), ("mode", .string(g.mode)), ("dtype", .string(g.dtype.name)),
                         ("activation", .string(g.activation)), ("rows", .int(g.rows)), ("on_non_smooth_set", .int(g.onNonSmoothSet)),
                         ("max_value_ulps", u(g.maxValueULPs)), ("max_gradient_ulps", u(g.maxGradientULPs)),
                         ("defects", .object(SampleClass.ordered(g.counts).map { ($0.0.rawValue, .int($0.1)) }))])
            })),
            ("defects", .array(m.flagged.map { v in
                .object([("file", .int(v.row.file + 1)), ("row", .int(v.row.row)),
                         ("framework", .string(v.row.framework)), ("mode", .string(v.row.mode)), ("dtype", .string(v.row.dtype.name)),
                         ("activation", .string(v.row.activation)),
                         ("x", .array(v.row.inputs!.map { .string(SampleVerdict.hex($0)) })),
                         ("gradient", .array(v.row.gradient!.map { $0.map { .string(SampleVerdict.hex($0)) } ?? .null })),
                         ("quantity", .string(v.quantity)),
                         ("got", .string(SampleVerdict.hex(v.got))), ("want", .string(v.want)),
                         ("ulps", u(v.ulps)), ("tolerance_ulps", u(v.tolerance)), ("class", .string(v.kind.rawValue))])
            })),
        ])
    }

    /// Every row of every file, in order.
    func forEachRow(_ body: (DumpRow) -> Void) throws {
        for (i, path) in files.enumerated() {
            do { try DumpReader.forEachRow(path: path, fileIndex: i) { body($0) } } catch { throw InputError(error.description) }
        }
    }

    /// Every spec once; an unknown one is an error naming the first row that uses it.
    func resolve(_ survey: SampleSurvey) throws -> [String: any Activation] {
        let file = try variants.load()
        var out: [String: any Activation] = [:]
        for r in survey.firstRows {
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
        // The version and device columns only when a dump gives them.
        let provenance = result.groups.contains { !$0.version.isEmpty || !$0.device.isEmpty }
        func orDot(_ s: String) -> String { s.isEmpty ? "·" : s }
        let table = [["framework"] + (provenance ? ["version", "device"] : [])
                     + ["mode", "dtype", "activation", "rows", "max value ulps (at x)", "max derivative ulps (at x)", "classes"]]
            + result.groups.map { g in
                [g.framework] + (provenance ? [orDot(g.version), orDot(g.device)] : [])
                    + [g.mode, g.dtype.name, g.activation, String(g.rows), ulps(g.maxValueULPs), ulps(g.maxDerivativeULPs), SampleClass.summary(g.counts)]
            }
        var out = columns(table)
        for g in result.groups where !g.flagged.isEmpty {
            out += "\n\(Self.label(g)):\n"
            var lines = [["row", "x", "quantity", "got", "want", "ulps", "tolerance", "class"]]
            for i in g.flagged.prefix(Self.printedDefects) {
                let v = result.flagged[i]
                lines.append([place(v.row), SampleVerdict.hex(v.row.x), v.quantity.rawValue, SampleVerdict.hex(v.got), v.want,
                              v.ulps.map(Accuracy.ulpText) ?? "·", v.tolerance?.text ?? "·",
                              v.kind!.rawValue + (v.isDefect ? "" : " (not a defect)")])
            }
            out += columns(lines, indent: "  ")
            if g.flagged.count > Self.printedDefects { out += "  … and \(g.flagged.count - Self.printedDefects) more (--json lists all)\n" }
            for (q, tally) in g.narrowedQuantities { out += "  " + narrowingText(g, q, tally, result) + "\n" }
        }
        if result.flagged.contains(where: { $0.tolerance?.ulps != nil }) {
            out += "\ntolerance: in ulps of the dtype at the truth, \(SampleTolerance.rule)\n"
        }
        let defects = result.defectRows
        let narrowed = result.groups.filter { !$0.narrowedQuantities.isEmpty }.count
        out += "\n\(result.rows) rows in \(result.groups.count) groups (k = \(Accuracy.ulpText(result.k))): "
            + (defects == 0 ? "no defect" : "\(defects) defect row(s)")
            + (narrowed == 0 ? "" : "; \(narrowed) float64 group(s) computed in float32") + "\n"
        return out
    }

    /// `torch 2.13.0+cpu on cpu scalar float64 softplus:threshold=20` (the parts the dump gives).
    static func label(_ g: SampleGroup) -> String {
        [g.provenance, g.dtype.name, g.activation].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The warning for a narrowed quantity of a group.
    func narrowingText(_ g: SampleGroup, _ q: AccuracyQuantity, _ t: NarrowingTally, _ result: SampleCheckResult) -> String {
        let first = t.first.map { files.count > 1 ? "\($0.file + 1):\($0.row)" : "\($0.row)" } ?? "·"
        let unexcused = result.allowFTZ && g.flagged.contains { result.flagged[$0].kind == .flushToZero && result.flagged[$0].quantity == q }
        return "narrowed: " + t.sentence(q, first: first)
            + (unexcused ? "; --allow ftz does not excuse its \(q.rawValue)'s flush_to_zero rows" : "")
    }

    /// Left-aligned columns, two spaces apart.
    func columns(_ rows: [[String]], indent: String = "") -> String {
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { r in indent + r.indices.map { r[$0].padded(to: widths[$0]) }.joined(separator: "  ").trimmingBlanks + "\n" }.joined()
    }

    func json(_ result: SampleCheckResult) -> JSON {
        func ulps(_ u: Double?) -> JSON { u.map { .string(Accuracy.ulpText($0)) } ?? .null }
        func text(_ s: String) -> JSON { s.isEmpty ? .null : .string(s) }
        func narrowed(_ q: AccuracyQuantity, _ t: NarrowingTally) -> JSON {
            var pairs: [(String, JSON)] = [("quantity", .string(q.rawValue)), ("rows", .int(t.evidence))]
            if let first = t.first {
                if files.count > 1 { pairs.append(("first_file", .int(first.file + 1))) }
                pairs.append(("first_row", .int(first.row)))
            }
            return .object(pairs)
        }
        let groups: [JSON] = result.groups.map { g in
            .object([("framework", .string(g.framework)), ("framework_version", text(g.version)), ("device", text(g.device)),
                     ("mode", .string(g.mode)), ("dtype", .string(g.dtype.name)),
                     ("activation", .string(g.activation)), ("rows", .int(g.rows)),
                     ("max_value_ulps", ulps(g.maxValueULPs?.ulps)), ("max_derivative_ulps", ulps(g.maxDerivativeULPs?.ulps)),
                     ("defects", .object(g.classCounts.map { ($0.0.rawValue, .int($0.1)) })),
                     ("narrowed", .array(g.narrowedQuantities.map(narrowed)))])
        }
        func tolerance(_ t: SampleTolerance?) -> JSON {
            guard let t else { return .null }
            return .object([("ulps", ulps(t.ulps)), ("rounding_ulps", ulps(t.rounding)), ("conditioning_ulps", ulps(t.conditioning)),
                            ("underflow_ulps", ulps(t.underflow)), ("expected", .string(t.expected))])
        }
        let defects: [JSON] = result.flagged.map { v in
            var pairs: [(String, JSON)] = files.count > 1 ? [("file", .int(v.row.file + 1))] : []
            pairs += [("row", .int(v.row.row)), ("framework", .string(v.row.framework)), ("framework_version", text(v.row.version)),
                      ("device", text(v.row.device)), ("mode", .string(v.row.mode)),
                      ("dtype", .string(v.row.dtype.name)), ("activation", .string(v.row.activation)),
                      ("x", .string(SampleVerdict.hex(v.row.x))), ("class", .string(v.kind!.rawValue)),
                      ("quantity", .string(v.quantity.rawValue)), ("defect", .bool(v.isDefect)),
                      ("got", .string(SampleVerdict.hex(v.got))), ("want", .string(v.want)), ("ulps", ulps(v.ulps)),
                      ("tolerance", tolerance(v.tolerance))]
            return .object(pairs)
        }
        return .object([("rows", .int(result.rows)), ("holds", .bool(result.holds)), ("k", .string(Accuracy.ulpText(result.k))),
                        ("groups", .array(groups)), ("defects", .array(defects))])
    }
}
