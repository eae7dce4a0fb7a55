#include "changedplugin.h"
