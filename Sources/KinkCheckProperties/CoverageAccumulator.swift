import BigFloat
import KinkCheck
import KinkCheckGeneration
import KinkCheckSupport
import BigFloat
import KinkCheck
import KinkCheckGeneration
import KinkCheckSupport

package struct CoverageAccumulator {
    package var hits: [Int]
    package init(kinkCount: Int) { hits = Array(repeating: 0, count: kinkCount * KinkCell.allCases.count) }

    package mutating func record(_ input: PropertyInput) {
        for v in input.values {
            if case .kink(let index, let side, let offset) = v.provenance, index * 5 + 4 < hits.count {
                hits[index * 5 + KinkCell(side: side, offset: offset.offsetClass).rawValue] += 1
            }
        }
    }

    package func report(format: NumberFormat, generator: InputGenerator, kinks: [KinkTarget]) -> [KinkCoverage] {
        kinks.indices.map { i in
            let reachable = Set(generator.reachableCells(ofKink: i))
            return KinkCoverage(format: format, kinkIndex: i, label: kinks[i].label,
                                cells: KinkCell.allCases.map { KinkCoverage.Cell(cell: $0, hits: hits[i * 5 + $0.rawValue], reachable: reachable.contains($0)) })
        }
    }
}
