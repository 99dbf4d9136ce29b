/**
 * Quicksilver's public API: relay nodes, switch nodes, responders, messages with Mercury's methods, metadata and
 * filters, and the runtime that owns them.
 */
package io.quicksilver;
