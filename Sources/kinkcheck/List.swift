import ArgumentParser
import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckReports
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the built-in activations (and a variant file's): name, parameters with defaults, kinks, formula.")

    @OptionGroup var output: JSONOption
    @OptionGroup var variants: VariantsOption

    func run() throws {
        let file = try variants.load()
        let activations = (Catalogue.entries + Catalogue.composites).map(\.defaultActivation) + (file?.variants ?? [])
        let rows = activations.map { a -> (String, [(String, String)], [String], String) in
            return (a.name, a.parameters.map { ($0.name, $0.defaultValue.description) },
                    a.kinks.map { $0.location.description }, a.formula)
        }
        let multi = Catalogue.allMultiInput + ((file?.multiInputVariants ?? []) as [any MultiInputActivation])
        let multiRows = multi.map { f in
            (f.name, f.parameters.map { ($0.name, $0.defaultValue.description) }, f.inputNames,
             f.nonSmoothSets.map { $0.description(names: f.inputNames) }, f.formula)
        }
        if output.json {
            print(JSON.array(rows.map { row in
                .object([("name", .string(row.0)),
                         ("parameters", .object(row.1.map { ($0.0, .string($0.1)) })),
                         ("kinks", .array(row.2.map { .string($0) })),
                         ("formula", .string(row.3))])
            } + multiRows.map { row in
                .object([("name", .string(row.0)),
                         ("parameters", .object(row.1.map { ($0.0, .string($0.1)) })),
                         ("inputs", .array(row.2.map { .string($0) })),
                         ("kinks", .array(row.3.map { .string($0) })),
                         ("non_smooth_sets", .array(row.3.map { .string($0) })),
                         ("formula", .string(row.4))])
            }).rendered())
            return
        }
        let width = rows.map(\.0.count).max() ?? 0
        for (i, (name, params, kinks, formula)) in rows.enumerated() {
            if i == Catalogue.entries.count { print("composites and controls (autodiff classics):") }
            if let file, i == Catalogue.entries.count + Catalogue.composites.count { print("variants from \(file.path):") }
            let p = params.isEmpty ? "-" : params.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
            let k = kinks.isEmpty ? "none" : kinks.joined(separator: ",")
            print(name.padded(to: width) + "  params: \(p)  kinks: \(k)  f(x) = \(formula)")
        }
        print("several inputs (--at a,b; kinkcheck eval reglu --at 0,1.5):")
        for (name, params, inputs, sets, formula) in multiRows {
            let p = params.isEmpty ? "-" : params.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
            let k = sets.isEmpty ? "none" : sets.joined(separator: "; ")
            print(name.padded(to: width) + "  params: \(p)  non-smooth: \(k)  f(\(inputs.joined(separator: ", "))) = \(formula)")
        }
    }
}
