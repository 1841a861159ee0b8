import Foundation

/// The public surface of the library targets, as text: one line per `public` or `open`
/// declaration, `Module  Enclosing.Type  declaration`, sorted. `api/public-api.txt` holds the
/// listing of the last deliberate change; ``PublicAPITests`` compares the two, so the surface
/// changes only on purpose.
///
/// Read from the sources, not from a build: a declaration is the text from its first keyword to
/// its body's `{` (or the end of the statement), comments and string contents removed and
/// whitespace collapsed; the enclosing types are the `struct`/`class`/`enum`/`protocol`/`actor`/
/// `extension` bodies around it. A change of signature, access, name or place is a change of
/// the listing; a change inside a body is not.
///
/// Edge cases: the executable and the C targets are not libraries and are left out; members of
/// a `public` protocol carry no modifier and are listed with the protocol's line only.
enum PublicAPIListing {
    /// The library targets, bottom layer first (Package.swift).
    static let modules = ["KinkCheckSupport", "BigFloat", "KinkCheck", "KinkCheckGeneration", "KinkCheckProperties",
                          "KinkCheckAnalysis", "KinkCheckVerification", "KinkCheckSamples", "KinkCheckReports",
                          "KinkCheckTesting"]

    static func listing(sources: URL) throws -> [String] {
        var lines: [String] = []
        for module in modules {
            let dir = sources.appendingPathComponent(module)
            let files = FileManager.default.enumerator(atPath: dir.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted() ?? []
            for file in files {
                let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
                lines += declarations(in: code(text)).map { "\(module)  \($0.scope.isEmpty ? "-" : $0.scope)  \($0.text)" }
            }
        }
        return lines.sorted()
    }

    /// `text` with comments removed and every string literal's contents replaced by nothing
    /// (the quotes stay), so braces and keywords in them do not count.
    static func code(_ text: String) -> String {
        var out = "", i = text.startIndex
        func at(_ s: String) -> Bool { text[i...].hasPrefix(s) }
        while i < text.endIndex {
            if at("//") {
                i = text[i...].firstIndex(of: "\n") ?? text.endIndex
            } else if at("/*") {
                i = text[i...].range(of: "*/")?.upperBound ?? text.endIndex
            } else if at("\"\"\"") {
                let rest = text.index(i, offsetBy: 3)
                i = text[rest...].range(of: "\"\"\"")?.upperBound ?? text.endIndex
                out += "\"\""
            } else if text[i] == "\"" {
                var j = text.index(after: i)
                while j < text.endIndex, text[j] != "\"", text[j] != "\n" {
                    j = text.index(j, offsetBy: text[j] == "\\" && text.index(after: j) < text.endIndex ? 2 : 1)
                }
                i = j < text.endIndex ? text.index(after: j) : j
                out += "\"\""
            } else {
                out.append(text[i]); i = text.index(after: i)
            }
        }
        return out
    }

    /// The public declarations of comment-free `code`, each with the path of its enclosing types.
    /// A statement ends at `{`, `}`, `;`, or a line break outside brackets that does not follow
    /// a comma (so a signature over several lines is one statement).
    static func declarations(in code: String) -> [(scope: String, text: String)] {
        let typeHead = try! Regex(#"(?:^|\s)(?:struct|class|enum|protocol|actor|extension)\s+([A-Za-z_][\w.]*)"#)
        let storedValue = try! Regex(#"^((?:[^(=]*\s)?(?:let|var)\s+\w+(?:\s*:[^=]+)?) = .*$"#)
        let publicHead = try! Regex(#"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:\w+(?:\(set\))?\s+)*(?:public|open)\s"#)
        var scopes: [String?] = []          // a type's name, or nil for a code block
        var found: [(scope: String, text: String)] = []
        var statement = ""
        var brackets = 0
        let inCode = { scopes.contains { $0 == nil } }
        func end() {
            if !inCode(), statement.firstMatch(of: publicHead) != nil {
                var text = statement.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                // A stored property's initial value is not part of the surface.
                if let m = text.firstMatch(of: storedValue) { text = String(m.output[1].substring!) }
                found.append((scopes.compactMap { $0 }.joined(separator: "."), text))
            }
            statement = ""
        }
        for ch in code {
            switch ch {
            case "{":
                let name = inCode() ? nil : statement.firstMatch(of: typeHead).map { String($0.output[1].substring!.split(separator: ".").last!) }
                end()
                scopes.append(name)
            case "}":
                end()
                if !scopes.isEmpty { scopes.removeLast() }
            case ";":
                end()
            case "\n" where brackets == 0 && !statement.trimmingCharacters(in: .whitespaces).hasSuffix(","):
                end()
            default:
                if "([".contains(ch) { brackets += 1 } else if ")]".contains(ch) { brackets -= 1 }
                statement.append(ch)
            }
        }
        end()
        return found
    }
}
