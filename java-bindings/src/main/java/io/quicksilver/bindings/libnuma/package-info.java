/**
 * Generated (jextract-shaped) FFM bindings to libnuma's numa.h and numaif.h: no logic; load through
 * {@link io.quicksilver.bindings.LibNuma}, never call directly (see native/jextract.sh).
 */
package io.quicksilver.bindings.libnuma;
