import CMPFR
#if os(Linux) && (arch(x86_64) || arch(arm64))
import Synchronization
#endif

/// One heap allocation per value: the MPFR header followed by its limbs (MPFR's custom interface).
///
/// The header's address is stable for the object's lifetime, so C calls receive it directly —
/// no exclusivity checks, and input and output may be the same storage.
@usableFromInline
final class MPFRStorage: ManagedBuffer<__mpfr_struct, mp_limb_t> {
    @inlinable
    var pointer: UnsafeMutablePointer<__mpfr_struct> {
        withUnsafeMutablePointerToHeader { $0 }
    }

    /// A NaN of precision `precision` (the caller sets its value).
    @usableFromInline
    static func make(precision: Int) -> MPFRStorage {
        let p = mpfr_prec_t(precision)
        let bytes = cmpfr_custom_size(p)
        let limbs = (bytes + MemoryLayout<mp_limb_t>.stride - 1) / MemoryLayout<mp_limb_t>.stride
        let buffer = MPFRStorage.create(minimumCapacity: Swift.max(limbs, 1)) { _ in __mpfr_struct() }
        let storage = unsafeDowncast(buffer, to: MPFRStorage.self)
        storage.withUnsafeMutablePointers { header, limbPointer in
            cmpfr_custom_init_nan(header, p, limbPointer)
        }
        return storage
    }

    /// A new storage holding the same value at the same precision.
    @usableFromInline
    func copy() -> MPFRStorage {
        let result = MPFRStorage.make(precision: Int(mpfr_get_prec(pointer)))
        mpfr_set(result.pointer, pointer, MPFR_RNDN)
        return result
    }
}

extension MPFRStorage {
    /// `isKnownUniquelyReferenced(&storage)`, without its cost in the common case.
    ///
    /// Every in-place operation asks this once, and the standard check is a call into the Swift
    /// runtime (through the PLT on Linux) costing about 2 ns, a quarter of a 53-bit `mpfr_add`.
    /// The fast path reads the object's inline reference-count word instead. Swift's native
    /// object header on 64-bit platforms is the metadata pointer followed by that word
    /// (`InlineRefCountBits`): bits 0–31 hold the unowned count and flags, bit 32 IsDeiniting,
    /// bits 33–62 the strong count beyond the first, bit 63 UseSlowRC (the count lives in a side
    /// table, as after a `weak` reference). So `word >> 32 == 0` means: one strong reference, not
    /// deinitialising, no side table — unique. Anything else takes the standard check. The
    /// ValueSemanticsTests (shared values are copied before a write) fail if the layout changes.
    ///
    /// The acquire fences cost nothing on x86-64 and give the load acquire ordering on arm64,
    /// as the runtime's check has; they are also side effects the optimizer must keep every
    /// retain on its side of, so a copy made before the check is counted by the check (a plain
    /// load would let ARC code motion sink that retain below it).
    @inlinable @inline(__always)
    static func isUnique(_ storage: inout MPFRStorage) -> Bool {
        #if os(Linux) && (arch(x86_64) || arch(arm64))
        atomicMemoryFence(ordering: .acquiring)
        let word = UnsafeRawPointer(Unmanaged.passUnretained(storage).toOpaque())
            .load(fromByteOffset: MemoryLayout<UnsafeRawPointer>.size, as: UInt64.self)
        atomicMemoryFence(ordering: .acquiring)
        if word >> 32 == 0 { return true }
        #endif
        return isKnownUniquelyReferenced(&storage)
    }
}
