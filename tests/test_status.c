/* test_status.c - every status has its own sentence, unknown ones too. */
#include "testutil.h"

#include <string.h>

START_TEST(test_status_strings)
{
    int bad = -1;
    for (int a = LB_OK; a <= LB_ERR_UNSUPPORTED; a++) {
        const char *sa = lb_status_string((lb_status)a);
        bool ok = sa && strcmp(sa, "unknown status") != 0;
        for (int b = LB_OK; ok && b < a; b++)
            ok = strcmp(sa, lb_status_string((lb_status)b)) != 0;
        bad = !ok && bad < 0 ? a : bad;
    }
    ck_assert_msg(bad < 0, "status %d: no sentence of its own", bad);
    ck_assert_str_eq(lb_status_string((lb_status)-1), "unknown status");
    ck_assert_str_eq(lb_status_string((lb_status)1000), "unknown status");
}
END_TEST

Suite *suite_status(void)
{
    Suite *s = tu_suite("status");
    tcase_add_test(tu_tcase(s, "strings"), test_status_strings);
    return s;
}
