import BigFloat
import Foundation
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckSupport

/// The bytes of one dump file, handed out in chunks so that a dump of any size is never held
/// whole: a regular file is read from disk on every pass (``forEachChunk(_:)`` may be called
/// more than once); anything else — a pipe, `/dev/stdin`, `/dev/null` — is read once on opening
/// and kept.
///
/// Edge cases: a missing file, a folder and an unreadable file are each one ``DumpError`` naming
/// the file; an empty file is not an error here (the reader says it is empty).
package struct DumpSource {
    /// Bytes per read.
    package static let chunkSize = 1 << 20

    package let path: String
    /// The whole content of a file that is not a regular file (nil for a regular file).
    private let kept: [UInt8]?
    /// The size of the chunks `kept` is handed out in.
    private var keptChunk = Int.max

    package init(path: String) throws(DumpError) {
        self.path = path
        let fd = try Self.open(path)
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Self.failure(path, "cannot read the file (\(Self.reason(errno)))") }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: throw Self.failure(path, "is a folder, not a dump file")
        case S_IFREG: kept = nil
        default:
            var all: [UInt8] = []
            try Self.read(fd, path: path) { chunk throws(DumpError) in all.append(contentsOf: chunk) }
            kept = all
        }
    }

    /// Bytes already in memory (`path` names them in errors), handed out in chunks of
    /// `chunkSize` (the tests cut them finely).
    package init(bytes: [UInt8], path: String, chunkSize: Int = .max) {
        self.path = path
        kept = bytes
        keptChunk = Swift.max(chunkSize, 1)
    }

    /// Calls `body` with the file's bytes in order, in chunks of at most ``chunkSize``.
    package func forEachChunk(_ body: (UnsafeBufferPointer<UInt8>) throws(DumpError) -> Void) throws(DumpError) {
        if let kept {
            var error: DumpError? = nil
            kept.withUnsafeBufferPointer { buffer in
                do throws(DumpError) {
                    if buffer.isEmpty { return }
                    for start in stride(from: 0, to: buffer.count, by: keptChunk) {
                        try body(UnsafeBufferPointer(rebasing: buffer[start ..< start + Swift.min(keptChunk, buffer.count - start)]))
                    }
                } catch let e { error = e }
            }
            if let error { throw error }
            return
        }
        let fd = try Self.open(path)
        defer { close(fd) }
        try Self.read(fd, path: path, body)
    }

    package static func open(_ path: String) throws(DumpError) -> Int32 {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let e = errno
            throw failure(path, e == ENOENT ? "no such file" : "cannot read the file (\(reason(e)))")
        }
        return fd
    }

    package static func read(_ fd: Int32, path: String, _ body: (UnsafeBufferPointer<UInt8>) throws(DumpError) -> Void) throws(DumpError) {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize)
        defer { buffer.deallocate() }
        while true {
            // Fill the chunk (a read may return less than asked before the end).
            var filled = 0
            while filled < chunkSize {
                let n = Glibc.read(fd, buffer.baseAddress! + filled, chunkSize - filled)
                if n < 0 {
                    if errno == EINTR { continue }
                    let e = errno
                    throw failure(path, e == EISDIR ? "is a folder, not a dump file" : "cannot read the file (\(reason(e)))")
                }
                if n == 0 { break }
                filled += n
            }
            if filled > 0 { try body(UnsafeBufferPointer(rebasing: buffer[0 ..< filled])) }
            if filled < chunkSize { return }
        }
    }

    package static func failure(_ path: String, _ message: String) -> DumpError { DumpError(file: path, row: -1, column: nil, message) }

    package static func reason(_ code: Int32) -> String {
        code == EACCES ? "permission denied" : String(cString: strerror(code))
    }
}
