#include "testutil.h"
Suite *suite_affine(void) { return suite_create("affine"); }
