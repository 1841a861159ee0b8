import ArgumentParser
import Foundation
import KinkCheckSupport

/// `kinkcheck merge`: the shards of one `check --shard I/N --json` run put back together, with
/// the verdict the unsharded run prints.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge the JSON results of `check --shard I/N --json` into the unsharded run's verdict.",
        discussion: """
        Each FILE holds one shard's `check --json` output. The shards must come from one run: \
        the same kinkcheck version, seed, list of activations, cases, precision and ulps, the same \
        N, each of shards 1…N exactly once (a missing, repeated or foreign shard is named, exit 2). \
        The merged document is what the unsharded `check --json` prints: the activations in the \
        run's order, `holds` for all of them. Exit 0 when every claim holds, 1 when one fails, 2 \
        for bad input.
        """)

    @Argument(help: "The shards' JSON results (one file each).")
    var files: [String]
    @OptionGroup var output: JSONOption

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name the shards' result files") }
    }

    func run() throws {
        let shards = try files.map { path -> (path: String, doc: [(String, JSON)]) in
            guard let data = FileManager.default.contents(atPath: path) else {
                throw InputError("\(path): \(FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")")
            }
            guard case .object(let pairs)? = try? OrderedJSON.parse(String(decoding: data, as: UTF8.self)) else {
                throw InputError("\(path): not the JSON output of `check --shard I/N --json`")
            }
            return (path, pairs)
        }
        // One run: every identifying field equal to the first shard's.
        let first = shards[0]
        for key in ["version", "seed", "run"] {
            guard let want = first.doc[field: key] else { throw InputError("\(first.path): no \"\(key)\": not a `check --json` result of this version") }
            for s in shards.dropFirst() where s.doc[field: key] != want {
                throw InputError("\(s.path): a shard of another run (its \(key) differs from \(first.path)'s"
                                 + (Merge.difference(s.doc[field: key], want).map { ": " + $0 } ?? "") + ")")
            }
        }
        // Shards 1…N, each once.
        var seen: [Int: String] = [:]
        var n: Int? = nil
        for s in shards {
            guard case .string(let text)? = s.doc[field: "shard"], let (i, count) = try? Check.parseShard(text) else {
                throw InputError("\(s.path): not a shard (its \"shard\" is not I/N)")
            }
            if let n, n != count { throw InputError("\(s.path): shard \(i)/\(count) of a run in \(count) shards; the others are of \(n)") }
            n = count
            if let other = seen[i] { throw InputError("shard \(i)/\(count) given twice (\(other) and \(s.path))") }
            seen[i] = s.path
        }
        let missing = (1...n!).filter { seen[$0] == nil }
        guard missing.isEmpty else {
            throw InputError("missing shard\(missing.count > 1 ? "s" : "") " + missing.map { "\($0)/\(n!)" }.joined(separator: ", "))
        }
        if ExhaustiveDocument(first.doc) != nil { return try mergeExhaustive(shards, count: n!) }
        // The activations in the run's order.
        guard case .object(let run)? = first.doc[field: "run"], case .array(let specs)? = run[field: "specs"] else {
            throw InputError("\(first.path): no run specs")
        }
        // Shard I holds the run's activations I, I + N, I + 2N, … in order (check's split), so
        // each goes back to its place; a spec that is not the run's at that place is refused.
        let count = specs.count
        var merged = [JSON?](repeating: nil, count: count)
        for s in shards {
            guard case .array(let list)? = s.doc[field: "activations"], case .string(let text)? = s.doc[field: "shard"],
                  let (i, _) = try? Check.parseShard(text) else { throw InputError("\(s.path): no activations") }
            let places = Array(stride(from: i - 1, to: count, by: n!))
            guard list.count == places.count else {
                throw InputError("\(s.path): shard \(text) holds \(list.count) activation(s); the run puts \(places.count) in it")
            }
            for (a, place) in zip(list, places) {
                guard case .object(let pairs) = a, let spec = pairs[field: "activation"], spec == specs[place] else {
                    throw InputError("\(s.path): its activations are not the run's for shard \(text)")
                }
                merged[place] = a
            }
        }
        let complete = merged.compactMap { $0 }
        guard complete.count == count else { throw InputError("the shards do not cover the run") }
        let holds = complete.allSatisfy { a in
            if case .object(let pairs) = a, case .bool(let h)? = pairs[field: "holds"] { return h }
            return false
        }
        if output.json {
            print(JSON.object([("seed", first.doc[field: "seed"]!), ("holds", .bool(holds)), ("activations", .array(complete)),
                               ("version", first.doc[field: "version"]!), ("shard", .null), ("run", first.doc[field: "run"]!)]).rendered())
        } else {
            let width = (specs.compactMap { if case .string(let t) = $0 { t.count } else { nil } }.max() ?? 0) + 2
            for a in complete {
                guard case .object(let pairs) = a, case .string(let spec)? = pairs[field: "activation"],
                      case .bool(let h)? = pairs[field: "holds"] else { continue }
                let failing = pairs.first { $0.0 == "properties" }.flatMap { p -> [String]? in
                    guard case .array(let ps) = p.1 else { return nil }
                    return ps.compactMap { v in
                        guard case .object(let f) = v, case .bool(false)? = f[field: "holds"],
                              case .string(let name)? = f[field: "property"] else { return nil }
                        return name
                    }
                } ?? []
                print(spec.padded(to: width) + (h ? "holds" : "FAILS: " + failing.joined(separator: ", ")))
            }
            let seed = first.doc[field: "seed"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? "?"
            print("\(complete.count) activations from \(n!) shards: " + (holds ? "every claim holds (seed \(seed))" : "claims fail (seed \(seed); replay with --seed \(seed))"))
        }
        if !holds { throw ExitCode(1) }
    }
}

extension Merge {
    /// The first field of two objects that differs, by name (`specs [relu] vs [gelu]`); nil when
    /// they are not objects.
    static func difference(_ got: JSON?, _ want: JSON) -> String? {
        guard case .object(let a)? = got, case .object(let b) = want else { return nil }
        for (name, value) in b where a[field: name] != value {
            return "\(name) \(a.first { $0.0 == name }.map { brief($0.1) } ?? "(none)") vs \(brief(value))"
        }
        return nil
    }

    /// A JSON value on one line: strings bare, arrays as `[a, b]`.
    static func brief(_ v: JSON) -> String {
        switch v {
        case .string(let s): s
        case .array(let items): "[" + items.map(brief).joined(separator: ", ") + "]"
        default: v.rendered().split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        }
    }

    /// The shards of one `check --exhaustive FORMAT --shard I/N --json` run (already checked to
    /// be one run, each of 1…N once): each must hold its shard's range of inputs; their summaries
    /// are joined in input order and printed as the unsharded run prints them.
    func mergeExhaustive(_ shards: [(path: String, doc: [(String, JSON)])], count n: Int) throws {
        var documents: [(Int, ExhaustiveDocument)] = []
        for s in shards {
            guard let d = ExhaustiveDocument(s.doc), let (i, _) = d.shard else {
                throw InputError("\(s.path): not the JSON output of `check --exhaustive FORMAT --shard I/N --json`")
            }
            let want = d.range
            func int(_ key: String) -> Int? {
                guard case .object(let ex)? = s.doc[field: "exhaustive"],
                      case .object(let r)? = ex[field: "range"],
                      case .number(let t)? = r[field: key] else { return nil }
                return Int(t)
            }
            guard int("first") == want.lowerBound, int("end") == want.upperBound else {
                throw InputError("\(s.path): shard \(i)/\(n) does not hold inputs \(want.lowerBound)..<\(want.upperBound), its shard's range")
            }
            documents.append((i, d))
        }
        documents.sort { $0.0 < $1.0 }
        var merged = documents[0].1
        merged.shard = nil
        for (_, d) in documents.dropFirst() {
            for p in merged.parts.indices {
                for q in merged.parts[p].1.indices { merged.parts[p].1[q].append(d.parts[p].1[q]) }
            }
        }
        try merged.print(json: output.json)
    }
}

extension Array where Element == (String, JSON) {
    /// The value of `key` among an object's pairs (as ``OrderedJSON`` reads them), or nil.
    subscript(field key: String) -> JSON? { first { $0.0 == key }?.1 }
}

/// A JSON reader that keeps the order of each object's keys (the documents `merge` writes back
/// are those `check` wrote, key for key). Numbers stay their text.
enum OrderedJSON {
    struct Malformed: Error {}

    static func parse(_ text: String) throws -> JSON {
        var p = Parser(bytes: Array(text.utf8))
        let v = try p.value()
        p.blanks()
        guard p.i == p.bytes.count else { throw Malformed() }
        return v
    }

    struct Parser {
        let bytes: [UInt8]
        var i = 0
        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func blanks() { while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 } }
        mutating func expect(_ c: UInt8) throws { blanks(); guard i < bytes.count, bytes[i] == c else { throw Malformed() }; i += 1 }

        mutating func value() throws -> JSON {
            blanks()
            guard i < bytes.count else { throw Malformed() }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1
                var pairs: [(String, JSON)] = []
                blanks()
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
                repeat {
                    blanks()
                    guard case .string(let key) = try value() else { throw Malformed() }
                    try expect(UInt8(ascii: ":"))
                    pairs.append((key, try value()))
                    blanks()
                } while try separator(closing: UInt8(ascii: "}"))
                return .object(pairs)
            case UInt8(ascii: "["):
                i += 1
                var items: [JSON] = []
                blanks()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                repeat { items.append(try value()); blanks() } while try separator(closing: UInt8(ascii: "]"))
                return .array(items)
            case UInt8(ascii: "\""):
                return .string(try string())
            default:
                let start = i
                while i < bytes.count, !",]} \n\r\t".utf8.contains(bytes[i]) { i += 1 }
                let word = String(decoding: bytes[start..<i], as: UTF8.self)
                switch word {
                case "true": return .bool(true)
                case "false": return .bool(false)
                case "null": return .null
                default:
                    guard Double(word) != nil else { throw Malformed() }
                    return .number(word)
                }
            }
        }

        /// After an item: true at a comma (another item follows), false at `closing`.
        mutating func separator(closing: UInt8) throws -> Bool {
            guard i < bytes.count else { throw Malformed() }
            if bytes[i] == UInt8(ascii: ",") { i += 1; return true }
            if bytes[i] == closing { i += 1; return false }
            throw Malformed()
        }

        mutating func string() throws -> String {
            var rest = bytes[(i + 1)...]
            guard let text = JSON.readStringBody(&rest) else { throw Malformed() }
            i = rest.startIndex
            return text
        }
    }
}
