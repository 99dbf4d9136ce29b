package io.quicksilver.runtime.journal;

import io.quicksilver.Level;
import io.quicksilver.Method;
import io.quicksilver.runtime.message.MessageLayout;
import io.quicksilver.runtime.message.PayloadType;

import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * {@code ./quicksilver journal DIR [--dump] [--from N] [--to N]}: a journal's range (first and last sequence, message
 * count, time span, size on disk, hierarchy records) and, with {@code --dump}, its messages in Mercury's terms:
 * sequence, sender path, method, filters, payload decoded by its type. Chronicle Queue's own dump tool shows the same
 * bytes as documents.
 */
public final class JournalTool
{
    /** Sender field of a control message and of a skipped send (ParallelDispatcher's). */
    private static final int CONTROL_SENDER = -2;
    private static final int SKIP_SENDER = -3;

    private JournalTool()
    {
    }

    /**
     * @param args DIR, then {@code --dump}, {@code --from N}, {@code --to N}.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * @param args as {@link #main}.
     * @param out  where the report goes.
     * @param err  where errors go.
     * @return the exit status: 0, 1 for a journal that cannot be read, 2 for a bad command line.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        Path dir = null;
        boolean dump = false;
        long from = 0;
        long to = Long.MAX_VALUE;
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                switch (args[i])
                {
                    case "--dump" -> dump = true;
                    case "--from" -> from = Long.parseLong(args[++i]);
                    case "--to" -> to = Long.parseLong(args[++i]);
                    default ->
                    {
                        if (args[i].startsWith("--") || dir != null)
                        {
                            throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                        }
                        dir = Path.of(args[i]);
                    }
                }
            }
            if (dir == null)
            {
                throw new IllegalArgumentException("no journal directory given");
            }
        }
        catch (final IllegalArgumentException | ArrayIndexOutOfBoundsException e)
        {
            err.println("quicksilver journal: " + (e instanceof ArrayIndexOutOfBoundsException ?
                "--from and --to need a sequence" : e.getMessage()));
            err.println("usage: ./quicksilver journal DIR [--dump] [--from SEQUENCE] [--to SEQUENCE]");
            return 2;
        }
        try (JournalReader reader = JournalReader.open(dir, notice -> err.println(notice)))
        {
            final JournalReader.JournalRange range = reader.range();
            final TreeMap<Long, String[]> names = new TreeMap<>();
            reader.read(0, Long.MAX_VALUE, null, (sequence, description) -> names.put(sequence, nodeNames(description)));
            out.println("journal " + reader.directory());
            if (range.count() == 0)
            {
                out.println("  no messages");
            }
            else
            {
                out.println("  sequences  " + range.firstSequence() + ".." + range.lastSequence() + " (" +
                    range.count() + " messages)");
                out.println("  appended   " + Instant.ofEpochMilli(range.firstAppendMillis()) + " .. " +
                    Instant.ofEpochMilli(range.lastAppendMillis()) + " (" +
                    Duration.ofMillis(range.lastAppendMillis() - range.firstAppendMillis()) + ")");
            }
            out.println("  on disk    " + range.bytesOnDisk() + " bytes");
            out.println("  hierarchy  " + names.size() + " record(s)" + (names.isEmpty() ? "" : " at " +
                names.keySet()));
            if (dump)
            {
                final StringBuilder line = new StringBuilder(256);
                reader.read(from, to, (sequence, time, message, length) ->
                {
                    final Map.Entry<Long, String[]> entry = names.floorEntry(sequence);
                    line.setLength(0);
                    describe(sequence, message, length, entry == null ? new String[0] : entry.getValue(), line);
                    out.println(line);
                });
            }
            return 0;
        }
        catch (final JournalException e)
        {
            err.println("quicksilver journal: " + e.getMessage());
            return 1;
        }
    }

    /** Each node id's path (its first parent's path, then its name) from a hierarchy record. */
    static String[] nodeNames(final String description)
    {
        final List<String> names = new ArrayList<>();
        final Map<Integer, Integer> parent = new HashMap<>();
        for (final String line : description.split("\n"))
        {
            if (!line.startsWith("node "))
            {
                continue;
            }
            final int id = Integer.parseInt(line.substring(5, line.indexOf(line.contains(" '") ? " '" : ":")));
            final int open = line.indexOf(" '");
            final int close = line.indexOf("': parents [");
            names.add(open < 0 || close < 0 ? "#" + id : line.substring(open + 2, close));
            if (close >= 0)
            {
                final String parents = line.substring(close + "': parents [".length(), line.indexOf(']', close));
                if (!parents.isEmpty())
                {
                    parent.put(id, Integer.parseInt(parents.split(", ")[0]));
                }
            }
        }
        final String[] paths = new String[names.size()];
        for (int id = 0; id < paths.length; id++)
        {
            final StringBuilder path = new StringBuilder(names.get(id));
            Integer up = parent.get(id);
            for (int depth = 0; up != null && up < names.size() && depth < paths.length; depth++)
            {
                path.insert(0, names.get(up) + "/");
                up = parent.get(up);
            }
            paths[id] = path.toString();
        }
        return paths;
    }

    static void describe(
        final long sequence, final MemorySegment m, final int length, final String[] paths, final StringBuilder out)
    {
        final int sender = m.get(JAVA_INT_UNALIGNED, MessageLayout.SENDER_NODE_ID_OFFSET);
        out.append(sequence).append("  ");
        if (sender == CONTROL_SENDER)
        {
            out.append("control (hierarchy layout)");
            return;
        }
        if (sender == SKIP_SENDER)
        {
            out.append("skip (a send abandoned after its claim)");
            return;
        }
        out.append(sender >= 0 && sender < paths.length ? paths[sender] : "node " + sender)
            .append("  ").append(Method.toString(m.get(JAVA_INT_UNALIGNED, MessageLayout.METHOD_OFFSET)))
            .append("  level ").append(Level.toString(m.get(JAVA_INT_UNALIGNED, MessageLayout.LEVEL_FILTER_OFFSET)))
            .append(" tags 0x").append(Long.toHexString(m.get(JAVA_LONG_UNALIGNED, MessageLayout.TAG_MASK_OFFSET)))
            .append(" active ").append(m.get(JAVA_BYTE, MessageLayout.ACTIVE_FILTER_OFFSET))
            .append(" selected ").append(m.get(JAVA_BYTE, MessageLayout.SELECTED_FILTER_OFFSET))
            .append(" network ").append(m.get(JAVA_BYTE, MessageLayout.NETWORK_FILTER_OFFSET));
        final int causal = m.get(JAVA_INT_UNALIGNED, MessageLayout.CAUSAL_SENDER_OFFSET);
        if (causal != MessageLayout.NO_CAUSAL_SENDER)
        {
            out.append(" reaction of ").append(causal >= 0 && causal < paths.length ? paths[causal] : "node " + causal);
        }
        out.append("  ");
        payload(m, length - MessageLayout.HEADER_LENGTH, out);
    }

    private static void payload(final MemorySegment m, final int length, final StringBuilder out)
    {
        final long p = MessageLayout.PAYLOAD_OFFSET;
        final PayloadType type;
        try
        {
            type = PayloadType.fromCode(m.get(JAVA_BYTE, MessageLayout.PAYLOAD_TYPE_OFFSET));
        }
        catch (final IllegalArgumentException e)
        {
            out.append("payload of unknown type ").append(m.get(JAVA_BYTE, MessageLayout.PAYLOAD_TYPE_OFFSET));
            return;
        }
        out.append(type.name().toLowerCase(Locale.ROOT));
        switch (type)
        {
            case NONE -> { }
            case BOOL -> out.append(' ').append(m.get(JAVA_BYTE, p) != 0);
            case INT -> out.append(' ').append(m.get(JAVA_INT_UNALIGNED, p));
            case FLOAT -> out.append(' ').append(m.get(JAVA_FLOAT_UNALIGNED, p));
            case STRING -> out.append(" \"").append(new String(m.asSlice(p, length).toArray(JAVA_BYTE),
                StandardCharsets.UTF_8)).append('"');
            case VECTOR3, VECTOR4, QUATERNION, TRANSFORM ->
            {
                out.append(" (");
                for (int i = 0; i < length / Float.BYTES; i++)
                {
                    out.append(i > 0 ? ", " : "").append(m.get(JAVA_FLOAT_UNALIGNED, p + (long)i * Float.BYTES));
                }
                out.append(')');
            }
            default ->
            {
                if (type == PayloadType.CUSTOM)
                {
                    out.append(" schema ").append(m.get(JAVA_SHORT_UNALIGNED, MessageLayout.PAYLOAD_SCHEMA_OFFSET));
                }
                out.append(' ').append(length).append(" bytes");
                for (int i = 0; i < Math.min(length, 16); i++)
                {
                    out.append(i == 0 ? " " : "").append(String.format("%02x", m.get(JAVA_BYTE, p + i) & 0xFF));
                }
                out.append(length > 16 ? "..." : "");
            }
        }
    }
}
