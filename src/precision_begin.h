/*
 * precision_begin.h - maps the generic names used by the *.inc kernel
 * sources onto one precision, so float and double come from one source.
 * Define LB_DOUBLE to 1 (double, suffix _d) or 0 (float, suffix _s) before
 * including it; precision_end.h undoes every name.
 *
 *   real      the element type
 *   LB_FN(f)  f_d or f_s: public and static names alike stay greppable
 *   CBLAS(f)  cblas_df or cblas_sf
 *   lb_expr   exp/expf; sums and losses are carried in double (acc_t)
 */
#if LB_DOUBLE
#define real double
#define LB_FN(name) name##_d
#define CBLAS(name) cblas_d##name
#define lb_expr exp
#else
#define real float
#define LB_FN(name) name##_s
#define CBLAS(name) cblas_s##name
#define lb_expr expf
#endif
