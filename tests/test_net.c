#include "testutil.h"
Suite *suite_net(void) { return suite_create("net"); }
