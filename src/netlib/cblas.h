/*
 * cblas.h - makes <cblas.h> mean the reference CBLAS when layerblas is
 * built with -Dblas=netlib on Debian, whose libblas-dev installs it as
 * cblas-netlib.h (the plain cblas.h there follows the libblas.so
 * alternative, usually OpenBLAS). Only that build puts this directory on
 * the include path.
 */
#include <cblas-netlib.h>
