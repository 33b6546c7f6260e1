#include "testutil.h"
Suite *suite_softmax(void) { return suite_create("softmax"); }
