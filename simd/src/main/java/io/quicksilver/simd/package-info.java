/**
 * Routing kernels that evaluate batches of messages against struct-of-arrays responder tables, with the Vector API
 * and with a scalar twin that produces identical delivery bitmasks.
 */
package io.quicksilver.simd;
