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

/// Where `kinkcheck report` (and `samples --report`) writes, and what it may replace there.
///
/// A report is written into a staging folder `.NAME.tmp-PID` beside the target `NAME`, which is
/// then swapped in (the previous folder goes to `.NAME.old-PID` and is removed). Every folder
/// written holds a ``ReportMarker`` listing its files; an existing target is replaced only when it
/// is empty, when everything in it is a file its marker lists, unchanged, or when `--force` was
/// given. Anything else — a marker that is empty or not ours, a file someone added or edited, a
/// dangling symbolic link, a folder whose files cannot be removed — is refused before any
/// computation, so a mistyped `--out` never costs a file.
///
/// Edge cases: `--out .`, `--out DIR/` and relative paths with `..` are resolved against the
/// current folder first (lexically, then through symlinks), so `.` names the current folder, not
/// a folder called "."; `/` is refused. Staging leftovers of killed runs (our naming, a process id
/// no longer alive, and empty or holding our marker) are removed on the next run, and a previous
/// report left at `.NAME.old-PID` with no target is moved back, with one line on stderr. Every
/// failure while writing removes the staging folder and puts the previous folder back.
struct ReportFolder {
    /// The marker file in every folder `report` writes.
    static let markerName = ReportMarker.fileName

    /// The folder the report goes to (absolute, normalised).
    let target: URL
    /// Its parent, where the staging folders live.
    let parent: URL
    /// The option that named the folder (`--out`, `--report`), for messages.
    let option: String
    /// `--force`: replace the target whatever it holds.
    let force: Bool
    private var fm: FileManager { FileManager.default }

    /// Resolves `out` (relative to the current folder) and checks that the report may be written
    /// there: the parent is a writable folder, and an existing target is a folder we may replace.
    init(_ out: String, force: Bool, option: String = "--out") throws {
        self.option = option
        self.force = force
        let absolute = out.hasPrefix("/") ? out : FileManager.default.currentDirectoryPath + "/" + out
        var components: [String] = []
        for part in absolute.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(String(part))
            }
        }
        guard !components.isEmpty else {
            throw InputError("\(option): '\(out)' resolves to '/', which a report never replaces")
        }
        var target = URL(fileURLWithPath: "/" + components.joined(separator: "/"))
        // Through symlinks, so that the folder a link points to is what gets checked and replaced
        // (never the link itself). A link that leads nowhere would only fail at the very end.
        var info = stat()
        if lstat(target.path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
            guard stat(target.path, &info) == 0 else {
                let destination = (try? FileManager.default.destinationOfSymbolicLink(atPath: target.path)).map { " to '\($0)'" } ?? ""
                throw InputError("\(option): '\(target.path)' is a symbolic link\(destination) that leads to nothing; "
                                 + "create the folder it names, or name another folder")
            }
        }
        if FileManager.default.fileExists(atPath: target.path) { target = target.resolvingSymlinksInPath() }
        self.target = target
        self.parent = target.deletingLastPathComponent()
        try checkDestination()
    }

    private func checkDestination() throws {
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: parent.path, isDirectory: &isDirectory), isDirectory.boolValue,
              fm.isWritableFile(atPath: parent.path) else {
            throw InputError("\(option): cannot write into '\(parent.path)' (not a writable folder)")
        }
        guard fm.fileExists(atPath: target.path) else { return }
        try checkReplaceable()
    }

    /// Throws unless the existing target may be replaced: a folder whose files can be removed,
    /// and `--force` or a folder we wrote.
    private func checkReplaceable() throws {
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: target.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError("\(option): '\(target.path)' exists and is not a folder")
        }
        // Replacing removes the old folder's files, which needs write permission on it.
        guard access(target.path, W_OK) == 0 else {
            throw InputError("\(option): '\(target.path)' is read-only, so its files cannot be removed to replace it; "
                             + "make it writable, or name another folder")
        }
        guard !force, let why = ReportFolder.whyNotOurs(target) else { return }
        throw InputError("\(option): '\(target.path)' is a folder kinkcheck may not replace: \(why); "
                         + "choose another folder, or pass --force to replace it and everything in it")
    }

    /// Why `folder` is not one we may replace, or nil when it is empty or every file in it is one
    /// its marker lists (unchanged, unless `staging`: a run killed while writing leaves files cut
    /// short, and only their names are checked).
    static func whyNotOurs(_ folder: URL, staging: Bool = false) -> String? {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: folder.path) else { return "it cannot be read" }
        if entries.isEmpty { return nil }
        let markerPath = folder.appendingPathComponent(markerName).path
        var info = stat()
        guard lstat(markerPath, &info) == 0 else { return "it is not empty and holds no \(markerName), so kinkcheck did not write it" }
        guard info.st_mode & S_IFMT == S_IFREG, let data = fm.contents(atPath: markerPath) else {
            return "its \(markerName) is not a file kinkcheck wrote"
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let marker = ReportMarker(text: text) else {
            if text == ReportMarker.unlistedText {
                return "its \(markerName) is from an earlier kinkcheck and lists no files, so its own files cannot be told from others"
            }
            return "its \(markerName) is \(data.isEmpty ? "empty" : "not one kinkcheck wrote") and proves nothing"
        }
        return marker.mismatch(in: folder, contents: !staging)
    }

    private var stagingPrefix: String { ".\(target.lastPathComponent).tmp-" }
    private var oldPrefix: String { ".\(target.lastPathComponent).old-" }

    /// Removes staging folders of earlier runs that were killed (and moves back a previous report
    /// such a run had set aside); returns one line describing what was done, or nil.
    func cleanStaleTemporaries() -> String? {
        guard let entries = try? fm.contentsOfDirectory(atPath: parent.path) else { return nil }
        var removed: [String] = [], restored: [String] = []
        for entry in entries.sorted() {
            let isStaging = entry.hasPrefix(stagingPrefix), isOld = entry.hasPrefix(oldPrefix)
            guard isStaging || isOld else { continue }
            let digits = entry.dropFirst(isStaging ? stagingPrefix.count : oldPrefix.count)
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let pid = Int32(digits), pid > 0,
                  !ReportFolder.isAlive(pid) || pid == getpid() else { continue }
            let url = parent.appendingPathComponent(entry)
            var info = stat()
            guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR,
                  ReportFolder.whyNotOurs(url, staging: isStaging) == nil else { continue }
            if isOld && !fm.fileExists(atPath: target.path) {
                if (try? fm.moveItem(at: url, to: target)) != nil { restored.append(entry) }
            } else if (try? fm.removeItem(at: url)) != nil {
                removed.append(entry)
            }
        }
        var parts: [String] = []
        if !removed.isEmpty { parts.append("removed \(removed.joined(separator: ", "))") }
        if !restored.isEmpty { parts.append("moved \(restored.joined(separator: ", ")) back to \(target.lastPathComponent)") }
        guard !parts.isEmpty else { return nil }
        return "kinkcheck: left by interrupted report runs in '\(parent.path)': " + parts.joined(separator: "; ")
    }

    /// Whether a process with this id exists (kill with signal 0 only asks).
    static func isAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    /// Writes the marker and `files` (name → content) into a staging folder, then swaps it in for
    /// the target. On any failure the staging folder is removed and the previous folder put back,
    /// so nothing of ours is left beside it and nothing of the user's is lost.
    func write(_ files: [(String, String)]) throws {
        let marker = try ReportMarker(files: files)
        let staging = parent.appendingPathComponent(stagingPrefix + String(getpid()))
        let old = parent.appendingPathComponent(oldPrefix + String(getpid()))
        var created = false, setAside = false
        do {
            // Fails if the name is taken: a folder of that name left here is not touched.
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            created = true
            // The marker first, so that a run killed while writing leaves a folder recognisably ours.
            try Data(marker.text.utf8).write(to: staging.appendingPathComponent(ReportFolder.markerName))
            for (name, content) in files {
                try Data(content.utf8).write(to: staging.appendingPathComponent(name))
            }
            if fm.fileExists(atPath: target.path) {
                try checkReplaceable()   // again: the folder may have changed while the report was computed
                try fm.moveItem(at: target, to: old)
                setAside = true
            }
            try fm.moveItem(at: staging, to: target)
            created = false
            if setAside {
                do { try fm.removeItem(at: old) } catch {
                    // Put the previous folder back rather than leave it beside the new one.
                    try? fm.moveItem(at: target, to: staging)
                    created = true
                    throw error
                }
            }
        } catch {
            if created { try? fm.removeItem(at: staging) }
            if setAside && !fm.fileExists(atPath: target.path) && fm.fileExists(atPath: old.path) { try? fm.moveItem(at: old, to: target) }
            if let input = error as? InputError { throw input }
            throw InputError("\(option): could not write the report into '\(target.path)': \(error.localizedDescription)")
        }
    }
}
