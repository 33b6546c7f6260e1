/*
 * consumer.c - a program that uses layerblas as an application does, with
 * only the public header and the library: one affine forward checked
 * against numbers worked by hand. tests/meson.build builds it as strict
 * C99 against the build tree; tools/test-install against an installed
 * copy, with pkg-config and as a meson subproject (meson.build here).
 */
#include <layerblas.h> /* first, so the header has to stand on its own */

#include <stdio.h>

int main(void)
{
    /* X [2 x 3] . W [3 x 2] + b: small integers, exact in any order. */
    const double X[6] = {1, 2, 3, 4, 5, 6};
    const double W[6] = {1, 0, 0, 1, 1, 1};
    const double b[2] = {0.5, -0.5};
    const double want[4] = {4.5, 4.5, 10.5, 10.5};
    double Y[4];
    lb_status st = lb_affine_forward_d(2, 3, 2, X, 3, W, 2, b, Y, 2);
    if (st != LB_OK) {
        fprintf(stderr, "lb_affine_forward_d: %s\n", lb_status_string(st));
        return 1;
    }
    for (int i = 0; i < 4; i++)
        if (Y[i] != want[i]) {
            fprintf(stderr, "Y[%d] = %g, want %g\n", i, Y[i], want[i]);
            return 1;
        }
    printf("layerblas %s with %s: C consumer ok\n", lb_get_version(),
           lb_get_blas_name());
    return 0;
}
