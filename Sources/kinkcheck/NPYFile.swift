import BigFloat
import Foundation
import KinkCheck
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

extension NPY {
    static func descr(_ dtype: IEEEFormat) -> (descr: String, bytes: Int) { NPYLayout.descr(dtype) }

    /// The magic, version 1.0 and the header dict, padded so the data starts at a multiple of 64.
    static func header(dtype: IEEEFormat, shape: [Int]) -> Data {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr(dtype).descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        return data
    }

    /// Every finite input of `range` (``FiniteValues`` order), then +∞, −∞ and NaN when
    /// `specials`, written to stdout as a (N,) array a chunk at a time (a float32 shard of 67 M
    /// inputs is 268 MB of output and a few MB of memory).
    static func writeEveryInput(_ dtype: IEEEFormat, range: Range<Int>, specials: Bool) {
        let values = FiniteValues(dtype)!, codec = dtype.codec, bytes = descr(dtype).bytes
        let out = FileHandle.standardOutput
        out.write(header(dtype: dtype, shape: [range.count + (specials ? 3 : 0)]))
        var start = range.lowerBound
        while start < range.upperBound {
            let end = Swift.min(start + (1 << 20), range.upperBound)
            var chunk = Data(capacity: (end - start) * bytes)
            for i in start ..< end { append(codec.bits(rounding: values.value(i)), bytes, to: &chunk) }
            out.write(chunk)
            start = end
        }
        if specials {
            var tail = Data()
            for x in ExhaustiveAccuracy.specialInputs { append(codec.bits(rounding: x), bytes, to: &tail) }
            out.write(tail)
        }
    }

    static func append(_ bits: UInt64, _ bytes: Int, to data: inout Data) {
        for k in 0 ..< bytes { data.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(k)))) }
    }
}

/// A framework's dump of one activation over the inputs of an exhaustive shard, read from a
/// `.npy` file of shape (N, 3) — x, f, f′ per row, in the dtype's layout (``NPY/descr(_:)``) —
/// by memory map, so a 67 M-row shard costs its pages, not its size in memory. Its rows are the
/// shard's inputs in order, then +∞, −∞, NaN when the shard is the last (what `grid
/// --exhaustive` wrote and the dump scripts evaluated); every x is checked.
struct NPYKernel: Kernel, @unchecked Sendable {
    let data: Data
    let offset: Int
    let bytes: Int
    let codec: IEEECodec
    let range: Range<Int>
    let values: FiniteValues

    init(path: String, dtype: IEEEFormat, range: Range<Int>, specials: Bool) throws {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
            throw InputError("--kernel \(path): \(FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")")
        }
        let (descr, bytes) = NPY.descr(dtype)
        let h: NPYLayout.Header
        switch NPYLayout.parse(data) {
        case .header(let parsed): h = parsed
        case .needMore: throw InputError("--kernel \(path): \(data.isEmpty ? "an empty file" : "its .npy header is cut short")")
        case .bad(let why): throw InputError("--kernel \(path): \(why)")
        }
        let rows = range.count + (specials ? 3 : 0)
        guard h.descr == descr else { throw InputError("--kernel \(path): not \(descr) (\(dtype.name)); its header is \(h.text)") }
        guard !h.fortranOrder, h.shape == [rows, 3] else {
            throw InputError("--kernel \(path): expected shape (\(rows), 3) in C order (x, f, f′ for each input of the shard\(specials ? ", then ±∞ and NaN" : "")); its header is \(h.text)")
        }
        guard data.count >= h.dataOffset + rows * 3 * bytes else { throw InputError("--kernel \(path): holds fewer rows than its shape") }
        self.data = data; self.offset = h.dataOffset; self.bytes = bytes; self.codec = dtype.codec
        self.range = range; self.values = FiniteValues(dtype)!
        // Every row's x is the shard's input there (bit for bit; any NaN for NaN).
        for row in 0 ..< rows {
            let x = number(row, 0)
            let due = row < range.count ? values.value(range.lowerBound + row) : ExhaustiveAccuracy.specialInputs[row - range.count]
            guard x.bitPattern == due.bitPattern || (x.isNaN && due.isNaN) else {
                throw InputError("--kernel \(path): row \(row + 1) has x = \(x), the shard's input there is \(due) (a dump of another grid or shard?)")
            }
        }
    }

    func number(_ row: Int, _ column: Int) -> Double {
        let at = data.startIndex + offset + (row * 3 + column) * bytes
        var bits: UInt64 = 0
        for k in 0 ..< bytes { bits |= UInt64(data[at + k]) << (8 * UInt64(k)) }
        return codec.double(bits)
    }

    func results(at i: Int) -> (value: Double, derivative: Double) {
        let row = i - range.lowerBound
        return (number(row, 1), number(row, 2))
    }

    func special(_ s: Int) -> (value: Double, derivative: Double) { (number(range.count + s, 1), number(range.count + s, 2)) }
}
