/* test_status.c - every status has its own sentence, unknown ones too. */
#include "testutil.h"

#include <string.h>

START_TEST(test_status_strings)
{
    for (int a = LB_OK; a <= LB_ERR_COMM; a++) {
        const char *sa = lb_status_string((lb_status)a);
        ck_assert_ptr_nonnull(sa);
        ck_assert_str_ne(sa, "unknown status");
        for (int b = LB_OK; b < a; b++)
            ck_assert_str_ne(sa, lb_status_string((lb_status)b));
    }
    ck_assert_str_eq(lb_status_string((lb_status)-1), "unknown status");
    ck_assert_str_eq(lb_status_string((lb_status)1000), "unknown status");
}
END_TEST

Suite *suite_status(void)
{
    Suite *s = suite_create("status");
    tcase_add_test(tu_tcase(s, "strings"), test_status_strings);
    return s;
}
