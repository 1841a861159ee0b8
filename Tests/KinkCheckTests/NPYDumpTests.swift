import BigFloat
import Foundation
import KinkCheck
import KinkCheckSamples
import Testing

/// Binary dumps for `kinkcheck samples` (issue 29): a `.npy` array of (x, f, f′) rows in the
/// dtype's layout and its JSON sidecar, read as a stream, so that a shard of every float32 input
/// need not fit in memory.
@Suite struct NPYDumpTests {
    static let sidecar = #"{"framework": "torch", "framework_version": "2.13.0+cpu", "device": "cpu", "mode": "batch", "dtype": "DTYPE", "activation": "relu", "grid": "g.npy"}"#

    /// A .npy file of version `version` holding `rows` in `dtype`'s layout (shape and descr as given).
    static func npy(_ rows: [[Double]], dtype: IEEEFormat, version: UInt8 = 1, descr: String? = nil, shape: String? = nil,
                    fortran: Bool = false) -> [UInt8] {
        let (d, bytes) = NPYLayout.descr(dtype)
        var header = "{'descr': '\(descr ?? d)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape ?? "(\(rows.count), 3)"), }"
        let prefix = version == 1 ? 10 : 12
        header += String(repeating: " ", count: (64 - (prefix + header.utf8.count + 1) % 64) % 64) + "\n"
        let n = header.utf8.count
        var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version, 0]
        out += version == 1 ? [UInt8(n & 0xFF), UInt8(n >> 8)] : [UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), 0, 0]
        out += Array(header.utf8)
        let codec = dtype.codec
        for row in rows { for v in row { let b = codec.bits(rounding: v); for k in 0 ..< bytes { out.append(UInt8(truncatingIfNeeded: b >> (8 * UInt64(k)))) } } }
        return out
    }

    static func read(_ bytes: [UInt8], dtype: String, chunk: Int = .max, sidecar: String? = nil) throws(DumpError) -> [DumpRow] {
        var rows: [DumpRow] = []
        try NPYDumpReader.forEachRow(DumpSource(bytes: bytes, path: "d.npy", chunkSize: chunk),
                                     sidecar: sidecar ?? Self.sidecar.replacingOccurrences(of: "DTYPE", with: dtype),
                                     sidecarName: "d.npy.json", fileIndex: 0) { rows.append($0) }
        return rows
    }

    static let rows: [[Double]] = [[-1.5, 0, 0], [-0.0, 0, 0], [0x1p-9, 0x1p-9, 1], [.infinity, .infinity, 1], [-.infinity, 0, 0],
                                   [.nan, .nan, .nan], [3, 3, .nan], [0x1.8p-1, 0x1.8p-1, 1]]

    /// Cut anywhere — inside the magic, the header or a row — a dump gives the same rows: the
    /// numbers bit for bit, the sidecar's labels on each, rows numbered from 1.
    @Test(arguments: [(IEEEFormat.binary16, "float16"), (.bfloat16, "bfloat16"), (.binary32, "float32"), (.binary64, "float64")])
    func chunksDoNotChangeTheRows(_ format: IEEEFormat, _ name: String) throws {
        let bytes = Self.npy(Self.rows, dtype: format)
        let whole = try Self.read(bytes, dtype: name)
        #expect(whole.count == Self.rows.count)
        for (i, r) in whole.enumerated() {
            #expect(r.row == i + 1 && r.framework == "torch" && r.version == "2.13.0+cpu" && r.device == "cpu" && r.mode == "batch")
            #expect(r.dtype == format && r.activation == "relu")
            let due = Self.rows[i]
            #expect(zip([r.x, r.value, r.derivative!], due).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }, "row \(i + 1)")
        }
        func key(_ rows: [DumpRow]) -> [String] { rows.map { "\($0.row) \($0.x.bitPattern) \($0.value.bitPattern) \($0.derivative!.bitPattern)" } }
        for size in [1, 2, 5, 7, 13, 64, 100, 150, 200] {
            #expect(key(try Self.read(bytes, dtype: name, chunk: size)) == key(whole), "chunks of \(size)")
        }
    }

    /// Headers of version 1 and 2 read alike; a prefix of a header asks for more; other bytes are
    /// not a .npy file.
    @Test func headersOfEachVersion() {
        for version: UInt8 in [1, 2] {
            let bytes = Self.npy([[1, 1, 1]], dtype: .binary32, version: version)
            guard case .header(let h) = NPYLayout.parse(bytes) else { Issue.record("version \(version)"); continue }
            #expect(h.descr == "<f4" && !h.fortranOrder && h.shape == [1, 3] && h.dataOffset == bytes.count - 12 && h.dataOffset % 64 == 0)
            for cut in [0, 3, 6, 9, h.dataOffset - 1] { #expect(NPYLayout.parse(bytes.prefix(cut)) == .needMore, "cut at \(cut)") }
        }
        guard case .bad(let why) = NPYLayout.parse(Array("x,value\n1,2\n".utf8)) else { Issue.record("CSV read as .npy"); return }
        #expect(why.contains("not a .npy file"))
    }

    /// Each way a binary dump can be wrong is one error naming the file (or its sidecar) and what
    /// is wrong.
    @Test(arguments: [
        ("descr", "an array of '<f8'; a float32 dump is '<f4'"), ("fortran", "Fortran order"), ("shape", "an array of shape (8, 2)"),
        ("short", "holds 7 whole row(s) of its shape's 8"), ("long", "holds more data than its shape"), ("empty", "its array has no rows"),
        ("header", "its .npy header is cut short"), ("no dtype", "no 'dtype'"), ("bad dtype", "unknown dtype 'float8'"),
        ("bad json", "malformed JSON"),
    ])
    func badDumpsAreRefused(_ what: String, _ says: String) {
        var bytes = Self.npy(Self.rows, dtype: .binary32)
        var sidecar: String? = nil
        switch what {
        case "descr": bytes = Self.npy(Self.rows, dtype: .binary32, descr: "<f8")
        case "fortran": bytes = Self.npy(Self.rows, dtype: .binary32, fortran: true)
        case "shape": bytes = Self.npy(Self.rows, dtype: .binary32, shape: "(8, 2)")
        case "short": bytes.removeLast(5)
        case "long": bytes += [0, 0, 0, 0]
        case "empty": bytes = Self.npy([], dtype: .binary32)
        case "header": bytes = Array(bytes.prefix(40))
        case "no dtype": sidecar = #"{"activation": "relu"}"#
        case "bad dtype": sidecar = #"{"activation": "relu", "dtype": "float8"}"#
        default: sidecar = #"{"activation": "relu", "dtype": "float32""#
        }
        do {
            _ = try Self.read(bytes, dtype: "float32", chunk: 7, sidecar: sidecar)
            Issue.record("\(what): read")
        } catch {
            #expect(error.description.contains(says) && error.description.hasPrefix(sidecar == nil ? "d.npy: " : "d.npy.json: "), "\(what): \(error)")
        }
    }
}
