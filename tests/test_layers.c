#include "testutil.h"
Suite *suite_layers(void) { return suite_create("layers"); }
