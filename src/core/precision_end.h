/* precision_end.h - undoes precision_begin.h (see there). */
#undef real
#undef LB_FN
#undef CBLAS
#undef lb_expr
#undef LB_DOUBLE
