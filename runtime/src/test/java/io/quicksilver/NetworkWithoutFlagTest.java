package io.quicksilver;

import io.quicksilver.runtime.network.NetworkConfig;
import io.quicksilver.runtime.network.NetworkException;
import io.quicksilver.runtime.network.NetworkFlags;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs in the default test JVM, which lacks Aeron's flag: the runtime works without it, NETWORK messages are counted
 * and not sent, and asking for a network is an error that names the flag.
 */
class NetworkWithoutFlagTest
{
    @Test
    void shouldNameTheMissingFlagWhenANetworkIsAskedFor() throws ClassNotFoundException
    {
        assertFalse(NetworkFlags.hasExportMisc(
            Class.forName("org.agrona.UnsafeApi", false, getClass().getClassLoader()).getModule()),
            "the default test JVM must run without the network's flag");
        final NetworkException e = assertThrows(NetworkException.class, () -> Quicksilver.parallel().workers(1)
            .notices(NoticeHandler.silent()).network(NetworkConfig.ipc("alpha", 10)).build());
        assertTrue(e.getMessage().contains(NetworkFlags.EXPORT_MISC) && e.getMessage().contains("'alpha'"),
            e.getMessage());
    }

    @Test
    void shouldCountNetworkOnlySendsWithoutANetwork()
    {
        try (Quicksilver qs = Quicksilver.parallel().workers(1).notices(NoticeHandler.silent()).build())
        {
            final int[] got = new int[1];
            final RelayNode root = qs.createNode("root");
            root.addResponder(message -> got[0]++);
            qs.applyChanges();
            assertTrue(root.sendInt(Method.FIRST_APPLICATION_METHOD, 7,
                Metadata.DEFAULT.withNetwork(NetworkFilter.NETWORK)));
            root.sendInt(Method.FIRST_APPLICATION_METHOD, 8);
            qs.flush();
            assertEquals(1, got[0], "the NETWORK message is not delivered here");
            assertEquals(1, qs.networkOnlySends());
            assertEquals(null, qs.network());
        }
    }
}
