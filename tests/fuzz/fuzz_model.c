/*
 * fuzz_model.c - a libFuzzer target over the model-file loader: the input
 * is the file, loaded by both precisions. Invariants:
 *  - the status is one the header lists, the same for both precisions
 *    (but LB_ERR_NO_MEMORY), and on an error *net is untouched;
 *  - a file loaded in its own precision saves back byte for byte (so the
 *    loader accepts only what the writer writes); in the other precision
 *    it saves a file that loads to the same layers;
 *  - a loaded network of modest widths predicts a row without fault, a
 *    class in range.
 */
#include "fuzz_util.h"

#define FM_WIDE 4096

#define LB_DOUBLE 1
#include "fuzz_model.inc"
#define LB_DOUBLE 0
#include "fuzz_model.inc"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fu_write(0, data, size);
    bool f64 = size > 12 && data[12] == 0x0E, f32 = size > 12 && data[12] == 0x0D;
    lb_status sd = fm_check_d(path, data, size, f64);
    lb_status ss = fm_check_s(path, data, size, f32);
    FU_CHECK(sd == ss || sd == LB_ERR_NO_MEMORY || ss == LB_ERR_NO_MEMORY,
             "double loader says %d, float %d", sd, ss);
    return 0;
}
