#ifndef KINKCHECK_CMPFR_SHIM_H
#define KINKCHECK_CMPFR_SHIM_H
// Order matters: mpfr.h only declares its FILE* and va_list functions when stdio.h and stdarg.h
// come first, and it needs gmp.h for mp_limb_t and friends.
#include <stdio.h>
#include <stdarg.h>
#include <gmp.h>
#include <mpfr.h>
#include <string.h>

// Macros that do not import into Swift, re-exposed as static inline functions.
static inline mpfr_prec_t cmpfr_prec_max(void) { return MPFR_PREC_MAX; }
/// Bytes of significand storage needed for precision p (MPFR's custom-interface size).
static inline size_t cmpfr_custom_size(mpfr_prec_t p) { return mpfr_custom_get_size(p); }
/// Initialises x (a caller-owned struct) as NaN over caller-owned limbs, without malloc.
static inline void cmpfr_custom_init_nan(mpfr_ptr x, mpfr_prec_t p, void *limbs) {
    mpfr_custom_init(limbs, p);
    mpfr_custom_init_set(x, MPFR_NAN_KIND, 0, p, limbs);
}
static inline int cmpfr_signbit(mpfr_srcptr x) { return mpfr_signbit(x) ? 1 : 0; }
static inline int cmpfr_is_nan(mpfr_srcptr x) { return mpfr_nan_p(x); }
static inline int cmpfr_is_inf(mpfr_srcptr x) { return mpfr_inf_p(x); }
static inline int cmpfr_is_zero(mpfr_srcptr x) { return mpfr_zero_p(x); }
static inline int cmpfr_is_regular(mpfr_srcptr x) { return mpfr_regular_p(x); }

// GMP's rationals (mpq_t), for exact values: GMP names its functions through macros
// (mpq_add is __gmpq_add), which Swift cannot import. Each wrapper is one GMP call.
static inline void cmpq_init(mpq_ptr q) { mpq_init(q); }
static inline void cmpq_clear(mpq_ptr q) { mpq_clear(q); }
static inline int cmpq_set_str(mpq_ptr q, const char *s) {
    int r = mpq_set_str(q, s, 10);
    if (r == 0) mpq_canonicalize(q);
    return r;
}
static inline void cmpq_add(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_add(r, a, b); }
static inline void cmpq_sub(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_sub(r, a, b); }
static inline void cmpq_mul(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_mul(r, a, b); }
static inline void cmpq_div(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_div(r, a, b); }
static inline void cmpq_neg(mpq_ptr r, mpq_srcptr a) { mpq_neg(r, a); }
static inline void cmpq_abs(mpq_ptr r, mpq_srcptr a) { mpq_abs(r, a); }
static inline int cmpq_cmp(mpq_srcptr a, mpq_srcptr b) { return mpq_cmp(a, b); }
static inline int cmpq_sgn(mpq_srcptr a) { return mpq_sgn(a); }
static inline int cmpq_equal(mpq_srcptr a, mpq_srcptr b) { return mpq_equal(a, b); }
/// Bits of the numerator's magnitude plus bits of the denominator: the size of the value.
static inline size_t cmpq_bits(mpq_srcptr a) {
    return mpz_sizeinbase(mpq_numref(a), 2) + mpz_sizeinbase(mpq_denref(a), 2);
}
/// True when the denominator is a power of two (the value is a dyadic rational).
static inline int cmpq_is_dyadic(mpq_srcptr a) { return mpz_popcount(mpq_denref(a)) == 1; }
/// The decimal form "n/d" (or "n" when d = 1), in a buffer the caller frees with cmpq_free_str.
static inline char *cmpq_get_str(mpq_srcptr a) { return mpq_get_str(NULL, 10, a); }
static inline void cmpq_free_str(char *s) {
    void (*freefunc)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &freefunc);
    freefunc(s, strlen(s) + 1);
}

#endif
