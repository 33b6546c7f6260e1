#include "testutil.h"
Suite *suite_xent(void) { return suite_create("xent"); }
