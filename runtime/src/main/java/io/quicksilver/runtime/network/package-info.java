/**
 * Runtimes in several JVMs exchanging messages over Aeron: a gating consumer of the ring publishes network-filtered
 * messages to the peers, a subscription poller writes theirs into this runtime's ring (docs/network.md).
 */
package io.quicksilver.runtime.network;
