import BigFloat
import Foundation
import KinkCheck

/// NumPy's `.npy` format as KinkCheck writes and reads it: the magic string `\x93NUMPY`, a
/// version, the header's length, a header dictionary (`descr`, `fortran_order`, `shape`), then
/// the data little-endian, row after row. float16, float32 and float64 are '<f2', '<f4', '<f8';
/// bfloat16, which NumPy lacks, is its bit patterns '<u2' (`ml_dtypes.bfloat16` views them).
package enum NPYLayout {
    /// The element type of `dtype`'s numbers and its size in bytes.
    package static func descr(_ dtype: IEEEFormat) -> (descr: String, bytes: Int) {
        switch dtype {
        case .binary16: ("<f2", 2)
        case .bfloat16: ("<u2", 2)
        case .binary32: ("<f4", 4)
        case .binary64: ("<f8", 8)
        }
    }

    package struct Header: Sendable, Equatable {
        package var descr: String
        package var fortranOrder: Bool
        package var shape: [Int]
        /// Where the data starts, in bytes from the start of the file.
        package var dataOffset: Int
        /// The dictionary as written (for error messages).
        package var text: String
    }

    /// The header at the start of `bytes`; `.needMore` when `bytes` ends before it does; `.bad`
    /// with the reason when these are not the bytes of a `.npy` file (version 1, 2 or 3) whose
    /// header says `descr`, `fortran_order` and `shape`.
    package enum Parsed: Sendable, Equatable {
        case header(Header)
        case needMore
        case bad(String)
    }

    package static func parse(_ bytes: some Collection<UInt8>) -> Parsed {
        let b = Array(bytes.prefix(12))
        let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
        guard b.count >= 6 || !b.elementsEqual(magic.prefix(b.count)) else { return .needMore }
        guard b.count >= 6, b.prefix(6).elementsEqual(magic) else { return .bad("not a .npy file (no \\x93NUMPY magic)") }
        guard b.count >= 8 else { return .needMore }
        let major = b[6]
        guard (1...3).contains(major) else { return .bad("a .npy file of version \(major).\(b[7]); versions 1 to 3 are read") }
        let lengthBytes = major == 1 ? 2 : 4, start = 8 + lengthBytes
        guard b.count >= start else { return .needMore }
        let length = (0 ..< lengthBytes).reduce(0) { $0 | Int(b[8 + $1]) << (8 * $1) }
        guard length <= 1 << 20 else { return .bad("a .npy header of \(length) bytes (more than 1 MiB: not a dump)") }
        let all = Array(bytes.prefix(start + length))
        guard all.count == start + length else { return .needMore }
        let text = String(decoding: all[start...], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let descr = quoted(after: "'descr':", in: text) else { return .bad("its header names no descr: \(text)") }
        let order: Bool
        if text.contains("'fortran_order': False") { order = false }
        else if text.contains("'fortran_order': True") { order = true }
        else { return .bad("its header names no fortran_order: \(text)") }
        guard let shape = shape(in: text) else { return .bad("its header names no shape: \(text)") }
        return .header(Header(descr: descr, fortranOrder: order, shape: shape, dataOffset: start + length, text: text))
    }

    /// The text between single quotes after `key`.
    static func quoted(after key: String, in text: String) -> String? {
        guard let k = text.range(of: key) else { return nil }
        let rest = text[k.upperBound...].drop { $0 == " " }
        guard rest.first == "'", let close = rest.dropFirst().firstIndex(of: "'") else { return nil }
        return String(rest[rest.index(after: rest.startIndex) ..< close])
    }

    /// The integers of `'shape': (a, b, …)`.
    static func shape(in text: String) -> [Int]? {
        guard let k = text.range(of: "'shape':") else { return nil }
        let rest = text[k.upperBound...].drop { $0 == " " }
        guard rest.first == "(", let close = rest.firstIndex(of: ")") else { return nil }
        let items = rest[rest.index(after: rest.startIndex) ..< close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        let dims = items.compactMap { Int($0) }
        return dims.count == items.count && dims.allSatisfy({ $0 >= 0 }) ? dims : nil
    }
}
