/**
 * JMH benchmarks of whole dispatch topologies (one-to-one, one-to-many, many-to-one, ping-pong) through the
 * Quicksilver runtime, with the Disruptor, JCTools, Agrona and Pekko doing the same work in the same run.
 */
package io.quicksilver.benchmarks.topology;
