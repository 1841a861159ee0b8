import BigFloat
import Foundation
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckReports
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

/// The `.kinkcheck-report` file in every folder `report` and `samples --report` write: the proof
/// that the folder is ours. It lists each file written with its size and a digest of its bytes,
/// so a folder is replaced only while everything in it is a file kinkcheck wrote, unchanged — a
/// file someone added or edited, or a marker that is empty or was written by hand, makes the
/// folder theirs.
///
/// Format (UTF-8, one file a line, sorted by name; nothing that varies between runs, so the
/// committed `Reports/` is reproduced byte for byte):
/// ```
/// kinkcheck report folder, format 1
/// Written by kinkcheck, which replaces this folder as a whole only while every file in it is one listed here, unchanged.
/// 1332 fnv1a64:9b1f0c3e5d2a7764 README.md
/// ```
///
/// Edge cases: a listed file that is missing is no obstacle (deleting it lost nothing); a file
/// name with a line break or a `/` is never written (``init(files:)`` refuses it). The digest is
/// 64-bit FNV-1a: it tells a changed file from ours, it is not a defence against forgery.
struct ReportMarker: Equatable {
    static let fileName = ".kinkcheck-report"
    static let header = "kinkcheck report folder, format 1"
    static let note = "Written by kinkcheck, which replaces this folder as a whole only while every file in it is one listed here, unchanged."
    /// What the marker of kinkcheck before format 1 said (it listed no files).
    static let unlistedText = "This folder was written by `kinkcheck report`, which may replace it as a whole.\n"

    struct Entry: Equatable {
        var name: String
        var size: Int
        var digest: UInt64
    }

    /// Sorted by name, each name once.
    var entries: [Entry]

    /// The marker for `files` (name → content).
    init(files: [(String, String)]) throws {
        var entries: [Entry] = []
        for (name, content) in files {
            guard Self.isPlainName(name), name != Self.fileName else { throw InputError("a report file name '\(name)' cannot be written") }
            entries.append(Entry(name: name, size: content.utf8.count, digest: Self.digest(content.utf8)))
        }
        entries.sort { $0.name < $1.name }
        for (a, b) in zip(entries, entries.dropFirst()) where a.name == b.name {
            throw InputError("a report would write '\(a.name)' twice")
        }
        self.entries = entries
    }

    /// The marker `text` holds, or nil when it is not one kinkcheck writes.
    init?(text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard text.hasSuffix("\n"), lines.removeLast().isEmpty, lines.count >= 2,
              lines[0] == Self.header, lines[1] == Self.note else { return nil }
        var entries: [Entry] = []
        for line in lines.dropFirst(2) {
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, let size = Int(parts[0]), size >= 0, parts[1].hasPrefix("fnv1a64:"),
                  parts[1].count == 24, let digest = UInt64(parts[1].dropFirst(8), radix: 16) else { return nil }
            let name = String(parts[2])
            guard Self.isPlainName(name), name != Self.fileName, entries.last.map({ $0.name < name }) ?? true else { return nil }
            entries.append(Entry(name: name, size: size, digest: digest))
        }
        self.entries = entries
    }

    var text: String {
        ([Self.header, Self.note] + entries.map { e in
            let hex = String(e.digest, radix: 16)
            return "\(e.size) fnv1a64:\(String(repeating: "0", count: 16 - hex.count) + hex) \(e.name)"
        }).joined(separator: "\n") + "\n"
    }

    /// A name of a file directly in the folder: not empty, `.` or `..`, no `/`, no line break.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.utf8.contains { $0 == 0x2F || $0 == 0x0A || $0 == 0x0D || $0 == 0 }
    }

    /// 64-bit FNV-1a of `bytes`.
    static func digest(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    /// Why `folder` (which holds this marker) is not the folder it describes, or nil when every
    /// other entry is a regular file it lists, of the listed size and, with `contents`, digest.
    func mismatch(in folder: URL, contents: Bool = true) -> String? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return "it cannot be read" }
        let listed = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for name in names.sorted() where name != Self.fileName {
            let path = folder.appendingPathComponent(name).path
            guard let entry = listed[name] else { return "'\(name)' is not a file kinkcheck wrote there" }
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                return "'\(name)' is not a file kinkcheck wrote there (it is not a regular file)"
            }
            guard contents else { continue }
            guard Int(info.st_size) == entry.size, let data = FileManager.default.contents(atPath: path),
                  data.count == entry.size, Self.digest(data) == entry.digest else {
                return "'\(name)' has changed since kinkcheck wrote it"
            }
        }
        return nil
    }
}
