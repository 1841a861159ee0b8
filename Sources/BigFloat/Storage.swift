import CMPFR

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
