#include <stdio.h>
#include <stdarg.h>
#include <time.h>
#include <gmp.h>
#include <mpfr.h>
#include "cmpfr_bench.h"

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

double cmpfr_bench_inplace(int op, long precision, long iterations) {
    mpfr_t x, y, seed;
    mpfr_inits2((mpfr_prec_t)precision, x, y, seed, (mpfr_ptr)0);
    // The same operands the Swift side uses: x0 = 1 + 1/3, y = 1 − 2^-20 (mul), 2^-30 (add).
    mpfr_set_ui(seed, 1, MPFR_RNDN);
    mpfr_div_ui(seed, seed, 3, MPFR_RNDN);
    mpfr_add_ui(seed, seed, 1, MPFR_RNDN);
    mpfr_set(x, seed, MPFR_RNDN);
    if (op == 0) { mpfr_set_ui(y, 1, MPFR_RNDN); mpfr_sub_d(y, y, 0x1p-20, MPFR_RNDN); }
    else { mpfr_set_d(y, 0x1p-30, MPFR_RNDN); }
    double start = now_ns();
    for (long i = 0; i < iterations; i++) {
        switch (op) {
        case 0: mpfr_mul(x, x, y, MPFR_RNDN); break;
        case 1: mpfr_add(x, x, y, MPFR_RNDN); break;
        default: mpfr_set(x, seed, MPFR_RNDN); mpfr_exp(x, x, MPFR_RNDN); break;
        }
    }
    double elapsed = now_ns() - start;
    volatile double sink = mpfr_get_d(x, MPFR_RNDN); (void)sink;
    mpfr_clears(x, y, seed, (mpfr_ptr)0);
    return elapsed / (double)iterations;
}
