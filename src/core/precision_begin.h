/*
 * precision_begin.h - maps the generic names of a template onto one
 * precision, so float and double come from one source. The library's
 * *_tmpl.c files are built once per precision with LB_DOUBLE=1 (double,
 * suffix _d) or LB_DOUBLE=0 (float, suffix _s) on the command line (see
 * src/meson.build). A source that holds both precisions (the tests, the
 * benchmark) defines LB_DOUBLE before each inclusion of its per-precision
 * part and undoes every name with precision_end.h after it.
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
