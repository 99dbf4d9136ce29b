/**
 * Single- and multi-producer rings of off-heap message slots, multicast to gating consumers, with caller-chosen backpressure.
 */
package io.quicksilver.runtime.ring;
