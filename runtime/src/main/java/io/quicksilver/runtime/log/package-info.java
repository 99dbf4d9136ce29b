/**
 * What the runtime says about itself: notices once each through {@link java.lang.System.Logger}, and failures
 * counted per distinct error instead of printed one by one.
 */
package io.quicksilver.runtime.log;
