import BigFloat
import Foundation
import KinkCheckSupport
import TOMLKit

/// A TOML file of activation variants written as formulas, so a CI job checks many variants
/// with no Swift:
///
/// ```toml
/// [[variant]]
/// name = "two_slope"                      # a spec name: letters, digits, underscores
/// formula = "where(x < 0, a*x, b*x)"
/// parameters = { a = "0.1", b = "1.5" }   # exact decimals; overridable as two_slope:a=0.2
/// derivative = "where(x < 0, a, b)"       # optional: the hand-written backward
/// kinks = [ { at = "0", autodiff = "1.5" } ]   # optional hints and declared conventions
/// claims = { continuous = true, convex = true, monotone = true, lipschitz = "1.5" }
/// ```
///
/// Numbers are strings holding exact decimals (or hex floats), or TOML integers; a TOML float
/// is refused, because it has already been rounded to a Double. Every mistake — an unknown key,
/// a duplicate name, a name that shadows a built-in or is a word of the formula language (`exp`,
/// `where`, `x`, `pi`, …), a bad formula, a parameter used but not given, a NUL character
/// anywhere (``VariantFileNUL``) — is one ``VariantFileError`` naming the file, the variant and
/// the key (or the line).
package struct VariantFile: Sendable {
    /// The path as given (it prefixes every error message).
    package let path: String
    /// The variants of one input (`x`) in file order.
    package let variants: [Formula]
    /// The variants of several inputs (an `inputs` key), in file order.
    package let multiInputVariants: [MultiInputFormula]

    /// Reads and checks the file at `path`.
    package static func load(path: String) throws(VariantFileError) -> VariantFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw VariantFileError(path, exists ? "cannot be read" : "no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw VariantFileError(path, "is not UTF-8 text") }
        return try VariantFile(text: text, path: path)
    }

    /// Parses and checks `text` (the contents of the file at `path`).
    package init(text: String, path: String) throws(VariantFileError) {
        self.path = path
        if let (line, column) = VariantFileNUL.position(in: text) {
            throw VariantFileError(path, "line \(line), column \(column): a NUL character (\\u0000), which would silently cut "
                                   + "the text short there; remove it")
        }
        let root: TOMLTable
        do { root = try TOMLTable(string: text) }
        catch let e as TOMLParseError {
            throw VariantFileError(path, "line \(e.source.begin.line), column \(e.source.begin.column): \(e.description)")
        } catch { throw VariantFileError(path, "\(error)") }
        for key in root.keys where key != "variant" {
            throw VariantFileError(path, "unknown top-level key '\(key)'; a variant file holds [[variant]] tables only")
        }
        guard let list = root["variant"] else { throw VariantFileError(path, "no [[variant]] tables") }
        guard let array = list.array else { throw VariantFileError(path, "'variant' must be an array of tables: write [[variant]]") }
        var variants: [Formula] = []
        var multi: [MultiInputFormula] = []
        for (index, item) in array.enumerated() {
            guard let table = item.table else { throw VariantFileError(path, "variant \(index + 1) is not a table: write [[variant]]") }
            let reader = try VariantTable(table, path: path, index: index + 1)
            let name: String
            if table["inputs"] != nil {
                let variant = try reader.multiInputFormula()
                name = variant.name
                if variants.contains(where: { $0.name == name }) || multi.contains(where: { $0.name == name }) {
                    throw VariantFileError(path, "variant '\(name)': name: defined twice in the file")
                }
                multi.append(variant)
                continue
            }
            let variant = try reader.formula()
            name = variant.name
            if variants.contains(where: { $0.name == name }) || multi.contains(where: { $0.name == name }) {
                throw VariantFileError(path, "variant '\(name)': name: defined twice in the file")
            }
            variants.append(variant)
        }
        self.variants = variants
        self.multiInputVariants = multi
    }

    /// The variant of several inputs for `spec` (`name` or `name:key=value,…`, overriding its
    /// parameters), nil for any other name.
    package func multiInputActivation(_ spec: String) throws(SpecError) -> MultiInputFormula? {
        let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let variant = multiInputVariants.first(where: { $0.name == parts[0] }) else { return nil }
        guard parts.count == 2 else { return variant }
        return try Self.overriding(variant.name, keys: variant.formulaParameters.map(\.name), parts[1]) { try variant.withParameters($0) }
    }

    /// The activation for `spec` when it names one of the file's variants (`name` or
    /// `name:key=value,…`, overriding the variant's parameters); nil for any other name.
    package func activation(_ spec: String) throws(SpecError) -> (any Activation)? {
        let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let variant = variants.first(where: { $0.name == parts[0] }) else { return nil }
        guard parts.count == 2 else { return variant }
        return try Self.overriding(variant.name, keys: variant.formulaParameters.map(\.name), parts[1]) { try variant.withParameters($0) }
    }

    /// `make(overrides)` for the `key=value,…` list of a spec naming the variant `name`; every
    /// error, of the list or of the values, is one ``SpecError`` naming it.
    static func overriding<V>(_ name: String, keys: [String], _ list: Substring, _ make: ([String: String]) throws -> V) throws(SpecError) -> V {
        let overrides = try Catalogue.parameterValues(Catalogue.parameterPairs(list, of: name), keys: keys, of: name)
        do { return try make(overrides) }
        catch let e as SpecError { throw e }
        catch { throw SpecError("\(name): \(error)") }
    }
}

/// A variant file that cannot be used: one line naming the file (and the variant and key).
package struct VariantFileError: Error, CustomStringConvertible, Sendable {
    package let message: String
    package init(_ path: String, _ problem: String) { message = "\(path): \(problem)" }
    package var description: String { message }
}

/// One `[[variant]]` table being read: every key checked, every error naming its key.
package struct VariantTable {
    package static let keys = ["name", "formula", "parameters", "derivative", "kinks", "claims", "inputs", "non_smooth", "gradient"]
    package static let kinkKeys = ["at", "autodiff", "note"]
    package static let claimKeys = ["continuous", "convex", "monotone", "lipschitz"]

    package let table: TOMLTable
    package let path: String
    package let label: String
    package let name: String?

    package init(_ table: TOMLTable, path: String, index: Int) throws(VariantFileError) {
        self.table = table
        self.path = path
        let name = table["name"]?.string
        self.name = name
        label = name.map { "variant '\($0)'" } ?? "variant \(index)"
        for key in table.keys where !Self.keys.contains(key) {
            throw error(key, "unknown key; valid keys: \(Self.keys.joined(separator: ", "))")
        }
    }

    package func error(_ key: String, _ problem: String) -> VariantFileError {
        VariantFileError(path, "\(label): \(key): \(problem)")
    }

    package func formula() throws(VariantFileError) -> Formula {
        guard table["name"] != nil else { throw error("name", "missing (every variant needs a name)") }
        guard let name else { throw error("name", "must be a string") }
        try checkName(name)
        guard table["formula"] != nil else { throw error("formula", "missing (every variant needs a formula)") }
        guard let text = table["formula"]?.string else { throw error("formula", "must be a string") }
        var derivative: String? = nil
        if let d = table["derivative"] {
            guard let s = d.string else { throw error("derivative", "must be a string") }
            derivative = s
        }
        let parameters = try self.parameters()
        let kinks = try self.kinks()
        let claims = try self.claims()
        // Parse each text on its own first, so an error names the key it belongs to.
        do { _ = try Formula(name: name, formula: text, parameters: parameters) }
        catch { throw self.error(error.field == .parameters ? "parameters" : "formula", problem(error)) }
        if let derivative {
            do { _ = try Formula(name: name, formula: derivative, parameters: parameters) }
            catch { throw self.error("derivative", problem(error)) }
        }
        do {
            return try Formula(name: name, formula: text, parameters: parameters, derivative: derivative, kinks: kinks, claims: claims)
        } catch { throw self.error(error.field.rawValue, problem(error)) }
    }

    /// A variant of several inputs: `inputs = ["a", "b"]`, the formula in them, optional
    /// `non_smooth = ["a = 0", "a = b"]` (a coordinate set or a tie of inputs each), `gradient`
    /// (one formula per input: the hand-written backward) and `claims = { continuous, convex }`.
    package func multiInputFormula() throws(VariantFileError) -> MultiInputFormula {
        guard table["name"] != nil else { throw error("name", "missing (every variant needs a name)") }
        guard let name else { throw error("name", "must be a string") }
        try checkName(name)
        for key in ["derivative", "kinks"] where table[key] != nil {
            throw error(key, "a variant of several inputs takes gradient and non_smooth instead")
        }
        guard let text = table["formula"]?.string else { throw error("formula", table["formula"] == nil ? "missing (every variant needs a formula)" : "must be a string") }
        func strings(_ key: String) throws(VariantFileError) -> [String]? {
            guard let v = table[key] else { return nil }
            guard let list = v.array else { throw error(key, "must be an array of strings") }
            var out: [String] = []
            for item in list {
                guard let s = item.string else { throw error(key, "must be an array of strings") }
                out.append(s)
            }
            return out
        }
        let inputs = try strings("inputs")!
        let isWord = { (w: String) in w.first.map { $0.isASCII && ($0.isLetter || $0 == "_") } == true && w.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } }
        guard !inputs.isEmpty, inputs.count <= FormulaParser.maximumInputs else { throw error("inputs", "give 1 to \(FormulaParser.maximumInputs) input names") }
        for w in inputs where !isWord(w) || ["pi", "e"].contains(w) || FormulaParser.isFunction(w) {
            throw error("inputs", "'\(w)' is not an input name (a word that is not pi, e or a function)")
        }
        guard Set(inputs).count == inputs.count else { throw error("inputs", "an input is named twice") }
        let parameters = try self.parameters()
        for p in parameters where inputs.contains(p.name) { throw error("parameters.\(p.name)", "is also an input") }
        var sets: [NonSmoothSet] = []
        for (i, text) in (try strings("non_smooth") ?? []).enumerated() {
            let sides = text.split(separator: "=", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let key = "non_smooth[\(i + 1)]"
            guard sides.count >= 2 else { throw error(key, "'\(text)': write NAME = NUMBER or NAME = NAME (= NAME …)") }
            let names = sides.compactMap { inputs.firstIndex(of: $0) }
            if names.count == sides.count {
                guard Set(names).count == names.count else { throw error(key, "'\(text)': an input twice") }
                sets.append(.tie(names))
            } else if sides.count == 2, let i = inputs.firstIndex(of: sides[0]), let c = try? DecimalConstant(sides[1]) {
                sets.append(.coordinate(i, c))
            } else {
                throw error(key, "'\(text)': write NAME = NUMBER or NAME = NAME (= NAME …) with names from inputs")
            }
        }
        let claims = try self.claims()
        if claims.monotone != nil || claims.lipschitz != nil { throw error("claims", "a variant of several inputs claims continuous and convex only") }
        let gradient = try strings("gradient")
        var f: MultiInputFormula
        do {
            f = try MultiInputFormula(name: name, formula: text, inputs: inputs, parameters: parameters,
                                      gradient: gradient, declaredSets: sets)
        } catch {
            // A gradient formula's error is about `gradient` (not the 1-D "derivative").
            let text = problem(error)
            throw self.error(error.field == .derivative ? "gradient" : "formula",
                             text.hasPrefix("derivative, ") ? String(text.dropFirst(12)) : text)
        }
        f.claimsContinuous = claims.continuous
        f.claimsConvex = claims.convex
        return f
    }

    /// A formula error, said as a missing parameter when the formula uses a name the file never gives.
    package func problem(_ error: FormulaError) -> String {
        guard error.message.hasPrefix("unknown name '"), let end = error.message.dropFirst(14).firstIndex(of: "'") else {
            return error.description
        }
        let word = error.message[error.message.index(error.message.startIndex, offsetBy: 14)..<end]
        return "column \(error.column): '\(word)' is used but not given: add it to parameters (\(word) = \"…\") or fix the name"
    }

    package func checkName(_ name: String) throws(VariantFileError) {
        let isDigit = { (c: UInt8) in c >= 0x30 && c <= 0x39 }
        let isLetter = { (c: UInt8) in (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F }
        guard let first = name.utf8.first, !isDigit(first), name.utf8.allSatisfy({ isDigit($0) || isLetter($0) }) else {
            throw error("name", "'\(name)' is not a spec name: use letters, digits and underscores, not starting with a digit")
        }
        let builtIns = (Catalogue.entries + Catalogue.composites).map(\.name) + ["all", "expr"]
        if builtIns.contains(name) {
            throw error("name", "'\(name)' shadows a built-in; choose another name")
        }
        // `exp` as a spec and exp(x) in a formula would be two things under one name.
        if ["x", "pi", "e"].contains(name) || FormulaParser.isFunction(name) {
            throw error("name", "'\(name)' is a word of the formula language (x, pi, e, \(FormulaParser.specialFunctions.joined(separator: ", ")), "
                        + "exp, log, …); choose another name")
        }
    }

    /// A number given as a string (exact) or a TOML integer; a TOML float is refused.
    package func number(_ value: TOMLValueConvertible, _ key: String) throws(VariantFileError) -> DecimalConstant {
        let text: String
        if let s = value.string { text = s }
        else if value.type == .int, let i = value.int { text = String(i) }
        else if value.type == .double {
            throw error(key, "write the number as a string (\"0.1\"), so it is kept exactly; a TOML float is already rounded to a Double")
        } else { throw error(key, "must be a number written as a string, e.g. \"0.1\"") }
        let c: DecimalConstant
        do { c = try DecimalConstant(text) } catch { throw self.error(key, "\(error)") }
        guard Catalogue.hasParameterMagnitude(c) else {
            throw error(key, "\(text) is out of range: a number here is \(Catalogue.parameterRange)")
        }
        return c
    }

    package func parameters() throws(VariantFileError) -> [(name: String, value: DecimalConstant)] {
        guard let value = table["parameters"] else { return [] }
        guard let t = value.table else { throw error("parameters", "must be a table, e.g. { a = \"0.1\" }") }
        var out: [(name: String, value: DecimalConstant)] = []
        for key in t.keys.sorted() {
            out.append((key, try number(t[key]!, "parameters.\(key)")))
        }
        return out
    }

    package func kinks() throws(VariantFileError) -> [DeclaredKink]? {
        guard let value = table["kinks"] else { return nil }
        guard let list = value.array else { throw error("kinks", "must be an array of tables, e.g. [ { at = \"0\" } ]") }
        var out: [DeclaredKink] = []
        for (i, item) in list.enumerated() {
            let key = "kinks[\(i + 1)]"
            guard let t = item.table else { throw error(key, "must be a table, e.g. { at = \"0\", autodiff = \"1\" }") }
            for k in t.keys where !Self.kinkKeys.contains(k) {
                throw error("\(key).\(k)", "unknown key; valid keys: \(Self.kinkKeys.joined(separator: ", "))")
            }
            guard let at = t["at"] else { throw error("\(key).at", "missing (where the kink is)") }
            let x = try number(at, "\(key).at")
            let ad = try t["autodiff"].map { v throws(VariantFileError) in try number(v, "\(key).autodiff") }
            var note = "declared in \(URL(fileURLWithPath: path).lastPathComponent)"
            if let n = t["note"] {
                guard let s = n.string else { throw error("\(key).note", "must be a string") }
                note = s
            }
            out.append(DeclaredKink(at: x, autodiffDerivative: ad, note: note))
        }
        return out
    }

    package func claims() throws(VariantFileError) -> ActivationClaims {
        guard let value = table["claims"] else { return ActivationClaims() }
        guard let t = value.table else { throw error("claims", "must be a table, e.g. { continuous = true }") }
        for k in t.keys where !Self.claimKeys.contains(k) {
            throw error("claims.\(k)", "unknown claim; valid claims: \(Self.claimKeys.joined(separator: ", "))")
        }
        func flag(_ k: String) throws(VariantFileError) -> Bool? {
            guard let v = t[k] else { return nil }
            guard v.type == .bool, let b = v.bool else { throw error("claims.\(k)", "must be true or false") }
            return b
        }
        return ActivationClaims(continuous: try flag("continuous"), convex: try flag("convex"), monotone: try flag("monotone"),
                                lipschitz: try t["lipschitz"].map { v throws(VariantFileError) in try number(v, "claims.lipschitz") })
    }
}
