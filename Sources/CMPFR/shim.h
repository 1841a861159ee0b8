#ifndef KINKCHECK_CMPFR_SHIM_H
#define KINKCHECK_CMPFR_SHIM_H
// Order matters: mpfr.h only declares its FILE* and va_list functions when stdio.h and stdarg.h
// come first, and it needs gmp.h for mp_limb_t and friends.
#include <stdio.h>
#include <stdarg.h>
#include <gmp.h>
#include <mpfr.h>

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

#endif
