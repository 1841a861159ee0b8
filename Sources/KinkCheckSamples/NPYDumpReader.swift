import BigFloat
import Foundation
import KinkCheck
import KinkCheckGeneration
import KinkCheckSupport

/// The rows of a binary dump: a `.npy` array of shape (N, 3) — x, f, f′ per row, in the dtype's
/// layout (``NPYLayout/descr(_:)``) — and its sidecar `PATH.json`, one JSON object naming what
/// the rows are of: `activation` and `dtype` (required), `framework`, `framework_version`,
/// `device` and `mode` (optional; other keys are ignored). The dump scripts write both
/// (`--out FILE.npy`, from a `grid --format npy` grid). The array is read in chunks as it
/// streams in, so its size is not limited by memory; every number is exactly a number of the
/// dtype, and a NaN derivative is the framework's NaN (a `.npy` dump always has one).
///
/// Edge cases: a missing or malformed sidecar, an array of another dtype or shape, Fortran
/// order, and data shorter or longer than the shape are each one ``DumpError`` naming the file.
/// An array of 0 rows is an empty dump (an error, as an empty CSV file is).
package struct NPYDumpReader {
    package let name: String
    package let fileIndex: Int
    let template: DumpRow
    let bytes: Int
    let codec: IEEECodec
    private var pending: [UInt8] = []
    private var header: NPYLayout.Header? = nil
    private var rows = 0
    private var expected = 0

    /// The sidecar's labels as a row template; `sidecar` is its text, `sidecarName` its path.
    package init(name: String, fileIndex: Int, sidecar: String, sidecarName: String) throws(DumpError) {
        self.name = name
        self.fileIndex = fileIndex
        let object: [String: String?]
        do { object = try FlatJSONObject.parse(sidecar) } catch {
            throw DumpError(file: sidecarName, row: -1, column: nil, "\(error.message) (the sidecar of \(name) is one flat JSON object)")
        }
        func field(_ key: String, required: Bool) throws(DumpError) -> String {
            guard let entry = object[key], let value = entry else {
                if !required { return "" }
                throw DumpError(file: sidecarName, row: -1, column: nil, "no '\(key)' (the sidecar of \(name) names its activation and dtype)")
            }
            return value
        }
        let dtypeText = try field("dtype", required: true)
        guard let dtype = IEEEFormat(name: dtypeText) else {
            throw DumpError(file: sidecarName, row: -1, column: nil, "unknown dtype '\(dtypeText)'; use \(FormatName.accepted(mpfr: false))")
        }
        let spec = try field("activation", required: true)
        guard !spec.isEmpty else { throw DumpError(file: sidecarName, row: -1, column: nil, "empty activation spec") }
        template = DumpRow(file: fileIndex, row: 0, framework: try field("framework", required: false), mode: try field("mode", required: false),
                           version: try field("framework_version", required: false), device: try field("device", required: false),
                           dtype: dtype, activation: spec, x: 0, value: 0, derivative: nil)
        bytes = NPYLayout.descr(dtype).bytes
        codec = dtype.codec
    }

    /// Calls `body` with every row of the dump at `path` (its sidecar at `path + ".json"`).
    package static func forEachRow(path: String, fileIndex: Int, _ body: (DumpRow) throws(DumpError) -> Void) throws(DumpError) {
        let sidecarPath = path + ".json"
        let sidecar = try Self.sidecar(sidecarPath, of: path)
        try forEachRow(DumpSource(path: path), sidecar: sidecar, sidecarName: sidecarPath, fileIndex: fileIndex, body)
    }

    /// Calls `body` with every row of the array in `source` (`sidecar` the text of its sidecar).
    package static func forEachRow(_ source: DumpSource, sidecar: String, sidecarName: String, fileIndex: Int,
                                   _ body: (DumpRow) throws(DumpError) -> Void) throws(DumpError) {
        var reader = try NPYDumpReader(name: source.path, fileIndex: fileIndex, sidecar: sidecar, sidecarName: sidecarName)
        try source.forEachChunk { chunk throws(DumpError) in try reader.feed(chunk, body) }
        try reader.finish()
    }

    /// The sidecar's text (at most 64 KiB of UTF-8).
    static func sidecar(_ path: String, of dump: String) throws(DumpError) -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DumpError(file: dump, row: -1, column: nil, "no sidecar \(path) beside it (the dump scripts write one; it names the activation and dtype)")
        }
        var text: [UInt8] = []
        try DumpSource(path: path).forEachChunk { chunk throws(DumpError) in
            text.append(contentsOf: chunk)
            if text.count > 1 << 16 { throw DumpError(file: path, row: -1, column: nil, "larger than 64 KiB: not a sidecar") }
        }
        guard let s = DumpReader.text(text[...]) else { throw DumpError(file: path, row: -1, column: nil, "not UTF-8 text") }
        return s
    }

    /// The next bytes of the array. Each chunk joins the bytes a previous chunk cut short; the
    /// whole rows are read, and what is left (part of a row, or of the header) waits for the next.
    package mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ body: (DumpRow) throws(DumpError) -> Void) throws(DumpError) {
        pending.append(contentsOf: chunk)
        if header == nil {
            switch NPYLayout.parse(pending) {
            case .needMore: return
            case .bad(let why): throw DumpError(file: name, row: -1, column: nil, why)
            case .header(let h):
                try check(h)
                header = h
                pending.removeFirst(h.dataOffset)
            }
        }
        let stride = 3 * bytes, whole = pending.count / stride * stride
        var error: DumpError? = nil
        var (rows, template) = (self.rows, self.template)
        let (expected, name) = (self.expected, self.name)
        pending.withUnsafeBytes { p in
            do throws(DumpError) {
                for start in Swift.stride(from: 0, to: whole, by: stride) {
                    rows += 1
                    guard rows <= expected else { throw DumpError(file: name, row: -1, column: nil, "holds more data than its shape (\(expected), 3)") }
                    let row = UnsafeRawBufferPointer(rebasing: p[start ..< start + stride])
                    template.row = rows
                    (template.x, template.value, template.derivative) = (number(row, 0), number(row, 1), number(row, 2))
                    try body(template)
                }
            } catch let e { error = e }
        }
        self.rows = rows
        if let error { throw error }
        pending.removeFirst(whole)
    }

    /// After the last chunk: the array must have been whole.
    package mutating func finish() throws(DumpError) {
        guard header != nil else {
            throw DumpError(file: name, row: -1, column: nil, pending.isEmpty ? "empty file: expected a .npy array" : "its .npy header is cut short")
        }
        guard rows < expected || pending.isEmpty else {
            throw DumpError(file: name, row: -1, column: nil, "holds more data than its shape (\(expected), 3)")
        }
        guard pending.isEmpty, rows == expected else {
            throw DumpError(file: name, row: -1, column: nil, "holds \(rows) whole row(s) of its shape's \(expected) (cut short?)")
        }
        guard rows > 0 else { throw DumpError(file: name, row: -1, column: nil, "empty file: its array has no rows") }
    }

    mutating func check(_ h: NPYLayout.Header) throws(DumpError) {
        let (descr, _) = NPYLayout.descr(template.dtype)
        guard h.descr == descr else {
            throw DumpError(file: name, row: -1, column: nil, "an array of '\(h.descr)'; a \(template.dtype.name) dump is '\(descr)' (its sidecar says \(template.dtype.name))")
        }
        guard !h.fortranOrder else { throw DumpError(file: name, row: -1, column: nil, "an array in Fortran order; rows (x, f, f′) are read in C order") }
        guard h.shape.count == 2, h.shape[1] == 3 else {
            throw DumpError(file: name, row: -1, column: nil, "an array of shape (\(h.shape.map(String.init).joined(separator: ", "))); a dump is (N, 3): x, f, f′ per row")
        }
        expected = h.shape[0]
    }

    func number(_ p: UnsafeRawBufferPointer, _ column: Int) -> Double {
        var bits: UInt64 = 0
        for k in 0 ..< bytes { bits |= UInt64(p[column * bytes + k]) << (8 * UInt64(k)) }
        return codec.double(bits)
    }
}
