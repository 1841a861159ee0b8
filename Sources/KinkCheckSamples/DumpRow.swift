import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckSupport

/// One row of a framework dump (the dump contract): what a framework computed for one
/// activation at one x in one dtype.
public struct DumpRow: Sendable {
    /// Which file of the run (0-based; printed 1-based).
    public var file: Int
    /// The 1-based data row of its file (the header not counted; in a `.jsonl` file, the
    /// 1-based line among non-blank lines).
    public var row: Int
    /// Labels carried into the output (empty when the column is missing).
    public var framework: String
    public var mode: String
    public var dtype: IEEEFormat
    /// The KinkCheck spec the framework's function is compared with.
    public var activation: String
    /// x, value and derivative are numbers of `dtype` (every one is exactly a `Double`).
    public var x: Double
    public var value: Double
    /// nil: the framework gave none (an empty field).
    public var derivative: Double?

    public init(file: Int = 0, row: Int, framework: String = "", mode: String = "", dtype: IEEEFormat,
                activation: String, x: Double, value: Double, derivative: Double?) {
        self.file = file; self.row = row; self.framework = framework; self.mode = mode; self.dtype = dtype
        self.activation = activation; self.x = x; self.value = value; self.derivative = derivative
    }
}

/// Bad dump input: names the file, the 1-based data row (0 for the header, −1 for the file as a
/// whole) and the column.
public struct DumpError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var row: Int
    public var column: String?
    public var message: String

    public init(file: String, row: Int, column: String?, _ message: String) {
        self.file = file; self.row = row; self.column = column; self.message = message
    }

    /// `dump.csv: row 3, column x: '0x1.0000001p+0' is not exact in float32`.
    public var description: String {
        let place = [row < 0 ? nil : row == 0 ? "header" : "row \(row)", column.map { "column \($0)" }].compactMap { $0 }
        return "\(file): " + (place.isEmpty ? "" : place.joined(separator: ", ") + ": ") + message
    }
}
