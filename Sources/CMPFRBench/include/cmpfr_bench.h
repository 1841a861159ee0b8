#ifndef KINKCHECK_CMPFR_BENCH_H
#define KINKCHECK_CMPFR_BENCH_H
#include <stdint.h>

/// Plain C baselines: `iterations` in-place MPFR operations at `precision` bits, as a C
/// programmer would write them. Returns nanoseconds per operation (CLOCK_MONOTONIC).
/// `op`: 0 = multiply (x ← x·y), 1 = add (x ← x + y), 2 = exp (x ← exp(x), reset each time).
double cmpfr_bench_inplace(int op, long precision, long iterations);

#endif
