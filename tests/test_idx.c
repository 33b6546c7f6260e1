#include "testutil.h"
Suite *suite_idx(void) { return suite_create("idx"); }
