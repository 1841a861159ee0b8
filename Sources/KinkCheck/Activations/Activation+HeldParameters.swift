import BigFloat
import KinkCheckSupport

/// An activation with its numeric parameters as a format's kernel holds them.
///
/// `hardtanh:max=0.35` means the exact decimal 0.35 to every mathematical property (its kink is
/// at 7/20), but the float64 kernel clips at the double nearest 0.35 and the float32 kernel at the
/// float nearest it: that is the function each kernel implements. So a kernel's accuracy is
/// judged against the function with its parameters rounded the way the kernel stores them — a
/// binary64 kernel in Double, the others in Float (float16 and bfloat16 kernels compute in
/// Float) — and the output names those parameters. Literal constants inside a definition or a
/// formula are part of the function and stay exact: a kernel that rounds them is judged for it.
package struct HeldParameters: Sendable {
    /// The activation with those parameters.
    package var activation: any Activation
    /// The parameters that changed, as `key=hex (decimal as the type holds it)`.
    package var note: String

    /// The type a kernel stores its parameters in.
    package enum Storage: Sendable, Hashable { case float, double }

    package static func storage(of format: IEEEFormat) -> Storage { format == .binary64 ? .double : .float }
}

extension Activation {
    /// This activation with every numeric parameter rounded as `storage` holds it; nil when every
    /// parameter is exact there (or there are none), or the activation cannot be rebuilt from its
    /// parameters (a Swift type outside the catalogue: its constants are its own).
    package func held(as storage: HeldParameters.Storage) -> HeldParameters? {
        var changed: [(key: String, value: String)] = []
        var all: [(key: String, value: String)] = []
        for p in parameters {
            guard case .number(let c) = p.value else { all.append((p.name, p.value.description)); continue }
            let rounded = storage == .double ? BigFloat(c.double, precision: 53) : BigFloat(c.float, precision: 24)
            let exact = c.rational.map { q in Rational(exactly: rounded).map { $0 == q } ?? false } ?? false
            let text = exact ? c.text : rounded.hexString
            if !exact { changed.append((p.name, text)) }
            all.append((p.name, text))
        }
        guard !changed.isEmpty else { return nil }
        let rebuilt: (any Activation)?
        if let formula = self as? Formula {
            rebuilt = try? formula.withParameters(Dictionary(uniqueKeysWithValues: changed.map { ($0.key, $0.value) }))
        } else if let entry = Catalogue.entry(named: name) {
            rebuilt = try? Catalogue.make(entry, pairs: all)
        } else {
            rebuilt = nil
        }
        guard let rebuilt else { return nil }
        let type = storage == .double ? "double" : "float"
        let note = changed.map { key, hex in
            "\(key)=\(hex) (\(parameters.first { $0.name == key }!.value) as a \(type) holds it)"
        }.joined(separator: ", ")
        return HeldParameters(activation: rebuilt, note: note)
    }
}
