/**
 * Test utility that records deliveries and checks per-pair FIFO, total order, causality, loss and duplication.
 */
package io.quicksilver.runtime.ordering;
