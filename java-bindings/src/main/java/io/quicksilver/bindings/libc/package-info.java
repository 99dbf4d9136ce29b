/**
 * Generated (jextract-shaped) FFM bindings to the libc scheduler, errno and dlfcn functions: no logic;
 * used through {@link io.quicksilver.bindings.LibC} (see native/jextract.sh).
 */
package io.quicksilver.bindings.libc;
