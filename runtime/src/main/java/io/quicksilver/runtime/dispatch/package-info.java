/**
 * Dispatchers: the single-threaded one routes synchronously, depth first, in routing-table order (Mercury's meaning),
 * and is the reference the parallel dispatcher is checked against.
 */
package io.quicksilver.runtime.dispatch;
