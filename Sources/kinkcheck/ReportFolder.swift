import Foundation

/// Where `kinkcheck report` writes, and what it may replace there.
///
/// A report is written into a staging folder `.NAME.tmp-PID` beside the target `NAME`, which is
/// then swapped in (the previous folder goes to `.NAME.old-PID` and is removed). Every folder
/// `report` writes holds the marker file ``markerName``; an existing target is replaced only when
/// it holds that marker, is empty, or `--force` was given. Anything else is refused before any
/// computation, so a mistyped `--out` never costs a file.
///
/// Edge cases: `--out .`, `--out DIR/` and relative paths with `..` are resolved against the
/// current folder first (lexically, then through symlinks), so `.` names the current folder, not
/// a folder called "."; `/` is refused. Staging leftovers of killed runs (our naming, a process id
/// no longer alive, and empty or holding the marker) are removed on the next run, and a previous
/// report left at `.NAME.old-PID` with no target is moved back, with one line on stderr.
struct ReportFolder {
    /// The marker file in every folder `report` writes.
    static let markerName = ".kinkcheck-report"
    static let markerText = "This folder was written by `kinkcheck report`, which may replace it as a whole.\n"

    /// The folder the report goes to (absolute, normalised).
    let target: URL
    /// Its parent, where the staging folders live.
    let parent: URL
    /// The option that named the folder (`--out`, `--report`), for messages.
    let option: String
    private var fm: FileManager { FileManager.default }

    /// Resolves `out` (relative to the current folder) and checks that the report may be written
    /// there: the parent is a writable folder, and an existing target is a folder we may replace.
    init(_ out: String, force: Bool, option: String = "--out") throws {
        self.option = option
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
        // (never the link itself).
        if FileManager.default.fileExists(atPath: target.path) { target = target.resolvingSymlinksInPath() }
        self.target = target
        self.parent = target.deletingLastPathComponent()
        try checkDestination(force: force)
    }

    private func checkDestination(force: Bool) throws {
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: parent.path, isDirectory: &isDirectory), isDirectory.boolValue,
              fm.isWritableFile(atPath: parent.path) else {
            throw InputError("\(option): cannot write into '\(parent.path)' (not a writable folder)")
        }
        guard fm.fileExists(atPath: target.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw InputError("\(option): '\(target.path)' exists and is not a folder") }
        if force || ReportFolder.isOurs(target) { return }
        throw InputError("\(option): '\(target.path)' is a folder that kinkcheck did not write and is not empty; "
                         + "choose another folder, or pass --force to replace it and everything in it")
    }

    /// True for a folder that is empty or holds the marker (a report folder, or a staging folder).
    static func isOurs(_ folder: URL) -> Bool {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: folder.path) else { return false }
        if entries.isEmpty { return true }
        var isDirectory: ObjCBool = false
        return fm.fileExists(atPath: folder.appendingPathComponent(markerName).path, isDirectory: &isDirectory) && !isDirectory.boolValue
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
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue,
                  ReportFolder.isOurs(url) else { continue }
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

    /// Writes `files` (name → content) and the marker into a staging folder, then swaps it in
    /// for the target; on failure the previous folder is put back.
    func write(_ files: [(String, String)]) throws {
        let staging = parent.appendingPathComponent(stagingPrefix + String(getpid()))
        let old = parent.appendingPathComponent(oldPrefix + String(getpid()))
        var created = false
        do {
            // Fails if the name is taken: a folder of that name left here is not touched.
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            created = true
            try Data(ReportFolder.markerText.utf8).write(to: staging.appendingPathComponent(ReportFolder.markerName))
            for (name, content) in files {
                try Data(content.utf8).write(to: staging.appendingPathComponent(name))
            }
            if fm.fileExists(atPath: target.path) { try fm.moveItem(at: target, to: old) }
            try fm.moveItem(at: staging, to: target)
            try? fm.removeItem(at: old)
        } catch {
            if created { try? fm.removeItem(at: staging) }
            if !fm.fileExists(atPath: target.path) && fm.fileExists(atPath: old.path) { try? fm.moveItem(at: old, to: target) }
            throw InputError("\(option): could not write the report into '\(target.path)': \(error.localizedDescription)")
        }
    }
}
