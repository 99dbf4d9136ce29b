package io.quicksilver.numa.topology;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * An immutable, sorted set of small non-negative ids (CPU numbers or NUMA node numbers), printed and parsed in the
 * kernel's list format, {@code 0-3,8,10-11}, the format of {@code /sys/devices/system/cpu/online},
 * {@code cpulist} files and {@code taskset -c}.
 */
public final class IdSet
{
    /**
     * Largest id accepted by {@link #parse(String)}. Linux's NR_CPUS tops out at 8192; the bound stops a typo such as
     * {@code 0-4000000000} from allocating gigabytes.
     */
    public static final int MAX_ID = 65_535;

    private static final IdSet EMPTY = new IdSet(new int[0]);

    private final int[] ids;

    private IdSet(final int[] sortedUniqueIds)
    {
        this.ids = sortedUniqueIds;
    }

    /**
     * @return the empty set.
     */
    public static IdSet empty()
    {
        return EMPTY;
    }

    /**
     * @param ids ids in any order, duplicates allowed.
     * @return the set of those ids.
     * @throws IllegalArgumentException if an id is negative or above {@link #MAX_ID}.
     */
    public static IdSet of(final int... ids)
    {
        for (final int id : ids)
        {
            if (id < 0 || id > MAX_ID)
            {
                throw new IllegalArgumentException("id must be in 0.." + MAX_ID + ": id=" + id);
            }
        }
        final int[] sorted = IntStream.of(ids).sorted().distinct().toArray();
        return sorted.length == 0 ? EMPTY : new IdSet(sorted);
    }

    /**
     * Parses the kernel's list format: comma-separated ids and inclusive ranges {@code a-b}. Surrounding whitespace
     * (sysfs files end in a newline) is ignored and an empty string is the empty set, which is what a node with no
     * CPUs shows in its {@code cpulist}.
     *
     * @param text the list, e.g. {@code "0-3,8,10-11"}.
     * @return the set it denotes.
     * @throws IdListFormatException naming the offending part when the text is not in that format.
     */
    public static IdSet parse(final String text)
    {
        final String trimmed = text.strip();
        if (trimmed.isEmpty())
        {
            return EMPTY;
        }

        final IntStream.Builder builder = IntStream.builder();
        for (final String rawPart : trimmed.split(",", -1))
        {
            final String part = rawPart.strip();
            if (part.isEmpty())
            {
                throw new IdListFormatException(text, "empty entry between commas");
            }
            final int dash = part.indexOf('-', 1);
            if (dash < 0)
            {
                builder.add(parseId(text, part, part));
            }
            else
            {
                final int from = parseId(text, part, part.substring(0, dash).strip());
                final int to = parseId(text, part, part.substring(dash + 1).strip());
                if (from > to)
                {
                    throw new IdListFormatException(text, "range \"" + part + "\" runs backwards");
                }
                for (int id = from; id <= to; id++)
                {
                    builder.add(id);
                }
            }
        }
        return new IdSet(builder.build().sorted().distinct().toArray());
    }

    private static int parseId(final String text, final String part, final String digits)
    {
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9'))
        {
            final String what = digits.isEmpty() || digits.length() > 9 || part.equals(digits) ?
                "\"" + part + "\" is not a number or a range a-b" :
                "\"" + digits + "\" in \"" + part + "\" is not a number";
            throw new IdListFormatException(text, what);
        }
        final int id = Integer.parseInt(digits);
        if (id > MAX_ID)
        {
            throw new IdListFormatException(text, digits + " is above the largest id " + MAX_ID);
        }
        return id;
    }

    /**
     * @return how many ids the set holds.
     */
    public int size()
    {
        return ids.length;
    }

    /**
     * @return true when the set holds no id.
     */
    public boolean isEmpty()
    {
        return ids.length == 0;
    }

    /**
     * @param index position in ascending order, from 0.
     * @return the id at that position.
     */
    public int get(final int index)
    {
        return ids[index];
    }

    /**
     * @return the lowest id.
     * @throws IllegalStateException when the set is empty.
     */
    public int first()
    {
        if (ids.length == 0)
        {
            throw new IllegalStateException("empty set has no first id");
        }
        return ids[0];
    }

    /**
     * @param id an id.
     * @return true when the set holds it.
     */
    public boolean contains(final int id)
    {
        return Arrays.binarySearch(ids, id) >= 0;
    }

    /**
     * @param other another set.
     * @return true when every id of {@code other} is in this set.
     */
    public boolean containsAll(final IdSet other)
    {
        for (final int id : other.ids)
        {
            if (!contains(id))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param other another set.
     * @return ids in either set.
     */
    public IdSet union(final IdSet other)
    {
        return of(IntStream.concat(stream(), other.stream()).toArray());
    }

    /**
     * @param other another set.
     * @return ids in both sets.
     */
    public IdSet intersect(final IdSet other)
    {
        return of(stream().filter(other::contains).toArray());
    }

    /**
     * @param other another set.
     * @return ids of this set that are not in {@code other}.
     */
    public IdSet minus(final IdSet other)
    {
        return of(stream().filter(id -> !other.contains(id)).toArray());
    }

    /**
     * @return the ids in ascending order.
     */
    public IntStream stream()
    {
        return IntStream.of(ids);
    }

    /**
     * @return a fresh array of the ids in ascending order.
     */
    public int[] toArray()
    {
        return ids.clone();
    }

    /**
     * @return the set in the kernel's list format, e.g. {@code 0-3,8,10-11}; the empty set prints as an empty string.
     */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < ids.length)
        {
            int j = i;
            while (j + 1 < ids.length && ids[j + 1] == ids[j] + 1)
            {
                j++;
            }
            if (sb.length() > 0)
            {
                sb.append(',');
            }
            sb.append(ids[i]);
            if (j > i)
            {
                sb.append('-').append(ids[j]);
            }
            i = j + 1;
        }
        return sb.toString();
    }

    @Override
    public boolean equals(final Object o)
    {
        return this == o || (o instanceof IdSet other && Arrays.equals(ids, other.ids));
    }

    @Override
    public int hashCode()
    {
        return Arrays.hashCode(ids);
    }
}
