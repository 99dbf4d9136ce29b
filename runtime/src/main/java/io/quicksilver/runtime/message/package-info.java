/**
 * The message slot layout, its payload types, and the in-place writer and flyweight view every producer and receiver use.
 */
package io.quicksilver.runtime.message;
