import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckSupport

/// One row of a framework dump (the dump contract): what a framework computed for one
/// activation at one x in one dtype.
package struct DumpRow: Sendable {
    /// Which file of the run (0-based; printed 1-based).
    package var file: Int
    /// The 1-based data row of its file (the header not counted; in a `.jsonl` file, the
    /// 1-based line among non-blank lines).
    package var row: Int
    /// Labels carried into the output (empty when the column is missing).
    package var framework: String
    package var mode: String
    /// The framework's version and the device it ran on (columns `framework_version`, `device`;
    /// empty when missing).
    package var version: String
    package var device: String
    package var dtype: IEEEFormat
    /// The KinkCheck spec the framework's function is compared with.
    package var activation: String
    /// x, value and derivative are numbers of `dtype` (every one is exactly a `Double`).
    package var x: Double
    package var value: Double
    /// nil: the framework gave none (an empty field).
    package var derivative: Double?
    /// For an activation of several inputs (`x` written `a;b`): every input (`x` is the first)
    /// and the gradient (`derivative` written `g1;g2`, a component nil where none was given);
    /// nil for one input.
    package var inputs: [Double]? = nil
    package var gradient: [Double?]? = nil

    package init(file: Int = 0, row: Int, framework: String = "", mode: String = "", version: String = "", device: String = "",
                dtype: IEEEFormat, activation: String, x: Double, value: Double, derivative: Double?) {
        self.file = file; self.row = row; self.framework = framework; self.mode = mode; self.dtype = dtype
        self.version = version; self.device = device
        self.activation = activation; self.x = x; self.value = value; self.derivative = derivative
    }
}

/// Bad dump input: names the file, the 1-based data row (0 for the header, −1 for the file as a
/// whole) and the column.
package struct DumpError: Error, CustomStringConvertible, Sendable {
    package var file: String
    package var row: Int
    package var column: String?
    package var message: String

    package init(file: String, row: Int, column: String?, _ message: String) {
        self.file = file; self.row = row; self.column = column; self.message = message
    }

    /// `dump.csv: row 3, column x: '0x1.0000001p+0' is not exact in float32`.
    package var description: String {
        let place = [row < 0 ? nil : row == 0 ? "header" : "row \(row)", column.map { "column \($0)" }].compactMap { $0 }
        return "\(file): " + (place.isEmpty ? "" : place.joined(separator: ", ") + ": ") + message
    }
}
