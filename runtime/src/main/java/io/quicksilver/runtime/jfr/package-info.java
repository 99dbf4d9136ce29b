/**
 * JDK Flight Recorder events of the runtime ({@code io.quicksilver.*}), their allocation-free emitters and the shipped
 * {@code quicksilver.jfc} settings.
 */
package io.quicksilver.runtime.jfr;
