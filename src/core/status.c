/* status.c - the sentences behind lb_status. */
#include "internal.h"

const char *lb_status_string(lb_status status)
{
    switch (status) {
    case LB_OK: return "success";
    case LB_ERR_NULL: return "a required pointer argument is NULL";
    case LB_ERR_SIZE: return "a size is zero or larger than the BLAS accepts";
    case LB_ERR_LD: return "a leading dimension is smaller than its row";
    case LB_ERR_LABEL: return "a class label is outside [0, number of classes)";
    case LB_ERR_ALIAS: return "an output buffer overlaps an argument it may not";
    case LB_ERR_ARG: return "an option or enum argument is invalid";
    case LB_ERR_NO_MEMORY: return "out of memory";
    case LB_ERR_NONFINITE: return "a value is NaN or infinite";
    case LB_ERR_IO: return "a file could not be opened, read or written";
    case LB_ERR_FORMAT: return "a file is truncated, foreign or inconsistent";
    case LB_ERR_UNSUPPORTED: return "this build does not support the request";
    }
    return "unknown status";
}
