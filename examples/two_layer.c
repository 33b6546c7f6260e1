/*
 * two_layer.c - the tutorial's two-layer walk-through, one-to-one in C with
 * the layer objects: Affine -> Relu -> Affine -> Relu -> SoftmaxWithLoss,
 * forward then backward, printing the values the tutorial prints.
 *
 * Where it differs from the tutorial, it is the tutorial that rounds: its
 * dout is [[5.7e-52, 0]] because y - t cancels (1/(1 + e^-118) - 1 == 0 in
 * double); layerblas forms the gradient of the target from the other
 * classes and gets the exact [[5.7e-52, -5.7e-52]], and its loss
 * log1p(e^-118) = 5.7e-52 where the tutorial's log(y + 1e-7) gives -1e-7.
 */
#include <layerblas.h>

#include <stdio.h>
#include <stdlib.h>

static void print(const char *name, const double *a, size_t n)
{
    printf("%s : \n [[", name);
    for (size_t j = 0; j < n; j++)
        printf("%s%.8g", j ? " " : "", a[j]);
    printf("]]\n");
}

/* Runs one library call; on failure names it and leaves for the cleanup. */
#define STEP(call)                                                           \
    do {                                                                     \
        lb_status st_ = (call);                                              \
        if (st_ != LB_OK) {                                                  \
            fprintf(stderr, "two_layer: %s: %s\n", #call,                    \
                    lb_status_string(st_));                                  \
            goto done;                                                       \
        }                                                                    \
    } while (0)

int main(void)
{
    const double x[2] = {1, 2}, t[2] = {0, 1};
    const double w1[6] = {1, 3, 5, 2, 4, 6}, b1[3] = {1, 2, 3};
    const double w2[6] = {1, 4, 2, 5, 3, 6}, b2[2] = {1, 2};
    lb_affine_layer_d *affine1 = NULL, *affine2 = NULL;
    lb_relu_layer_d *relu1 = NULL, *relu2 = NULL;
    lb_softmax_xent_layer_d *softmax_with_loss = NULL;
    double *W, *b;
    double out1[3], relu_out1[3], out2[2], relu_out2[2], loss;
    double dout[2], relu_dout[2], dout1[3], relu_dout1[3], dx[2];
    int status = EXIT_FAILURE;

    STEP(lb_affine_layer_create_d(2, 3, &affine1));
    STEP(lb_affine_layer_create_d(3, 2, &affine2));
    STEP(lb_relu_layer_create_d(&relu1));
    STEP(lb_relu_layer_create_d(&relu2));
    STEP(lb_softmax_xent_layer_create_d(2, 1, NULL, &softmax_with_loss));
    STEP(lb_affine_layer_params_d(affine1, &W, &b, NULL, NULL));
    for (int i = 0; i < 6; i++) W[i] = w1[i];
    for (int i = 0; i < 3; i++) b[i] = b1[i];
    STEP(lb_affine_layer_params_d(affine2, &W, &b, NULL, NULL));
    for (int i = 0; i < 6; i++) W[i] = w2[i];
    for (int i = 0; i < 2; i++) b[i] = b2[i];

    /* forward */
    STEP(lb_affine_layer_forward_d(affine1, 1, x, 2, out1, 3));
    STEP(lb_relu_layer_forward_d(relu1, 1, 3, out1, 3, relu_out1, 3));
    STEP(lb_affine_layer_forward_d(affine2, 1, relu_out1, 3, out2, 2));
    STEP(lb_relu_layer_forward_d(relu2, 1, 2, out2, 2, relu_out2, 2));
    print("out", relu_out2, 2);
    STEP(lb_softmax_xent_layer_probs_forward_d(softmax_with_loss, 1,
                                               relu_out2, 2, t, 2, &loss));
    printf("loss : %.8g\n", loss);

    /* backward */
    STEP(lb_softmax_xent_layer_backward_d(softmax_with_loss, 1, dout, 2));
    print("dout", dout, 2);
    STEP(lb_relu_layer_backward_d(relu2, dout, 2, relu_dout, 2));
    print("relu_dout", relu_dout, 2);
    STEP(lb_affine_layer_backward_d(affine2, relu_dout, 2, dout1, 3));
    print("dout1", dout1, 3);
    STEP(lb_relu_layer_backward_d(relu1, dout1, 3, relu_dout1, 3));
    print("relu_dout1", relu_dout1, 3);
    STEP(lb_affine_layer_backward_d(affine1, relu_dout1, 3, dx, 2));
    print("dx", dx, 2);
    status = EXIT_SUCCESS;
done:
    lb_affine_layer_destroy_d(affine1);
    lb_affine_layer_destroy_d(affine2);
    lb_relu_layer_destroy_d(relu1);
    lb_relu_layer_destroy_d(relu2);
    lb_softmax_xent_layer_destroy_d(softmax_with_loss);
    return status;
}
