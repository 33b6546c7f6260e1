/*
 * consumer.cpp - the header from C++: it compiles as strict C++11 (one
 * extern "C" block, no C-only constructs) and links, and the enums and
 * structs work as C++ types. Built like consumer.c.
 */
#include <layerblas.h> // first, so the header has to stand on its own

#include <cstdio>
#include <vector>

int main()
{
    const std::vector<float> X = {-1.0f, 0.0f, 2.0f, -3.0f, 4.0f, 0.5f};
    const std::vector<float> want = {0.0f, 0.0f, 2.0f, 0.0f, 4.0f, 0.5f};
    std::vector<float> Y(X.size());
    lb_status st = lb_relu_forward_s(2, 3, X.data(), 3, Y.data(), 3);
    if (st != LB_OK) {
        std::fprintf(stderr, "lb_relu_forward_s: %s\n", lb_status_string(st));
        return 1;
    }
    if (Y != want) {
        std::fprintf(stderr, "ReLU of X is wrong\n");
        return 1;
    }
    lb_xent_opts opts = {}; // every option off, whatever fields it gains
    opts.reduction = LB_REDUCE_SUM;
    const int32_t labels[1] = {0};
    const double P[2] = {1.0, 0.0};
    double loss = -1.0;
    st = lb_xent_labels_forward_d(1, 2, P, 2, labels, &opts, &loss);
    if (st != LB_OK || loss != 0.0) {
        std::fprintf(stderr, "cross-entropy of a certain row: %s, %g\n",
                     lb_status_string(st), loss);
        return 1;
    }
    std::printf("layerblas %s with %s: C++ consumer ok\n", lb_get_version(),
                lb_get_blas_name());
    return 0;
}
