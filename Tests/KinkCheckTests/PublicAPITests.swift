import Foundation
import Testing

/// The public surface is pinned: `api/public-api.txt` must equal the listing of the sources
/// (``PublicAPIListing``). After a deliberate change, regenerate it with
/// `KINKCHECK_UPDATE_API=1 swift test --filter PublicAPITests` and commit the file with the change.
@Suite struct PublicAPITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let pinned = root.appendingPathComponent("api/public-api.txt")

    @Test func thePublicSurfaceIsThePinnedOne() throws {
        let now = try PublicAPIListing.listing(sources: Self.root.appendingPathComponent("Sources")).joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["KINKCHECK_UPDATE_API"] == "1" {
            try now.write(to: Self.pinned, atomically: true, encoding: .utf8)
        }
        let pinned = (try? String(contentsOf: Self.pinned, encoding: .utf8)) ?? ""
        let added = Set(now.split(separator: "\n")).subtracting(pinned.split(separator: "\n")).sorted()
        let removed = Set(pinned.split(separator: "\n")).subtracting(now.split(separator: "\n")).sorted()
        #expect(added.isEmpty && removed.isEmpty && now == pinned, """
            The public API differs from api/public-api.txt (\(added.count) added, \(removed.count) removed). If the change \
            is deliberate: KINKCHECK_UPDATE_API=1 swift test --filter PublicAPITests
            \((added.map { "+ \($0)" } + removed.map { "- \($0)" }).prefix(40).joined(separator: "\n"))
            """)
    }

    /// The listing sees what it should: a declaration over several lines is one entry, nested
    /// types carry their path, comments and strings do not count, and code blocks are skipped.
    @Test func theListingReadsDeclarationsAsTheCompilerDoes() {
        let source = PublicAPIListing.code("""
            /// public struct NotThis {}
            public enum Outer {
                public struct Inner: Sendable {
                    public func f(a: Int,
                                  b: Int) -> Int { let s = "public var no = {"; return a + b }
                    package var hidden: Int
                    public var shown: Int { 1 }
                    public static let initial: [Int: String] = [1: "="]
                }
                static func g() { public_call() }
            }
            extension Outer.Inner { public init() { self.hidden = 0 } }
            """)
        let listed = PublicAPIListing.declarations(in: source).map { "\($0.scope) | \($0.text)" }
        #expect(listed == [" | public enum Outer", "Outer | public struct Inner: Sendable",
                           "Outer.Inner | public func f(a: Int, b: Int) -> Int", "Outer.Inner | public var shown: Int",
                           "Outer.Inner | public static let initial: [Int: String]",
                           "Inner | public init()"])
    }
}
