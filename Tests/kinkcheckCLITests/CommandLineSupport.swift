import Foundation
import Testing

// Runs the built `kinkcheck` executable from outside, as a user does: arguments in; exit status,
// stdout and stderr out. This target imports no module of the package, so what it tests is the
// executable's contract (docs/commands/, one page per subcommand), not its internals.
//
// Finding the executable: a test target cannot depend on an executable in every toolchain, so the
// tests look for `kinkcheck` in the products folder they were built into (the folder holding the
// test bundle, e.g. `.build/x86_64-unknown-linux-gnu/debug`; `swift test` builds every product
// there first). When it is missing (the tests were built alone, or run with `--skip-build` after
// a clean), it is built once per test process with
// `swift build --package-path ROOT --scratch-path SCRATCH -c CONFIG --product kinkcheck`,
// where ROOT is this package (found from this file's path) and SCRATCH and CONFIG are read off
// the products folder, so the build goes where `swift test` would have put it (see `lockOption`
// for the build folder's lock).

struct CommandRun {
    var arguments: [String]
    var status: Int32
    var stdout: String
    var stderr: String
    /// stdout as bytes (for binary output such as `grid --format npy`).
    var stdoutData = Data()
    /// The non-empty lines of stderr.
    var errorLines: [String] { stderr.split(separator: "\n").map(String.init) }

    /// stdout parsed as one JSON document.
    func json() throws -> JSONValue { try JSONValue.parse(stdout) }
}

/// What went wrong while locating or building the executable.
struct CommandLineToolError: Error, CustomStringConvertible {
    var description: String
}

enum CommandLineTool {
    /// The executable, located (and if need be built) once per test process; every test that
    /// runs it waits for the same result.
    static let located = Result<URL, any Error> { try locate() }

    static func binary() throws -> URL { try located.get() }

    /// The folder holding the test bundle: the parent of the `….xctest` in the path of this
    /// process's executable or arguments (on Linux the test binary is the `.xctest` file itself;
    /// on macOS the runner is given the bundle, or runs `….xctest/Contents/MacOS/…`), or of a
    /// loaded bundle.
    static func productsFolder() -> URL? {
        let paths = [Bundle.main.executablePath].compactMap { $0 } + CommandLine.arguments
            + Bundle.allBundles.map(\.bundlePath)
        for path in paths where path.contains(".xctest") {
            var url = URL(fileURLWithPath: path).standardizedFileURL
            while url.pathComponents.count > 1 {
                if url.pathExtension == "xctest" { return url.deletingLastPathComponent() }
                url = url.deletingLastPathComponent()
            }
        }
        return nil
    }

    /// The package root: this file is ROOT/Tests/kinkcheckCLITests/CommandLineSupport.swift.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func locate() throws -> URL {
        let fm = FileManager.default
        if let products = productsFolder() {
            let binary = products.appendingPathComponent("kinkcheck")
            if fm.isExecutableFile(atPath: binary.path) { return binary }
            // PRODUCTS is SCRATCH/<triple>/<configuration>.
            let scratch = products.deletingLastPathComponent().deletingLastPathComponent()
            try build(["--scratch-path", scratch.path, "-c", products.lastPathComponent] + lockOption(scratch: scratch))
            guard fm.isExecutableFile(atPath: binary.path) else {
                throw CommandLineToolError(description: "swift build --product kinkcheck succeeded but \(binary.path) is not there")
            }
            return binary
        }
        // An unknown layout: build with the defaults and ask SwiftPM where the product went.
        try build([])
        let folder = try swift(["build", "--package-path", packageRoot.path, "--product", "kinkcheck", "--show-bin-path"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let binary = URL(fileURLWithPath: folder).appendingPathComponent("kinkcheck")
        guard fm.isExecutableFile(atPath: binary.path) else {
            throw CommandLineToolError(description: "no kinkcheck executable in \(folder) after swift build --product kinkcheck")
        }
        return binary
    }

    /// `swift test` holds the build folder's lock (SCRATCH/.lock, which holds the holder's process
    /// id) while the tests run, so a build started from a test would wait for it forever. When the
    /// holder is this process's parent — the `swift test` running these tests, which builds
    /// nothing while they run — the build goes ahead without the lock; any other holder (a build
    /// in another shell) is waited for.
    static func lockOption(scratch: URL) -> [String] {
        guard let text = try? String(contentsOf: scratch.appendingPathComponent(".lock"), encoding: .utf8),
              let holder = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), holder == getppid() else { return [] }
        return ["--ignore-lock"]
    }

    static func build(_ options: [String]) throws {
        _ = try swift(["build", "--package-path", packageRoot.path] + options + ["--product", "kinkcheck"])
    }

    /// Runs `swift arguments…` (through `env`, so PATH decides which toolchain) and returns its
    /// stdout; a failure carries the end of its output.
    static func swift(_ arguments: [String]) throws -> String {
        let run: CommandRun
        do {
            run = try execute(URL(fileURLWithPath: "/usr/bin/env"), ["swift"] + arguments, timeout: 3600)
        } catch {
            throw CommandLineToolError(description: "could not run swift \(arguments.joined(separator: " ")): \(error)")
        }
        guard run.status == 0 else {
            throw CommandLineToolError(description: "swift \(arguments.joined(separator: " ")) failed (status \(run.status)): \((run.stdout + run.stderr).suffix(2000))")
        }
        return run.stdout
    }

    /// Runs `kinkcheck arguments…` in `directory`, with `environment` added to (or, for nil
    /// values, removed from) this process's environment; `timeout` seconds at most.
    /// `kinkcheck arguments…`'s stdout as bytes; a nonzero status is an error.
    static func runBytes(_ arguments: [String]) throws -> Data {
        let run = try run(arguments)
        guard run.status == 0 else { throw CommandLineToolError(description: "\(arguments): status \(run.status): \(run.stderr.prefix(300))") }
        return run.stdoutData
    }

    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String?] = [:],
                    timeout: Double = 120) throws -> CommandRun {
        try execute(try binary(), arguments, in: directory, environment: environment, timeout: timeout)
    }

    static func execute(_ executable: URL, _ arguments: [String], in directory: URL? = nil,
                        environment: [String: String?] = [:], timeout: Double) throws -> CommandRun {
        let process = Process()
        process.executableURL = executable
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
            Issue.record("\(executable.lastPathComponent) \(arguments.joined(separator: " ")) did not finish in \(timeout) s")
        }
        process.waitUntilExit()
        group.wait()
        return CommandRun(arguments: arguments, status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self), stdoutData: outData)
    }

    /// A fresh empty folder under the temporary folder.
    static func temporaryFolder(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("kinkcheck-tests-\(label)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
