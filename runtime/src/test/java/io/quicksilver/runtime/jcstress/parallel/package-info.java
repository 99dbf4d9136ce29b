/**
 * jcstress tests of the parallel dispatcher's partition hand-over and flush barrier, run by workers invoked on the
 * test's own actor threads.
 */
package io.quicksilver.runtime.jcstress.parallel;
