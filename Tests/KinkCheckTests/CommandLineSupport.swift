import Foundation
import Testing

// Runs the built `kinkcheck` binary from outside: exit status, stdout and stderr.

struct CommandRun {
    var status: Int32
    var stdout: String
    var stderr: String
    /// The non-empty lines of stderr.
    var errorLines: [String] { stderr.split(separator: "\n").map(String.init) }
}

enum CommandLineTool {
    /// `kinkcheck` in the products folder the test binary runs from (`swift test` builds it).
    static func binary() throws -> URL {
        let candidates = [
            Bundle.main.bundleURL,
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        ].flatMap { [$0.appendingPathComponent("kinkcheck"), $0.deletingLastPathComponent().appendingPathComponent("kinkcheck")] }
        let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
        return try #require(found, "the kinkcheck binary is not beside the test binary (looked at \(candidates.map(\.path)))")
    }

    /// Runs `kinkcheck arguments…` in `directory`, with `environment` added to (or, for nil
    /// values, removed from) this process's environment; `timeout` seconds at most.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String?] = [:],
                    timeout: Double = 120) throws -> CommandRun {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain both pipes while the process runs (a full pipe would block it).
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter(); DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter(); DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            process.waitUntilExit()
            Issue.record("kinkcheck \(arguments.joined(separator: " ")) did not finish in \(timeout) s")
        }
        process.waitUntilExit()
        group.wait()
        return CommandRun(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh empty folder under the temporary folder.
    static func temporaryFolder(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("kinkcheck-tests-\(label)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
