/*
 * scratch.h - a buffer of its own for each thread (scratch.c), for the GEMM
 * panels that are transposed before libxsmm multiplies them.
 */
#ifndef LB_SCRATCH_H
#define LB_SCRATCH_H

/* The size of every thread's buffer. */
#define LB_SCRATCH_BYTES ((size_t)1 << 20)

/* The calling thread's LB_SCRATCH_BYTES, 64-byte aligned: allocated on
 * its first call, the same buffer on every later one; NULL if that
 * allocation failed. */
void *lb_thread_scratch(void);

#endif /* LB_SCRATCH_H */
