/*
 * fuzz_checkpoint.c - a libFuzzer target over the checkpoint loader: the
 * input is the file, loaded by both precisions. Invariants:
 *  - the status is one the header lists, and on an error nothing of the
 *    caller's is written;
 *  - a checkpoint loaded in its own precision saves back byte for byte,
 *    with the generator and the caller's bytes it gave (so the loader
 *    accepts only what the writer writes);
 *  - a loaded network of modest widths with an optimizer takes a training
 *    step without fault, and so does the network loaded from the saved
 *    copy, to bitwise the same parameters.
 */
#include "fuzz_util.h"

#define FC_WIDE 1024
#define FC_USER 8192

#define LB_DOUBLE 1
#include "fuzz_checkpoint.inc"
#define LB_DOUBLE 0
#include "fuzz_checkpoint.inc"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fu_write(0, data, size);
    bool f64 = size > 12 && data[12] == 0x0E;
    lb_status sd = fc_check_d(path, data, size, f64);
    lb_status ss = fc_check_s(path, data, size, !f64);
    FU_CHECK(sd != LB_OK || ss != LB_OK, "both precisions load one file");
    return 0;
}
