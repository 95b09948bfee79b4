#ifndef SWPROF_CGRAPHVIZ_SHIM_H
#define SWPROF_CGRAPHVIZ_SHIM_H
#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>
#endif
